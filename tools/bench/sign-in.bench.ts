/**
 * Sign-in benchmark (docs/benchmarks.md).
 *
 * Starts a real workbench (`portico start` in a child process, so the server has its own
 * event loop and libuv thread pool, as in production) on a fresh PostgreSQL database on
 * 127.0.0.1:5432 (dropped afterwards) or, with --db=pglite, on a fresh embedded database; creates
 * the first administrator through the first-run link and N staff users through the API; then
 * measures:
 *
 *   (a) raw argon2id verifies/s in this process, same parameters and concurrency levels, same
 *       default thread pool (UV_THREADPOOL_SIZE unset = 4) — the ceiling for (b);
 *   (b) sign-ins/s with 8 and 16 concurrent clients, each iteration a fresh browser-like client:
 *       GET /api/shell/session (cookie + CSRF token) → POST /api/security/sign-in;
 *   (c) p50/p95 latency of a cheap authenticated request (GET /api/shell/session with a
 *       signed-in cookie), idle and while (b) floods the server.
 *
 * Targets (from the issue): sign-ins/s ≥ 90 % of raw verifies/s; (c) p95 under flood ≤ 2× idle.
 *
 * Options: --db=postgres|pglite (postgres), --users=N (32), --concurrency=8,16, --seconds=S per
 * phase (8), --database-url=postgres://postgres@127.0.0.1:5432/postgres (or BENCH_DATABASE_URL),
 * --profile-server=DIR (a V8 CPU profile of the server process, for chrome://inspect or speedscope).
 * Every loop is bounded by time and by an iteration cap; every connection goes to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Argon2PasswordHasher } from '@portico/auth';

// ── options ─────────────────────────────────────────────────────────────────────────────────
const argv = new Map(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const [k, v = 'true'] = a.slice(2).split('=');
    return [k!, v];
  }),
);
const backend = (argv.get('db') ?? 'postgres') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--db must be postgres or pglite');
const userCount = Number(argv.get('users') ?? 32);
const levels = (argv.get('concurrency') ?? '8,16').split(',').map(Number);
const seconds = Number(argv.get('seconds') ?? 8);
const serverUrl = argv.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const profileDir = argv.get('profile-server'); // write a V8 CPU profile of the server process here
const MAX_ITERATIONS = 1_000_000; // per loop: a hard bound besides the clock
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

for (const n of [userCount, seconds, ...levels]) if (!Number.isFinite(n) || n <= 0) throw new Error('numeric options must be positive');
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
function cpuMs(pid: number | 'postgres' | 'self'): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const of = (p: string) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
    } catch {
      return 0; // exited meanwhile
    }
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

/** A browser-like client: a cookie jar and the session's CSRF token. */
class Client {
  private cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}
  async send(path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (init.method && init.method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, { method: init.method ?? 'GET', headers, body: init.json === undefined ? null : JSON.stringify(init.json) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('portico.sid='));
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }
  /** GET session (cookie + token) → POST sign-in; true on 200. */
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
  const appDir = join(root, 'apps/workbench');
  const env: Record<string, string | undefined> = { ...process.env, ...dbEnv, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' };
  delete env.PORTICO_PLUGINS; // the default plugins
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
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
async function main(): Promise<void> {
  const ms = seconds * 1000;
  const pool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
  console.log(`sign-in benchmark: ${backend}, ${userCount} users, concurrency ${levels.join('/')}, ${seconds} s per phase`);
  console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, UV_THREADPOOL_SIZE ${pool}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine skew every number)\n`);

  // (a) raw argon2id verify, before the server starts (nothing else competes for the cores).
  const hasher = new Argon2PasswordHasher();
  const pw = password();
  const encoded = await hasher.hash(pw);
  const verifyOnce = async () => hasher.verify(encoded, pw);
  await closedLoop(4, 1000, verifyOnce); // warm-up
  const raw = new Map<number, { perSecond: number; cpuPerOp?: number }>();
  for (const c of levels) {
    const cpu0 = cpuMs('self');
    const r = await closedLoop(c, ms, verifyOnce);
    const cpu1 = cpuMs('self');
    if (r.failed) throw new Error('argon2 verify failed');
    const cpuPerOp = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / r.ok : undefined;
    raw.set(c, { perSecond: r.perSecond, ...(cpuPerOp !== undefined ? { cpuPerOp } : {}) });
    console.log(`  (a) argon2id verify ×${c}: ${r.perSecond.toFixed(1)}/s${cpuPerOp !== undefined ? `, ${cpuPerOp.toFixed(1)} ms CPU each` : ''}`);
  }

  const dbEnv = await freshDatabase();
  const server = await startServer(dbEnv);
  console.log(`  workbench at ${server.url} (pid ${server.child.pid})`);

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

  // (c) idle: one signed-in client, sequential cheap requests.
  const probe = new Client(server.url);
  if (!(await probe.signIn(users[0]!.email, users[0]!.password))) throw new Error('probe sign-in failed');
  const cheap = async () => {
    const res = await probe.send('/api/shell/session');
    const body = (await res.json()) as { user: unknown };
    return res.status === 200 && body.user !== null;
  };
  await closedLoop(1, 1000, cheap); // warm-up
  const idle = await closedLoop(1, ms, cheap);
  if (idle.failed) throw new Error(`${idle.failed} idle probe requests failed`);
  const idleStats = stats(idle.latencies);
  console.log(`  (c) idle GET /api/shell/session: p50 ${idleStats.p50.toFixed(2)} ms, p95 ${idleStats.p95.toFixed(2)} ms (${idleStats.n} requests)`);

  // (b) sign-in floods, with (c) measured during the last (highest) level.
  let next = 0;
  const signInTask = async () => {
    const u = users[next++ % users.length]!;
    return new Client(server.url).signIn(u.email, u.password);
  };
  await closedLoop(Math.min(...levels), 1500, signInTask); // warm-up (JIT, pools)
  const flood = new Map<number, Awaited<ReturnType<typeof closedLoop>>>();
  /** CPU ms per sign-in: the workbench process (event loop + argon2 threads), PostgreSQL, this load generator. */
  const cpuPerSignIn = new Map<number, { server: number; postgres: number; client: number } | undefined>();
  let underFlood: ReturnType<typeof stats> | undefined;
  let probeFailures = 0;
  for (const [i, c] of levels.entries()) {
    const last = i === levels.length - 1;
    const before = [cpuMs(server.child.pid!), cpuMs('postgres'), cpuMs('self')];
    const [r, p] = await Promise.all([closedLoop(c, ms, signInTask), last ? closedLoop(1, ms, cheap) : undefined]);
    const after = [cpuMs(server.child.pid!), cpuMs('postgres'), cpuMs('self')];
    flood.set(c, r);
    // The probe's requests (last level) are few next to the sign-ins; they are counted in.
    cpuPerSignIn.set(c, before.every((x) => x !== undefined) && r.ok ? {
      server: (after[0]! - before[0]!) / r.ok,
      postgres: backend === 'postgres' ? (after[1]! - before[1]!) / r.ok : 0,
      client: (after[2]! - before[2]!) / r.ok,
    } : undefined);
    if (p) {
      underFlood = stats(p.latencies);
      probeFailures = p.failed;
    }
    console.log(`  (b) sign-ins ×${c}: ${r.perSecond.toFixed(1)}/s (${r.failed} failed), latency p50 ${stats(r.latencies).p50.toFixed(0)} ms, p95 ${stats(r.latencies).p95.toFixed(0)} ms`);
  }

  // ── report ──
  const rows: string[][] = [['measure', ...levels.map((c) => `×${c}`)]];
  rows.push(['(a) argon2id verifies/s (raw)', ...levels.map((c) => raw.get(c)!.perSecond.toFixed(1))]);
  rows.push(['(b) sign-ins/s', ...levels.map((c) => flood.get(c)!.perSecond.toFixed(1))]);
  rows.push(['(b) failed sign-ins', ...levels.map((c) => String(flood.get(c)!.failed))]);
  rows.push(['(b) sign-in p50 / p95 ms', ...levels.map((c) => `${stats(flood.get(c)!.latencies).p50.toFixed(0)} / ${stats(flood.get(c)!.latencies).p95.toFixed(0)}`)]);
  const cpuCell = (c: number, k: 'server' | 'postgres' | 'client') => cpuPerSignIn.get(c)?.[k].toFixed(1) ?? 'n/a';
  rows.push(['(a) CPU ms per verify', ...levels.map((c) => raw.get(c)!.cpuPerOp?.toFixed(1) ?? 'n/a')]);
  rows.push(['(b) CPU ms per sign-in: workbench', ...levels.map((c) => cpuCell(c, 'server'))]);
  if (backend === 'postgres') rows.push(['(b) CPU ms per sign-in: PostgreSQL', ...levels.map((c) => cpuCell(c, 'postgres'))]);
  rows.push(['(b) CPU ms per sign-in: load generator', ...levels.map((c) => cpuCell(c, 'client'))]);
  rows.push(['(b)/(a) ratio', ...levels.map((c) => `${((flood.get(c)!.perSecond / raw.get(c)!.perSecond) * 100).toFixed(0)} %`)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(rows[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.slice(1).map(line).join('\n')}`);

  const top = levels.at(-1)!;
  const u = underFlood!;
  console.log(`\n| (c) GET /api/shell/session (signed in) | requests | p50 ms | p95 ms | p99 ms | max ms |`);
  console.log(`|---|---|---|---|---|---|`);
  console.log(`| idle | ${idleStats.n} | ${idleStats.p50.toFixed(2)} | ${idleStats.p95.toFixed(2)} | ${idleStats.p99.toFixed(2)} | ${idleStats.max.toFixed(2)} |`);
  console.log(`| during ×${top} sign-in flood | ${u.n} | ${u.p50.toFixed(2)} | ${u.p95.toFixed(2)} | ${u.p99.toFixed(2)} | ${u.max.toFixed(2)} |`);
  if (probeFailures) console.log(`  (${probeFailures} probe requests failed under flood)`);

  const ratio = Math.min(...levels.map((c) => flood.get(c)!.perSecond / raw.get(c)!.perSecond));
  const factor = u.p95 / idleStats.p95;
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`targets:`);
  console.log(`  sign-ins/s ≥ 90 % of raw argon2id verifies/s: ${ratio >= 0.9 ? 'MET' : 'NOT MET'} (lowest ratio ${(ratio * 100).toFixed(0)} %)`);
  console.log(`  cheap request p95 under flood ≤ 2× idle:       ${factor <= 2 ? 'MET' : 'NOT MET'} (${factor.toFixed(1)}×: ${u.p95.toFixed(1)} ms vs ${idleStats.p95.toFixed(1)} ms)`);
}

try {
  await main();
} finally {
  await cleanup();
}
