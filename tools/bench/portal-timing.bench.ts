/**
 * Portal account-enumeration timing benchmark (docs/benchmarks.md, "Portal timing").
 *
 * The portal replies to sign-in, Forgot Password and Activate now with the same page whether
 * the account exists or not; this checks that the *response time* does not tell either.
 *
 * Starts a workbench in this process on a fresh PostgreSQL database on 127.0.0.1:5432 (dropped
 * afterwards) or, with --db=pglite, on a fresh embedded database in a temp folder (removed
 * afterwards), with the job runner on and a test SMTP server (so queued e-mails really go out
 * meanwhile, as in production); inserts N portal users who have a password (one real argon2id
 * hash, set on every row); then, for `--tries` tries of each of six cases, shuffled together in
 * one random order, measures one real form POST (urlencoded, with the CSRF token and session
 * cookie from an untimed GET of the page by a fresh browser-like client):
 *
 *   (a) sign-in: existing e-mail + wrong password   vs  unknown e-mail
 *   (b) Forgot Password: existing e-mail            vs  unknown e-mail
 *   (c) Activate now: existing e-mail               vs  unknown e-mail (creates a pending account)
 *
 * The sign-in throttle table is emptied before each sign-in try (untimed): 400 failures from
 * 127.0.0.1 would otherwise be delayed by the per-IP rule, which is not what is measured here.
 *
 * Reports p50 / p95 / max per case and the median difference per pair. Target: |Δ median| < 5 ms.
 *
 * Options: --db=postgres|pglite (postgres); --users=N (1,000); --tries=T (200);
 * --database-url=… (or BENCH_DATABASE_URL; must be 127.0.0.1); --jobs=false (no job runner).
 */
import { createBenchDatabase } from './lib/bench-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Argon2PasswordHasher } from '@portico/auth';
import { startWorkbench, type RunningWorkbench } from '../../apps/workbench/src/node/index';
import { startTestSmtpServer } from '../../packages/mail/src/testing/index';

// ── options ─────────────────────────────────────────────────────────────────────────────────
const argv = new Map(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const [k, v = 'true'] = a.slice(2).split('=');
    return [k!, v];
  }),
);
const backend = (argv.get('db') ?? 'postgres') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--db must be postgres or pglite');
const userCount = Number(argv.get('users') ?? 1_000);
const tries = Number(argv.get('tries') ?? 200);
const jobs = argv.get('jobs') !== 'false';
const serverUrl = argv.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
for (const n of [userCount, tries]) if (!Number.isInteger(n) || n <= 0) throw new Error('numeric options must be positive integers');
if (backend === 'postgres' && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)) {
  throw new Error(`the benchmark only talks to a local server; ${new URL(serverUrl).hostname} is not 127.0.0.1`);
}
const BASE = '/portal/applicant';
const TARGET_MS = 5;

// ── helpers ─────────────────────────────────────────────────────────────────────────────────
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) ?? NaN };
}
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** A fresh browser without JavaScript: GETs the page (cookie + `_csrf`), then POSTs the form (timed). */
async function formPost(baseUrl: string, pagePath: string, form: Record<string, string>): Promise<{ ms: number; status: number; text: string }> {
  const shown = await fetch(new URL(pagePath, baseUrl), { headers: { accept: 'text/html' }, redirect: 'manual' });
  const html = await shown.text();
  if (shown.status !== 200) throw new Error(`GET ${pagePath} → ${shown.status}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no _csrf on ${pagePath}`);
  const cookie = shown.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({ _csrf: csrf, ...form }).toString();
  const t0 = performance.now();
  const res = await fetch(new URL(pagePath, baseUrl), {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  return { ms: performance.now() - t0, status: res.status, text };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────
const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-portal-timing-'));
const dbName = `portico_bench_portal_timing_${process.pid}`;
const smtp = await startTestSmtpServer();
const env: Record<string, string> = {
  LOG_LEVEL: 'silent', PORTICO_DATA_DIR: dataDir, PORTICO_JOBS: String(jobs), HOST: '127.0.0.1',
  PORTICO_PLUGINS: '@portico/plugin-security,@portico/plugin-portal,@portico/plugin-system',
  SMTP_URL: smtp.url, MAIL_FROM: 'Portico <no-reply@portico.test>',
  PORTAL_LOCK_THRESHOLD: '1000', // wrong passwords must not lock the existing accounts meanwhile
};
const benchDb = backend === 'postgres' ? await createBenchDatabase(serverUrl, dbName) : undefined;
Object.assign(env, benchDb?.env);

let running: RunningWorkbench | undefined;
let failed = false;
try {
  running = await startWorkbench({ env, port: 0 });
  const handle = running.workbench.db;
  const exec = async <T = Record<string, unknown>>(text: string): Promise<T[]> => {
    const r = (await (handle.db as unknown as { execute(q: string): Promise<unknown> }).execute(text)) as unknown;
    return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
  };
  const [version] = await exec('select version() as v');
  console.log(`# Portal timing benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`);
  console.log(`database: ${backend} — ${String(version?.v).split(',')[0]}; ${userCount.toLocaleString('en')} portal users with a password; ${tries} tries a case; job runner ${jobs ? 'on' : 'off'}`);

  // ── N existing users, each with a password ─────────────────────────────────────────────────
  const password = 'correct-horse-battery-staple-42';
  const hash = (await new Argon2PasswordHasher().hash(password)).replace(/'/g, "''");
  await exec(`
    insert into portal_users (email, display_name, password_hash, email_verified_at, created_by_name)
    select 'existing.' || g || '@example.org', 'Existing User ' || g, '${hash}', now(), 'Bench'
    from generate_series(1, ${userCount}) g`);
  await exec('analyze portal_users');
  const existing = () => `existing.${1 + Math.floor(Math.random() * userCount)}@example.org`;
  let unknownN = 0;
  const unknown = () => `unknown.${process.pid}.${++unknownN}.${Math.random().toString(36).slice(2, 8)}@example.org`;

  type Case = { pair: string; label: 'existing' | 'unknown'; run: () => Promise<{ ms: number; status: number; text: string }>; expect: number };
  const cases: Case[] = [
    { pair: '(a) sign-in, wrong password', label: 'existing', expect: 401, run: () => formPost(running!.url, `${BASE}/sign-in`, { identifier: existing(), password: 'wrong-password-of-some-length' }) },
    { pair: '(a) sign-in, wrong password', label: 'unknown', expect: 401, run: () => formPost(running!.url, `${BASE}/sign-in`, { identifier: unknown(), password: 'wrong-password-of-some-length' }) },
    { pair: '(b) Forgot Password', label: 'existing', expect: 200, run: () => formPost(running!.url, `${BASE}/forgot-password`, { identifier: existing() }) },
    { pair: '(b) Forgot Password', label: 'unknown', expect: 200, run: () => formPost(running!.url, `${BASE}/forgot-password`, { identifier: unknown() }) },
    { pair: '(c) Activate now', label: 'existing', expect: 200, run: () => formPost(running!.url, `${BASE}/activate-now`, { email: existing() }) },
    { pair: '(c) Activate now', label: 'unknown', expect: 200, run: () => formPost(running!.url, `${BASE}/activate-now`, { email: unknown() }) },
  ];

  // warm-up: a few of each (JIT, prepared statements, pools), not counted
  for (const c of cases) for (let i = 0; i < 5; i++) {
    if (c.pair.startsWith('(a)')) await exec('delete from auth_throttle');
    await c.run();
  }

  const order = shuffle(cases.flatMap((c) => Array.from({ length: tries }, () => c)));
  const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
  const t0 = performance.now();
  for (const c of order) {
    if (c.pair.startsWith('(a)')) await exec('delete from auth_throttle');
    const r = await c.run();
    if (r.status !== c.expect) throw new Error(`${c.pair} ${c.label}: status ${r.status}, expected ${c.expect}: ${r.text.slice(0, 300)}`);
    times.get(c)!.push(r.ms);
  }
  const elapsed = (performance.now() - t0) / 1000;

  console.log();
  console.log(`## ${order.length} form posts in ${elapsed.toFixed(1)} s, one random order — ms`);
  console.log();
  console.log('| pair | existing p50 | existing p95 | existing max | unknown p50 | unknown p95 | unknown max | Δ median (existing − unknown) | target < 5 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (let i = 0; i < cases.length; i += 2) {
    const e = stats(times.get(cases[i]!)!), u = stats(times.get(cases[i + 1]!)!);
    const delta = e.p50 - u.p50;
    const met = Math.abs(delta) < TARGET_MS;
    if (!met) failed = true;
    console.log(`| ${cases[i]!.pair} | ${f1(e.p50)} | ${f1(e.p95)} | ${f1(e.max)} | ${f1(u.p50)} | ${f1(u.p95)} | ${f1(u.max)} | ${delta >= 0 ? '+' : ''}${f1(delta)} | ${met ? 'MET' : 'MISSED'} |`);
  }
  await new Promise((r) => setTimeout(r, 500));
  console.log();
  console.log(`e-mails received by the test SMTP server: ${smtp.messages.length}`);
} finally {
  await running?.stop().catch((e) => console.error('stop failed', e));
  await smtp.stop().catch(() => undefined);
  await benchDb?.drop().catch((e: unknown) => console.error('drop failed', e));
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) console.log('\nat least one pair MISSED the target');
