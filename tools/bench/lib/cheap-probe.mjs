// The sign-in benchmark's probe (c): one signed-in user's cheap request, in a process of its
// own. A real user's requests do not wait for the callbacks of the load generator that plays the
// other users; in the benchmark's own process they did. Plain JavaScript, so it starts in ~50 ms
// without a compiler.
//
//   node cheap-probe.mjs <base url> <cookie> <milliseconds> [<requests per second> | closed]
//
// Paced (the default, 100/s): GET /api/shell/session at random (Poisson) moments, whether or not
// earlier requests have been answered — the way independent users' requests arrive, so a slow
// answer cannot hold back the requests due meanwhile ("coordinated omission"). Each latency runs
// from the moment the request was sent: this process's timers fire up to ~1 ms late, which would
// add the same constant to idle and flood and flatter their ratio; how late they fired is
// reported on its own (`lateMs`). `closed`: one request after the
// other as fast as they are answered — which is itself a load of several hundred requests a
// second on the server, and measured the probe's own contention as much as the flood's.
//
// Prints `ready` once warmed up, waits for a line on stdin, runs for the given time, then prints
// one JSON line `{ "latencies": [ms, …], "failed": n, "lateMs": p95 of how late sends were }`.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const [base, cookie, msText, rateText = '100'] = process.argv.slice(2);
const ms = Number(msText);
const closed = rateText === 'closed';
const rate = closed ? 0 : Number(rateText);
if (!base || !cookie || !(ms > 0) || (!closed && !(rate > 0 && rate <= 5000))) {
  console.error('usage: node cheap-probe.mjs <base url> <cookie> <milliseconds> [<requests per second ≤ 5000> | closed]');
  process.exit(2);
}
const MAX_ITERATIONS = 1_000_000;
// Paced requests may overlap when the server is slow: enough sockets that they never queue here.
const agent = new Agent({ keepAlive: true, maxSockets: closed ? 1 : 32 });

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

const sleep = (t) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t)));
const warmUntil = performance.now() + 500;
while (performance.now() < warmUntil) await once();
console.log('ready');
const stdin = createInterface({ input: process.stdin });
await new Promise((resolve) => stdin.once('line', resolve));
stdin.close();

const latencies = [];
const late = [];
let failed = 0;
const start = performance.now();
const deadline = start + ms;
if (closed) {
  for (let i = 0; i < MAX_ITERATIONS && performance.now() < deadline; i++) {
    const t = performance.now();
    if (!(await once())) failed++;
    latencies.push(performance.now() - t);
  }
} else {
  const pending = [];
  let due = start;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    due += (-Math.log(1 - Math.random()) * 1000) / rate; // exponential gaps: a Poisson process
    if (due >= deadline) break;
    await sleep(due - performance.now());
    const sent = performance.now();
    late.push(sent - due);
    pending.push(
      once().then(
        (ok) => {
          if (!ok) failed++;
          latencies.push(performance.now() - sent);
        },
        () => failed++,
      ),
    );
  }
  await Promise.all(pending);
}
late.sort((a, b) => a - b);
const lateMs = late.length ? late[Math.ceil(0.95 * late.length) - 1] : 0;
console.log(JSON.stringify({ latencies, failed, lateMs }));
agent.destroy();
