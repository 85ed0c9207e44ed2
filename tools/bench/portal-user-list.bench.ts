/**
 * Portal User list benchmark (docs/benchmarks.md, "Portal User list").
 *
 * Starts a workbench in this process (so the service can also be timed without HTTP) on a
 * fresh PostgreSQL database on 127.0.0.1:5432 (dropped afterwards) or, with --db=pglite, on a
 * fresh embedded database in a temp folder (removed afterwards); creates the first
 * administrator through the first-run link and a signed-in client; bulk-loads portal users
 * with one `INSERT … SELECT FROM generate_series` (the keyword trigram GIN index dropped before
 * and rebuilt after, then VACUUM ANALYZE, so that autovacuum does not start on the fresh million
 * rows in the middle of the measurements); then measures, over HTTP (GET /api/entities/tc_portaluser/records,
 * i.e. session, auth, access filter, JSON) and server-side (EntityService.list alone):
 *
 *   (a) first page (limit 50) for ~30 keyword terms, R runs each: p50 / p95 / max;
 *   (b) the default list (no keyword, createdAt desc) first page;
 *   (c) a keyset walk to page P (50 a page), by createdAt desc and by emailAddress asc:
 *       page P vs page 1 (each re-timed R times with its cursor), and a check that the walk
 *       neither repeats nor skips a row.
 *
 * Targets (from the issue): keyword first page p95 ≤ 30 ms server-side; page P ≤ 2× page 1.
 *
 * Options: --db=postgres|pglite (postgres); BENCH_PORTAL_USERS or --users=N (1,000,000 on
 * PostgreSQL, 100,000 on PGlite); --runs=R (20); --pages=P (1,000);
 * --database-url=… (or BENCH_DATABASE_URL; must be 127.0.0.1); --explain prints EXPLAIN ANALYZE
 * of the slowest keyword term's page and count queries.
 */
import { createBenchDatabase } from './lib/bench-database';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startWorkbench, type RunningWorkbench } from '../../apps/workbench/src/node/index';
import { createFirstAdmin, signedInClient } from '../../apps/workbench/test/security/fixtures';
import type { TestClient } from '../../apps/workbench/test/http-client';
import { EntityService, type ListQuery } from '../../packages/entities/src/node/index';
import { GroupDirectory } from '../../packages/plugins/security/src/node/index';
import type { Principal } from '../../packages/access/src/index';

// ── options ─────────────────────────────────────────────────────────────────────────────────
const argv = new Map(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const [k, v = 'true'] = a.slice(2).split('=');
    return [k!, v];
  }),
);
const backend = (argv.get('db') ?? 'postgres') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--db must be postgres or pglite');
const userCount = Number(argv.get('users') ?? process.env.BENCH_PORTAL_USERS ?? (backend === 'pglite' ? 100_000 : 1_000_000));
const runs = Number(argv.get('runs') ?? 20);
const pages = Number(argv.get('pages') ?? 1_000);
const explain = argv.has('explain');
const serverUrl = argv.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
for (const n of [userCount, runs, pages]) if (!Number.isInteger(n) || n <= 0) throw new Error('numeric options must be positive integers');
if (backend === 'postgres' && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)) {
  throw new Error(`the benchmark only talks to a local server; ${new URL(serverUrl).hostname} is not 127.0.0.1`);
}
const ENTITY = 'tc_portaluser';
const LIMIT = 50;

// ── realistic data ──────────────────────────────────────────────────────────────────────────
const FIRST = `James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Dorothy Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Stephanie Timothy Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Shirley Eric Angela Jonathan Helen Stephen Anna Larry Brenda Justin Pamela Scott Nicole Brandon Emma Benjamin Samantha Samuel Katherine Gregory Christine Frank Debra Alexander Rachel Raymond Catherine Patrick Carolyn Jack Janet Dennis Ruth Jerry Maria Tyler Heather Aaron Diane Jose Virginia Adam Julie Henry Joyce Nathan Victoria Douglas Olivia Zachary Kelly Peter Christina Kyle Lauren Walter Joan Ethan Evelyn Jeremy Judith Harold Megan Keith Cheryl Christian Andrea Roger Hannah Noah Martha Gerald Jacqueline Carl Frances Terry Gloria Sean Ann Austin Teresa Arthur Kathryn Lawrence Sara Jesse Janice Dylan Jean Bryan Alice Joe Madison Jordan Doris Billy Abigail Bruce Julia Albert Judy Willie Grace Gabriel Denise Logan Amber Alan Marilyn Juan Beverly Wayne Danielle Roy Theresa Ralph Sophia Randy Marie Eugene Diana Vincent Brittany Russell Natalie Elijah Isabella Louis Charlotte Bobby Rose Philip Alexis Johnny Kayla Siobhan Aoife Niamh Ciara Saoirse Oisin Cian Darragh Eoin Padraig Sinead Grainne Fionn Ruairi Aisling Dermot Brendan Declan Colm Orla Mairead Liam Conor Sean Roisin Eimear Ailbhe Muhammad Aisha Fatima Omar Ali Yusuf Mei Wei Hiroshi Yuki Priya Arjun Ananya Rahul Olga Ivan Katarzyna Piotr Zofia Lukas Anja Mateo Lucia Sofia Pablo Chiara Giulia Marco Amara Chinedu Kwame Ngozi Thandiwe Sipho`.split(/\s+/).filter((x, i, a) => a.indexOf(x) === i);
const LAST = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Ray Berry Perkins Hoffman Johnston Matthews Pena Richards Willis Carpenter Lawrence Sandoval OBrien OSullivan OConnor Byrne Doyle McCarthy Gallagher Doherty Kennedy Lynch Quinn Brennan Fitzgerald Nolan Kavanagh Kowalski Nowak Wisniewski Dubois Moreau Laurent Rossi Russo Ferrari Esposito Bianchi Mueller Schneider Fischer Weber Becker Tanaka Suzuki Watanabe Yamamoto Kumar Singh Sharma Gupta Okafor Mensah Abubakar Hassan Ibrahim Haddad Cohen Levi Ivanova Petrov`.split(/\s+/).filter((x, i, a) => a.indexOf(x) === i);
const DOMAINS = `gmail.com yahoo.com outlook.com hotmail.com icloud.com aol.com protonmail.com gmx.de web.de yahoo.co.uk btinternet.com eircom.net live.ie hotmail.co.uk mail.com zoho.com fastmail.com yandex.ru orange.fr free.fr libero.it t-online.de comcast.net verizon.net att.net sky.com virginmedia.com me.com msn.com qq.com hse.ie tcd.ie ucd.ie nuigalway.ie ul.ie dcu.ie kpmg.ie deloitte.ie pwc.com ey.com arthurcox.com matheson.com mhc.ie lawsociety.ie engineersireland.ie nmbi.ie medicalcouncil.ie pharmacy.ie teachingcouncil.ie example.org`.split(/\s+/);

const TERMS = [
  // surnames
  'smith', 'nguyen', 'kowalski', 'gallagher', 'fitzgerald', 'okafor', 'patel', 'brien',
  // first names
  'maria', 'siobhan', 'jennifer', 'olivia', 'liam', 'yusuf', 'ann',
  // e-mail fragments
  'john.sm', 'mary.jo', 'liam.byrne', 'smith12', 'son4', '.kelly', 'patel7',
  // domain fragments
  'gmail', 'tcd.ie', 'kpmg', 'lawsociety', '@hse', 'outlook.com',
  // two words, and a term with no match
  'maria garcia', 'siobhan quinn', 'qxzv',
];

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
const sqlList = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

interface Page { items: Array<Record<string, unknown> & { id: string }>; total: number; totalExact: boolean; nextCursor: string | null }

function recordsPath(query: Partial<ListQuery> & { sortParam?: string }): string {
  const p = new URLSearchParams({ limit: String(LIMIT) });
  if (query.q) p.set('q', query.q);
  if (query.sortParam) p.set('sort', query.sortParam);
  if (query.after) p.set('after', query.after);
  return `/api/entities/${ENTITY}/records?${p}`;
}

async function timeHttp(client: TestClient, path: string): Promise<{ ms: number; page: Page }> {
  const t0 = performance.now();
  const res = await client.get(path);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${text.slice(0, 300)}`);
  return { ms, page: JSON.parse(text) as Page };
}

async function timeService(service: EntityService, principal: Principal, query: ListQuery): Promise<{ ms: number; page: Page }> {
  const t0 = performance.now();
  const page = (await service.list(principal, ENTITY, query)) as unknown as Page;
  return { ms: performance.now() - t0, page };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────
const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-list-'));
const dbName = `portico_bench_list_${process.pid}`;
const env: Record<string, string> = { LOG_LEVEL: 'silent', PORTICO_DATA_DIR: dataDir, PORTICO_JOBS: 'false', HOST: '127.0.0.1' };
const benchDb = backend === 'postgres' ? await createBenchDatabase(serverUrl, dbName) : undefined;
Object.assign(env, benchDb?.env);

let running: RunningWorkbench | undefined;
const out: string[] = [];
const log = (line = '') => {
  out.push(line);
  console.log(line);
};
try {
  running = await startWorkbench({ env, port: 0 });
  const handle = running.workbench.db;
  // Plain SQL text through the workbench's own drizzle instance (PGlite gives { rows }, postgres.js an array).
  const exec = async <T = Record<string, unknown>>(text: string): Promise<T[]> => {
    const r = (await (handle.db as unknown as { execute(q: string): Promise<unknown> }).execute(text)) as unknown;
    return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
  };
  const first = await createFirstAdmin(running);
  const client = await signedInClient(running.url, first);
  const container = running.workbench.kernel.container;
  const service = container.get<EntityService>(EntityService);
  const principal: Principal = { kind: 'staff', id: first.id, displayName: first.name, privileges: await container.get<GroupDirectory>(GroupDirectory).privilegesOf(first.id) };
  const [version] = await exec('select version() as v');
  log(`# Portal User list benchmark — ${new Date().toISOString()}`);
  log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`);
  log(`database: ${backend} — ${String(version?.v).split(',')[0]}; ${userCount.toLocaleString('en')} portal users; ${runs} runs a measurement`);

  // ── bulk load ────────────────────────────────────────────────────────────────────────────
  const trgm = ['portal_users_search_trgm'];
  const trgmDefs = await exec(`select indexdef from pg_indexes where tablename = 'portal_users' and indexname in (${trgm.map((n) => `'${n}'`).join(', ')})`);
  const t0 = performance.now();
  for (const name of trgm) await exec(`drop index if exists ${name}`);
  const nf = FIRST.length, nl = LAST.length, nd = DOMAINS.length;
  // (g % nf, (g / nf) % nl, g / (nf·nl)) is a bijection of g, so every (first, last, n) triple is distinct for distinct g, so e-mails and user names are unique.
  await exec(`
    insert into portal_users (email, user_name, display_name, online_access_disabled, must_change_password, password_hash,
                              auth_failure_count, locked_at, email_verified_at, last_sign_in_at, invited_at, created_by_name, created_at, updated_at)
    select lower(f || '.' || l || n || '@' || d), case when g % 3 = 0 then lower(left(f, 1) || l) || g end, f || ' ' || l,
           g % 40 = 0, g % 25 = 0, case when g % 10 < 7 then '$argon2id$v=19$m=19456,t=2,p=1$bench$bench' end,
           case when g % 97 = 0 then 10 else (g % 4) end, case when g % 97 = 0 then ts + interval '30 days' end,
           case when g % 10 < 8 then ts + interval '1 hour' end, case when g % 10 < 7 then ts + (g % 300) * interval '1 day' end,
           ts, 'Bulk Import', ts, ts
    from (
      select g, (${sqlList(FIRST)})[1 + g % ${nf}] as f,
                (${sqlList(LAST)})[1 + ((g / ${nf}) % ${nl} + (g % ${nf}) * 13) % ${nl}] as l,
                (g / ${nf * nl})::text || lpad(((g * 37) % 100)::text, 2, '0') as n,
                (${sqlList(DOMAINS)})[1 + ((g * 31) / 7) % ${nd}] as d,
                now() - interval '6 years' + (g::float8 / ${userCount}) * interval '6 years' + random() * interval '10 seconds' as ts
      from generate_series(1, ${userCount}) g
    ) s`);
  const tInsert = performance.now();
  for (const d of trgmDefs) await exec(String(d.indexdef));
  const tIndex = performance.now();
  await exec('vacuum analyze portal_users');
  const tAnalyze = performance.now();
  const [{ n: loaded } = { n: 0 }] = await exec<{ n: number }>('select count(*)::int as n from portal_users');
  if (loaded !== userCount) throw new Error(`loaded ${loaded} rows, expected ${userCount}`);
  const loadS = (tAnalyze - t0) / 1000;
  log();
  log(`load: ${userCount.toLocaleString('en')} rows in ${loadS.toFixed(1)} s (${Math.round(userCount / loadS).toLocaleString('en')} rows/s overall) — insert ${((tInsert - t0) / 1000).toFixed(1)} s, trigram GIN index ${((tIndex - tInsert) / 1000).toFixed(1)} s, VACUUM ANALYZE ${((tAnalyze - tIndex) / 1000).toFixed(1)} s`);

  // The kept-alive socket from before the load may be closed by the server just as it is
  // reused ("other side closed"): one throw-away request lets undici drop it.
  await client.get('/api/shell/session').then((r) => r.arrayBuffer()).catch(() => undefined);
  // warm-up (caches, JIT, prepared statements)
  for (const q of TERMS.slice(0, 5)) {
    await timeService(service, principal, { q, limit: LIMIT });
    await timeHttp(client, recordsPath({ q }));
  }

  // ── (a) keyword first page ─────────────────────────────────────────────────────────────────
  log();
  log(`## Keyword search, first page (limit ${LIMIT}), ${runs} runs each — ms`);
  log();
  log('| term | matches | server p50 | server p95 | server max | HTTP p50 | HTTP p95 | HTTP max |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const allServerP95: Array<{ q: string; p95: number }> = [];
  const serverAll: number[] = [], httpAll: number[] = [];
  for (const q of TERMS) {
    const server: number[] = [], http: number[] = [];
    let page: Page | undefined;
    for (let i = 0; i < runs; i++) {
      const s = await timeService(service, principal, { q, limit: LIMIT });
      server.push(s.ms);
      const h = await timeHttp(client, recordsPath({ q }));
      http.push(h.ms);
      page = h.page;
    }
    serverAll.push(...server);
    httpAll.push(...http);
    const s = stats(server), h = stats(http);
    allServerP95.push({ q, p95: s.p95 });
    log(`| \`${q}\` | ${page!.totalExact ? '' : '~'}${page!.total.toLocaleString('en')} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.max)} | ${f1(h.p50)} | ${f1(h.p95)} | ${f1(h.max)} |`);
  }
  const sa = stats(serverAll), ha = stats(httpAll);
  log(`| **all terms** | | ${f1(sa.p50)} | **${f1(sa.p95)}** | ${f1(sa.max)} | ${f1(ha.p50)} | ${f1(ha.p95)} | ${f1(ha.max)} |`);
  const worst = [...allServerP95].sort((a, b) => b.p95 - a.p95);
  const termsOver = worst.filter((w) => w.p95 > 30);
  log();
  log(`target keyword p95 ≤ 30 ms server-side: ${sa.p95 <= 30 ? 'MET' : 'MISSED'} (p95 over all terms ${f1(sa.p95)} ms; terms over 30 ms: ${termsOver.map((w) => `${w.q} ${f1(w.p95)}`).join(', ') || 'none'})`);

  // ── (b) default list ───────────────────────────────────────────────────────────────────────
  {
    const server: number[] = [], http: number[] = [];
    for (let i = 0; i < runs; i++) {
      server.push((await timeService(service, principal, { limit: LIMIT })).ms);
      http.push((await timeHttp(client, recordsPath({}))).ms);
    }
    const s = stats(server), h = stats(http);
    log();
    log('## Default list (no keyword, createdAt desc), first page — ms');
    log();
    log('| | p50 | p95 | max |');
    log('|---|---:|---:|---:|');
    log(`| server | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.max)} |`);
    log(`| HTTP | ${f1(h.p50)} | ${f1(h.p95)} | ${f1(h.max)} |`);
  }

  // ── (c) keyset walk ────────────────────────────────────────────────────────────────────────
  log();
  log(`## Keyset walk to page ${pages.toLocaleString('en')} (${LIMIT} a page) — ms`);
  log();
  log(`| sort | walk total (HTTP) | page 1 server p50 / p95 | page ${pages} server p50 / p95 | page 1 HTTP p50 / p95 | page ${pages} HTTP p50 / p95 | ratio (server p50) | rows seen / distinct / same as SQL order |`);
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const walkTargets: boolean[] = [];
  for (const [label, sortParam, sort, orderBy] of [
    ['createdAt desc', '-createdAt', { field: 'createdAt', direction: 'desc' as const }, 'created_at desc, id desc'],
    ['emailAddress asc', 'emailAddress', { field: 'emailAddress', direction: 'asc' as const }, 'email asc, id asc'],
  ] as const) {
    let after: string | undefined;
    let lastCursor: string | undefined;
    const seen = new Set<string>();
    const walked: string[] = [];
    let rows = 0;
    const tw = performance.now();
    for (let p = 1; p <= pages; p++) {
      const { page } = await timeHttp(client, recordsPath({ sortParam, ...(after ? { after } : {}) }));
      for (const r of page.items) {
        seen.add(r.id);
        walked.push(r.id);
      }
      rows += page.items.length;
      if (p === pages) lastCursor = after;
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const walkS = (performance.now() - tw) / 1000;
    // The walk must be exactly the first rows in SQL order: nothing repeated, nothing skipped.
    const expected = (await exec<{ id: string }>(`select id from portal_users order by ${orderBy} limit ${walked.length}`)).map((r) => r.id);
    const exactWalk = expected.length === walked.length && expected.every((v, i) => v === walked[i]);
    const s1: number[] = [], sN: number[] = [], h1: number[] = [], hN: number[] = [];
    for (let i = 0; i < runs; i++) {
      s1.push((await timeService(service, principal, { sort, limit: LIMIT })).ms);
      sN.push((await timeService(service, principal, { sort, limit: LIMIT, ...(lastCursor ? { after: lastCursor } : {}) })).ms);
      h1.push((await timeHttp(client, recordsPath({ sortParam }))).ms);
      hN.push((await timeHttp(client, recordsPath({ sortParam, ...(lastCursor ? { after: lastCursor } : {}) }))).ms);
    }
    const a = stats(s1), b = stats(sN), c = stats(h1), d = stats(hN);
    const ratio = b.p50 / a.p50;
    walkTargets.push(ratio <= 2 && exactWalk);
    log(`| ${label} | ${walkS.toFixed(1)} s | ${f1(a.p50)} / ${f1(a.p95)} | ${f1(b.p50)} / ${f1(b.p95)} | ${f1(c.p50)} / ${f1(c.p95)} | ${f1(d.p50)} / ${f1(d.p95)} | ${ratio.toFixed(2)}× | ${rows.toLocaleString('en')} / ${seen.size.toLocaleString('en')} / ${exactWalk ? 'yes' : 'NO'} |`);
  }
  log();
  log(`target page ${pages} ≤ 2× page 1 (and the walk exactly the SQL order): ${walkTargets.every(Boolean) ? 'MET' : 'MISSED'}`);

  if (explain) {
    const q = worst[0]!.q;
    log();
    log(`## EXPLAIN ANALYZE for the slowest term \`${q}\``);
    const words = q.split(/\s+/);
    const cond = words.map((w) => `(email ilike '%${w}%' or display_name ilike '%${w}%' or user_name ilike '%${w}%')`).join(' and ');
    for (const stmt of [
      `select id from portal_users where ${cond} order by created_at desc nulls last, id desc limit 51`,
      `select count(*) from (select 1 from portal_users where ${cond} limit 10001) t`,
    ]) {
      log('```');
      log(stmt);
      for (const r of await exec(`explain (analyze, buffers) ${stmt}`)) log(String(r['QUERY PLAN']));
      log('```');
    }
  }
} finally {
  await running?.stop();
  // --keep-database leaves the loaded database for EXPLAIN experiments (its name is printed).
  if (argv.has('keep-database') && benchDb) console.log(`kept database ${dbName}`);
  else await benchDb?.drop().catch((e: unknown) => console.error('drop failed', e));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.session-secret`, { force: true }); // written next to the data dir when no SESSION_SECRET is set
}
