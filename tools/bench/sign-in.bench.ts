/**
 * Sign-in benchmark (docs/benchmarks.md).
 *
 * Starts a real workbench (`portico start` in a child process, so the server has its own
 * event loop and libuv thread pool, as in production) on a fresh PostgreSQL database on
 * 127.0.0.1:5432 (dropped afterwards) or, with --db=pglite, on a fresh embedded database; creates
 * the first administrator through the first-run link and N staff users through the API; then
 * measures:
 *
 *   (a) raw argon2id verifies/s in this process: the workbench's own hasher (same parameters,
 *       same worker-thread cap of cores − 1), at each concurrency level, measured right before
 *       that level's sign-ins with the server idle — the ceiling for (b);
 *   (b) sign-ins/s with 8 and 16 concurrent clients, each iteration a fresh browser-like client:
 *       GET /api/shell/session (visitor CSRF cookie + token) → POST /api/security/sign-in;
 *   (c) p50/p95 latency of a cheap authenticated request (GET /api/shell/session with a
 *       signed-in cookie), idle and, in a phase of its own, while the highest level of (b) floods;
 *       from a probe process that sends it at Poisson-random moments (100/s by default: a steady
 *       trickle of independent users) and, for comparison with earlier runs, as a closed loop
 *       (one request after the other, which is itself a load of several hundred requests/s).
 *
 * Both (a) and (b) also report the argon2id thread itself (the busiest thread of the process that
 * hashes): its user and system CPU per verify and the share of the phase it ran. Their two
 * quotients split a ratio below 100 % into its causes: the thread ran less (other threads took
 * its core) or each verify cost more (system time, caches).
 *
 * All of it runs in alternating rounds (raw, sign-ins, raw, sign-ins, …; idle, flood, …) and the
 * report gives medians: a VM's core speed drifts by ±10 % within minutes, more than the margins
 * the targets leave.
 *
 * Targets (from the issue): sign-ins/s ≥ 90 % of raw verifies/s; (c) p95 under flood ≤ 2× idle.
 *
 * Options: --db=postgres|pglite (postgres), --users=N (32), --concurrency=8,16, --rounds=N (3),
 * --seconds=S per phase (5), --database-url=postgres://postgres@127.0.0.1:5432/postgres (or BENCH_DATABASE_URL),
 * --probe=100,closed (the probe's modes; the first is judged against the target),
 * --workbench-root=DIR (measure the workbench of another checkout with this benchmark),
 * --profile-server=DIR (a V8 CPU profile of the server process, for chrome://inspect or speedscope),
 * --server-node-args="--flag …" (extra Node/V8 options for the server process, to compare runtime settings).
 * Every loop is bounded by time and by an iteration cap; every connection goes to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Argon2PasswordHasher } from '@portico/auth';

// ── options ─────────────────────────────────────────────────────────────────────────────────
const argv = new Map(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const eq = a.indexOf('=');
    return eq < 0 ? [a.slice(2), 'true'] : [a.slice(2, eq), a.slice(eq + 1)]; // the value may hold '=' itself
  }),
);
const backend = (argv.get('db') ?? 'postgres') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--db must be postgres or pglite');
const userCount = Number(argv.get('users') ?? 32);
const levels = (argv.get('concurrency') ?? '8,16').split(',').map(Number);
const seconds = Number(argv.get('seconds') ?? 5);
const rounds = Number(argv.get('rounds') ?? 3);
const serverUrl = argv.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** (c)'s probe modes: requests per second (paced, Poisson arrivals) or `closed`; the first is judged against the target. */
const probeModes = (argv.get('probe') ?? '100,closed').split(',');
for (const mode of probeModes) if (mode !== 'closed' && !(Number(mode) > 0)) throw new Error('--probe takes requests per second or `closed`, comma-separated');
const modeLabel = (mode: string) => (mode === 'closed' ? 'closed loop, one request at a time' : `paced, ${mode} requests/s`);
const profileDir = argv.get('profile-server'); // write a V8 CPU profile of the server process here
const serverNodeArgs = (argv.get('server-node-args') ?? '').split(' ').filter(Boolean);
const MAX_ITERATIONS = 1_000_000; // per loop: a hard bound besides the clock
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The checkout whose workbench is measured (--workbench-root: another one, e.g. a `git worktree` of an older commit, to compare two commits back to back on a drifting machine). */
const workbenchRoot = resolve(argv.get('workbench-root') ?? root);

for (const n of [userCount, seconds, rounds, ...levels]) if (!Number.isFinite(n) || n <= 0) throw new Error('numeric options must be positive');
if (backend === 'postgres' && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)) {
  throw new Error(`the benchmark only talks to a local server; ${new URL(serverUrl).hostname} is not 127.0.0.1`);
}

// ── small helpers ───────────────────────────────────────────────────────────────────────────
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const password = () => `bench-${randomBytes(12).toString('base64url')}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
};

/**
 * CPU time (user + system, ms) used so far by a process and all its threads, from /proc (Linux;
 * undefined elsewhere). `postgres` sums every process named postgres (the server's backends).
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux
/** User and system CPU ms of `/proc/<path>/stat` (a process or a thread); zero when it has exited meanwhile. */
function statTimes(path: string): { user: number; sys: number } {
  try {
    const stat = readFileSync(`/proc/${path}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * TICK_MS, sys: Number(f[12]) * TICK_MS }; // utime, stime
  } catch {
    return { user: 0, sys: 0 };
  }
}
function cpuMs(pid: number | `${number}/task/${number}` | 'postgres' | 'self'): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const of = (p: string) => {
    const t = statTimes(p);
    return t.user + t.sys;
  };
  if (pid !== 'postgres') return of(pid === 'self' ? 'self' : String(pid));
  let sum = 0;
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'postgres') sum += of(p);
    } catch {
      /* gone */
    }
  }
  return sum;
}

/** User and system CPU ms of each thread of a process, by thread id, from /proc (Linux; empty elsewhere). */
function threadTimes(pid: number | 'self'): Map<string, { user: number; sys: number }> {
  const times = new Map<string, { user: number; sys: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times;
  }
  for (const tid of tids) times.set(tid, statTimes(`${pid}/task/${tid}`));
  return times;
}

/**
 * The busiest thread between two {@link threadTimes} snapshots — during a hashing phase, the
 * argon2id thread: its user and system CPU ms and the share of the phase it ran.
 */
function busiestThread(before: Map<string, { user: number; sys: number }>, after: Map<string, { user: number; sys: number }>, wallMs: number): { user: number; sys: number; share: number } | undefined {
  let best: { user: number; sys: number } | undefined;
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { user: 0, sys: 0 };
    const d = { user: a.user - b.user, sys: a.sys - b.sys };
    if (!best || d.user + d.sys > best.user + best.sys) best = d;
  }
  return best && { ...best, share: (best.user + best.sys) / wallMs };
}

/** `workers` loops running `task` until `ms` have passed (or the iteration cap); ops/s and latencies. */
async function closedLoop(workers: number, ms: number, task: (worker: number) => Promise<boolean>): Promise<{ ok: number; failed: number; perSecond: number; latencies: number[] }> {
  let ok = 0, failed = 0, iterations = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < deadline && iterations++ < MAX_ITERATIONS) {
        const t = performance.now();
        if (await task(w)) ok++;
        else failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { ok, failed, perSecond: ok / elapsed, latencies };
}

/**
 * The load generator's HTTP: node:http on keep-alive connections rather than fetch, whose
 * per-request CPU (undici, WHATWG streams) was ~3–4 ms per sign-in on the same 2 cores as the
 * server — load-generator overhead, not the system under test.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
interface Reply {
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}
function send(base: string, path: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; setCookie: string[]; body: string }> {
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(base + path, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveReply({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A browser-like client: a cookie jar and the session's CSRF token. */
class Client {
  private readonly jar = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}
  /** The Cookie header this client sends. */
  get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async send(path: string, init: { method?: string; json?: unknown } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = this.cookie;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (init.method && init.method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await send(this.base, path, init.method ?? 'GET', headers, init.json === undefined ? undefined : JSON.stringify(init.json));
    for (const set of res.setCookie) {
      const pair = set.split(';')[0]!;
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, json: async () => JSON.parse(res.body) as unknown, text: async () => res.body };
  }
  /** GET session (visitor cookie + token) → POST sign-in; true on 200. */
  async signIn(email: string, pw: string): Promise<boolean> {
    const session = await this.send('/api/shell/session');
    this.csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    const res = await this.send('/api/security/sign-in', { method: 'POST', json: { email, password: pw } });
    if (res.status !== 200) {
      await res.text();
      return false;
    }
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return true;
  }
}

/**
 * (c)'s probe: one signed-in user's closed loop of GET /api/shell/session in a process of its own
 * (lib/cheap-probe.mjs), so that its latencies do not include this load generator's queue.
 * `alongside` starts when the probe does (the flood); both are awaited.
 */
async function probeInOwnProcess(base: string, cookie: string, ms: number, alongside: (() => Promise<unknown>) | undefined, rate: string): Promise<{ latencies: number[]; failed: number; lateMs?: number }> {
  const child = spawn(process.execPath, [join(root, 'tools/bench/lib/cheap-probe.mjs'), base, cookie, String(ms), rate], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the probe exited with ${await exited}`);
    return line.value;
  };
  if ((await nextLine()) !== 'ready') throw new Error('the probe did not start');
  child.stdin!.write('go\n');
  const [result] = await Promise.all([nextLine(), alongside?.()]);
  await exited;
  return JSON.parse(result) as { latencies: number[]; failed: number; lateMs?: number };
}

// ── database and server ─────────────────────────────────────────────────────────────────────
const cleanups: Array<() => Promise<void>> = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e: unknown) => console.error('cleanup:', e));
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

async function freshDatabase(): Promise<Record<string, string>> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { PORTICO_DATA_DIR: dir };
  }
  const name = `portico_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(36).toString('base64url') };
}

/** `portico start` in a child process; resolves with its URL and the first-run setup token. */
async function startServer(dbEnv: Record<string, string>): Promise<{ url: string; setupToken: string; child: ChildProcess }> {
  const appDir = join(workbenchRoot, 'apps/workbench');
  const env: Record<string, string | undefined> = { ...process.env, ...dbEnv, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' };
  delete env.PORTICO_PLUGINS; // the default plugins
  const nodeArgs = [...serverNodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [])];
  const child = spawn(process.execPath, [...nodeArgs, join(appDir, 'bin/portico.mjs'), 'start'], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  });
  let out = '';
  child.stderr!.on('data', (d) => process.stderr.write(d));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`workbench did not start within 120 s:\n${out}`)), 120_000);
    child.on('exit', (code) => reject(new Error(`workbench exited with ${code}:\n${out}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Portico workbench: (http:\/\/\S+)/.exec(out)?.[1];
      const token = /\/setup\?token=([\w-]+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        const u = new URL(url);
        u.hostname = '127.0.0.1';
        resolveStart({ url: u.origin, setupToken: token, child });
      }
    });
  });
}

// ── the benchmark ───────────────────────────────────────────────────────────────────────────
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const ms = seconds * 1000;
  console.log(`sign-in benchmark: ${backend}, ${userCount} users, concurrency ${levels.join('/')}, ${rounds} rounds of ${seconds} s phases`);
  console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine skew every number)\n`);

  // (a) raw argon2id verify: the workbench's own hasher (worker threads, cores − 1) in this
  // process, measured right before each sign-in phase with the server idle, so that both see the
  // same machine: a VM core's speed drifts by ±10 % over minutes, so every figure below is the
  // median over alternating rounds.
  const hasher = new Argon2PasswordHasher();
  const pw = password();
  const encoded = await hasher.hash(pw);
  const verifyOnce = async () => hasher.verify(encoded, pw);
  await closedLoop(4, 1000, verifyOnce); // warm-up

  const dbEnv = await freshDatabase();
  const server = await startServer(dbEnv);
  console.log(`  workbench of ${workbenchRoot} at ${server.url} (pid ${server.child.pid})`);

  // First administrator through the setup link, then N staff users through the API.
  const admin = new Client(server.url);
  const adminPw = password();
  const adminEmail = 'bench-admin@example.org';
  admin.csrf = ((await (await admin.send('/api/shell/session')).json()) as { csrfToken: string }).csrfToken;
  const setup = await admin.send('/api/security/setup', { method: 'POST', json: { token: server.setupToken, name: 'Bench Admin', email: adminEmail, password: adminPw } });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  if (!(await admin.signIn(adminEmail, adminPw))) throw new Error('admin sign-in failed');
  const users: Array<{ email: string; password: string }> = [];
  for (let i = 0; i < userCount; i++) {
    const u = { name: `Bench User ${i}`, email: `bench-${i}@example.org`, password: password() };
    const res = await admin.send('/api/security/staff-users', { method: 'POST', json: u });
    if (res.status !== 201) throw new Error(`creating user ${i}: ${res.status} ${await res.text()}`);
    users.push(u);
  }
  console.log(`  created ${userCount} staff users`);

  const probe = new Client(server.url);
  if (!(await probe.signIn(users[0]!.email, users[0]!.password))) throw new Error('probe sign-in failed');
  let next = 0;
  const signInTask = async () => {
    const u = users[next++ % users.length]!;
    return new Client(server.url).signIn(u.email, u.password);
  };
  await closedLoop(Math.max(...levels), 3000, signInTask); // warm-up (JIT, pools, each connection's prepared statements)
  await probeInOwnProcess(server.url, probe.cookie, 1500, undefined, 'closed'); // warm-up of the cheap request's path

  /** The argon2id thread per verify (user, system CPU ms) and the share of the phase it ran, in (a) and in (b). */
  interface HashThread { user: number; sys: number; share: number }
  /** Per level, one entry per round. CPU ms per sign-in: workbench (event loop + argon2 threads), PostgreSQL, this load generator. */
  interface Round { raw: number; rawCpu?: number; hashThread?: { raw: HashThread; signIns: HashThread }; signIns: Awaited<ReturnType<typeof closedLoop>>; cpu?: { server: number; eventLoop: number; postgres: number; client: number } }
  const byLevel = new Map<number, Round[]>(levels.map((c) => [c, []]));
  /** (c) per probe mode, per round: idle and flood latencies, the flood's sign-ins/s, the probe's timer lateness (p95 ms). */
  interface LatencyRound { idle: ReturnType<typeof stats>; flood: ReturnType<typeof stats>; failed: number; floodSignIns: number; late: [number, number]; idleCpu?: { eventLoop: number; postgres: number } }
  const latencyRounds = new Map<string, LatencyRound[]>(probeModes.map((mode) => [mode, []]));
  const top = Math.max(...levels);

  for (let round = 1; round <= rounds; round++) {
    for (const c of levels) {
      // (a) then (b), back to back.
      const cpu0 = cpuMs('self');
      const rawThreads0 = threadTimes('self');
      const rawStarted = performance.now();
      const rawRun = await closedLoop(c, ms, verifyOnce);
      const rawHashThread = busiestThread(rawThreads0, threadTimes('self'), performance.now() - rawStarted);
      const cpu1 = cpuMs('self');
      if (rawRun.failed) throw new Error('argon2 verify failed');
      const mainThread = `${server.child.pid!}/task/${server.child.pid!}` as const;
      const before = [cpuMs(server.child.pid!), cpuMs('postgres'), cpuMs('self'), cpuMs(mainThread)];
      const serverThreads0 = threadTimes(server.child.pid!);
      const signInsStarted = performance.now();
      const r = await closedLoop(c, ms, signInTask);
      const serverHashThread = busiestThread(serverThreads0, threadTimes(server.child.pid!), performance.now() - signInsStarted);
      const after = [cpuMs(server.child.pid!), cpuMs('postgres'), cpuMs('self'), cpuMs(mainThread)];
      byLevel.get(c)!.push({
        raw: rawRun.perSecond,
        ...(cpu0 !== undefined && cpu1 !== undefined ? { rawCpu: (cpu1 - cpu0) / rawRun.ok } : {}),
        ...(rawHashThread && serverHashThread && r.ok ? { hashThread: {
          raw: { user: rawHashThread.user / rawRun.ok, sys: rawHashThread.sys / rawRun.ok, share: rawHashThread.share },
          signIns: { user: serverHashThread.user / r.ok, sys: serverHashThread.sys / r.ok, share: serverHashThread.share },
        } } : {}),
        signIns: r,
        ...(before.every((x) => x !== undefined) && r.ok ? { cpu: {
          server: (after[0]! - before[0]!) / r.ok,
          eventLoop: (after[3]! - before[3]!) / r.ok,
          postgres: backend === 'postgres' ? (after[1]! - before[1]!) / r.ok : 0,
          client: (after[2]! - before[2]!) / r.ok,
        } } : {}),
      });
      console.log(`  round ${round} ×${c}: raw ${rawRun.perSecond.toFixed(1)}/s, sign-ins ${r.perSecond.toFixed(1)}/s (${r.failed} failed) = ${((r.perSecond / rawRun.perSecond) * 100).toFixed(0)} %`);
    }
    // (c) the cheap request idle, then while the highest level floods (a phase of its own, so
    // the probe's requests do not count against (b)); per probe mode.
    for (const mode of probeModes) {
      const mainThread = `${server.child.pid!}/task/${server.child.pid!}` as const;
      const cpuBefore = [cpuMs(mainThread), cpuMs('postgres')];
      const idle = await probeInOwnProcess(server.url, probe.cookie, ms, undefined, mode);
      const cpuAfter = [cpuMs(mainThread), cpuMs('postgres')];
      if (idle.failed) throw new Error(`${idle.failed} idle probe requests failed`);
      let flood: Awaited<ReturnType<typeof closedLoop>> | undefined;
      const p = await probeInOwnProcess(server.url, probe.cookie, ms, async () => (flood = await closedLoop(top, ms, signInTask)), mode);
      latencyRounds.get(mode)!.push({
        idle: stats(idle.latencies), flood: stats(p.latencies), failed: p.failed, floodSignIns: flood!.perSecond,
        late: [idle.lateMs ?? 0, p.lateMs ?? 0],
        ...(cpuBefore.every((x) => x !== undefined) ? { idleCpu: { eventLoop: (cpuAfter[0]! - cpuBefore[0]!) / idle.latencies.length, postgres: (cpuAfter[1]! - cpuBefore[1]!) / idle.latencies.length } } : {}),
      });
      console.log(`  round ${round} cheap request (${modeLabel(mode)}) p95: idle ${stats(idle.latencies).p95.toFixed(2)} ms, under ×${top} flood ${stats(p.latencies).p95.toFixed(2)} ms (flood ${flood!.perSecond.toFixed(1)} sign-ins/s)`);
    }
  }

  // ── report (medians over rounds) ──
  const m = (c: number, f: (r: Round) => number | undefined) => {
    const xs = byLevel.get(c)!.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const fmt = (x: number | undefined, digits = 1) => (x === undefined ? 'n/a' : x.toFixed(digits));
  const ratioOf = (c: number) => m(c, (r) => r.signIns.perSecond / r.raw)!;
  const rows: string[][] = [['measure (median of rounds)', ...levels.map((c) => `×${c}`)]];
  rows.push(['(a) argon2id verifies/s (raw)', ...levels.map((c) => fmt(m(c, (r) => r.raw)))]);
  rows.push(['(b) sign-ins/s', ...levels.map((c) => fmt(m(c, (r) => r.signIns.perSecond)))]);
  rows.push(['(b) failed sign-ins (all rounds)', ...levels.map((c) => String(byLevel.get(c)!.reduce((n, r) => n + r.signIns.failed, 0)))]);
  rows.push(['(b) sign-in p50 / p95 ms', ...levels.map((c) => `${fmt(m(c, (r) => stats(r.signIns.latencies).p50), 0)} / ${fmt(m(c, (r) => stats(r.signIns.latencies).p95), 0)}`)]);
  rows.push(['(a) CPU ms per verify', ...levels.map((c) => fmt(m(c, (r) => r.rawCpu)))]);
  const hashRow = (label: string, phase: 'raw' | 'signIns') => rows.push([label, ...levels.map((c) => {
    const user = m(c, (r) => r.hashThread?.[phase].user), sys = m(c, (r) => r.hashThread?.[phase].sys), share = m(c, (r) => r.hashThread?.[phase].share);
    return user === undefined || sys === undefined || share === undefined ? 'n/a' : `${fmt(user)} + ${fmt(sys)}; ${(share * 100).toFixed(0)} %`;
  })]);
  hashRow('(a) argon2id thread: user + sys ms per verify; busy', 'raw');
  hashRow('(b) argon2id thread: user + sys ms per sign-in; busy', 'signIns');
  rows.push(['(b) CPU ms per sign-in: workbench', ...levels.map((c) => fmt(m(c, (r) => r.cpu?.server)))]);
  rows.push(['(b) … of which its event-loop thread', ...levels.map((c) => fmt(m(c, (r) => r.cpu?.eventLoop)))]);
  if (backend === 'postgres') rows.push(['(b) CPU ms per sign-in: PostgreSQL', ...levels.map((c) => fmt(m(c, (r) => r.cpu?.postgres)))]);
  rows.push(['(b) CPU ms per sign-in: load generator', ...levels.map((c) => fmt(m(c, (r) => r.cpu?.client)))]);
  rows.push(['(b)/(a) ratio (per-round ratios: median; lowest)', ...levels.map((c) => `${(ratioOf(c) * 100).toFixed(0)} %; ${(Math.min(...byLevel.get(c)!.map((r) => r.signIns.perSecond / r.raw)) * 100).toFixed(0)} %`)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(rows[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.slice(1).map(line).join('\n')}`);

  for (const [mode, rs] of latencyRounds) {
    console.log(`\n| (c) GET /api/shell/session (signed in), ${modeLabel(mode)} | round | requests | p50 ms | p95 ms | p99 ms | max ms |`);
    console.log(`|---|---|---|---|---|---|---|`);
    for (const [i, l] of rs.entries()) {
      for (const [label, st] of [['idle', l.idle], [`during ×${top} sign-in flood (${l.floodSignIns.toFixed(0)}/s)`, l.flood]] as const) {
        console.log(`| ${label} | ${i + 1} | ${st.n} | ${st.p50.toFixed(2)} | ${st.p95.toFixed(2)} | ${st.p99.toFixed(2)} | ${st.max.toFixed(2)} |`);
      }
    }
    const idleCpu = rs.flatMap((l) => (l.idleCpu ? [l.idleCpu] : []));
    if (idleCpu.length) {
      console.log(`  CPU ms per idle request (median of rounds): event loop ${median(idleCpu.map((c) => c.eventLoop)).toFixed(2)}, PostgreSQL ${median(idleCpu.map((c) => c.postgres)).toFixed(2)}`);
    }
    if (mode !== 'closed') console.log(`  the probe's sends, p95 of how late they left (idle / flood, median of rounds): ${median(rs.map((l) => l.late[0])).toFixed(2)} / ${median(rs.map((l) => l.late[1])).toFixed(2)} ms`);
    const probeFailures = rs.reduce((n, l) => n + l.failed, 0);
    if (probeFailures) console.log(`  (${probeFailures} probe requests failed under flood)`);
  }

  const ratio = Math.min(...levels.map(ratioOf));
  const judged = latencyRounds.get(probeModes[0]!)!;
  const idleP95 = median(judged.map((l) => l.idle.p95));
  const floodP95 = median(judged.map((l) => l.flood.p95));
  const factor = median(judged.map((l) => l.flood.p95 / l.idle.p95));
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`targets (medians over ${rounds} rounds):`);
  console.log(`  sign-ins/s ≥ 90 % of raw argon2id verifies/s: ${ratio >= 0.9 ? 'MET' : 'NOT MET'} (lowest level's median ratio ${(ratio * 100).toFixed(0)} %)`);
  console.log(`  cheap request p95 under flood ≤ 2× idle:       ${factor <= 2 ? 'MET' : 'NOT MET'} (${factor.toFixed(1)}×; median p95 ${floodP95.toFixed(1)} ms under flood vs ${idleP95.toFixed(1)} ms idle; ${modeLabel(probeModes[0]!)})`);
}

try {
  await main();
} finally {
  await cleanup();
}
