// The sign-in benchmark's probe (c): one signed-in user repeating a cheap request, in a process
// of its own. A real user's requests do not wait for the callbacks of the load generator that
// plays the other users; in the benchmark's own process they did. Plain JavaScript, so it starts
// in ~50 ms without a compiler.
//
//   node cheap-probe.mjs <base url> <cookie> <milliseconds>
//
// Prints `ready` once warmed up, waits for a line on stdin, runs a closed loop of
// GET /api/shell/session for the given time, then prints one JSON line
// `{ "latencies": [ms, …], "failed": n }` and exits.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const [base, cookie, msText] = process.argv.slice(2);
const ms = Number(msText);
if (!base || !cookie || !(ms > 0)) {
  console.error('usage: node cheap-probe.mjs <base url> <cookie> <milliseconds>');
  process.exit(2);
}
const MAX_ITERATIONS = 1_000_000;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET; true when the answer is 200 with a signed-in user. */
function once() {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/shell/session`, { headers: { cookie }, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 && JSON.parse(text).user !== null);
        } catch {
          resolve(false);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const warmUntil = performance.now() + 500;
while (performance.now() < warmUntil) await once();
console.log('ready');
const stdin = createInterface({ input: process.stdin });
await new Promise((resolve) => stdin.once('line', resolve));
stdin.close();

const latencies = [];
let failed = 0;
const deadline = performance.now() + ms;
for (let i = 0; i < MAX_ITERATIONS && performance.now() < deadline; i++) {
  const t = performance.now();
  if (!(await once())) failed++;
  latencies.push(performance.now() - t);
}
console.log(JSON.stringify({ latencies, failed }));
agent.destroy();
