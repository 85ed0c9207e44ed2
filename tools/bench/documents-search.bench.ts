/**
 * Document search benchmark (docs/benchmarks.md, "Document search").
 *
 * Starts a workbench in this process on a fresh PostgreSQL database on 127.0.0.1:5432 (dropped
 * afterwards) or, with --db=pglite, on a fresh embedded database in a temp folder; bulk-loads
 * N documents (default 1,000,000; 80 % in category 10 "Invoices", 20 % in category 20; 2,000
 * companies such as "Moya River Ltd" — 500 documents each —, dates over ten years, amounts
 * 0–5,000, each drawn independently per row with hashint8) with one
 * `INSERT … SELECT FROM generate_series` (the two index_data GIN indexes dropped before and rebuilt
 * after, then ANALYZE); makes 50 portal users with different conditions on search 1:
 *
 *   exact  (20 users)  Company = one company AND Invoice Date in a one-year range
 *   list   (10 users)  Company in a list of three AND Invoice Date in a two-year range
 *   amount (10 users)  Company = one company AND Amount in a range
 *   wild   (10 users)  Company wildcard catching one customer's spelling variants, a prefix
 *                       (`Moya Riv*`) or a part inside (`*oya River*`), AND a two-year range
 *
 * and measures `DocumentSearchService.search` — the code behind the portal API, the portal pages
 * and "Preview as this user": the user's conditions + the request's filters in one statement
 * that pages and counts exactly, plus the small catalog reads and the files of the page — for
 * every user, R runs each, in three shapes: (a) first page, default sort; (b) first page with the
 * user's own filter (Amount ≥ 100) sorted by Amount descending; (c) a deep page: the 3rd page by
 * keyset cursor. p50 / p95 / max over all users and per kind. Target (issue 6): p95 ≤ 50 ms.
 *
 * Options: --db=postgres|pglite (postgres); --docs=N (1,000,000; 200,000 on PGlite); --runs=R
 * (10); --database-url=… (or BENCH_DATABASE_URL; must be 127.0.0.1); --explain prints EXPLAIN
 * ANALYZE of one user's page query per kind; --keep leaves the PostgreSQL database for a look.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createBenchDatabase } from './lib/bench-database';
import { startWorkbench, type RunningWorkbench } from '../../apps/workbench/src/node/index';
import { DatabaseHandle } from '../../packages/db/src/index';
import { DocumentSearchService, DocumentsCatalog } from '../../packages/plugins/documents/src/node/index';

const argv = new Map(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const [k, v = 'true'] = a.slice(2).split('=');
    return [k!, v];
  }),
);
const backend = (argv.get('db') ?? 'postgres') as 'postgres' | 'pglite';
if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--db must be postgres or pglite');
const docCount = Number(argv.get('docs') ?? (backend === 'pglite' ? 200_000 : 1_000_000));
const runs = Number(argv.get('runs') ?? 10);
const explain = argv.has('explain');
const keep = argv.has('keep');
const serverUrl = argv.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
for (const n of [docCount, runs]) if (!Number.isInteger(n) || n <= 0) throw new Error('numeric options must be positive integers');
if (backend === 'postgres' && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)) {
  throw new Error(`the benchmark only talks to a local server; ${new URL(serverUrl).hostname} is not 127.0.0.1`);
}
const FIRST = ['Moya', 'Acme', 'Baltic', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orchid',
  'Pioneer', 'Quarry', 'Rowan', 'Summit', 'Tundra', 'Umber', 'Vertex', 'Willow', 'Xenon', 'Yarrow', 'Zephyr', 'Aspen', 'Beacon', 'Cobalt', 'Dune', 'Elm', 'Falcon',
  'Garnet', 'Heron', 'Indigo', 'Jasper', 'Kiln', 'Larch', 'Maple', 'Nordic', 'Onyx', 'Pebble', 'Quill', 'Raven', 'Sable', 'Thistle', 'Upland', 'Valley', 'Wren'];
const SECOND = ['River', 'Steel', 'Logistics', 'Foods', 'Textiles', 'Energy', 'Marine', 'Timber', 'Software', 'Farms', 'Trading', 'Mining', 'Pharma', 'Glass', 'Paper',
  'Motors', 'Builders', 'Dairy', 'Optics', 'Plastics', 'Bakery', 'Brewing', 'Cables', 'Ceramics', 'Chemicals', 'Coffee', 'Couriers', 'Dental', 'Electric', 'Fabrics',
  'Freight', 'Grain', 'Hardware', 'Imports', 'Leather', 'Lighting', 'Metals', 'Orchards', 'Printing', 'Robotics'];
const COMPANIES = FIRST.length * SECOND.length; // 2000
const ctx = { actor: { kind: 'staff' as const, id: 'bench', name: 'Benchmark' } };
/** Company k (0…1999): "Moya River Ltd", "Acme River Ltd", … — the same formula as the SQL below. */
const company = (k: number): string => `${FIRST[k % FIRST.length]} ${SECOND[Math.floor(k / FIRST.length) % SECOND.length]} Ltd`;
const sqlArray = (xs: string[]): string => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (xs: number[]) => {
  if (xs.length === 0) return { n: 0, p50: NaN, p95: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), max: s[s.length - 1]! };
};
const ms = (x: number): string => x.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const started = performance.now();
  let dataDir: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let env: Record<string, string>;
  if (backend === 'postgres') {
    const db = await createBenchDatabase(serverUrl, 'portico_bench_documents');
    env = db.env;
    dropDb = db.drop;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-documents-'));
    env = { PORTICO_DATA_DIR: dataDir, HOST: '127.0.0.1', SESSION_SECRET: 'bench-session-secret-of-at-least-32-characters' };
  }
  let running: RunningWorkbench | undefined;
  try {
    running = await startWorkbench({
      port: 0,
      env: { ...env, PORTICO_JOBS: 'false', LOG_LEVEL: 'warn', PORTICO_PLUGINS: '@portico/plugin-security,@portico/plugin-portal,@portico/plugin-documents' },
    });
    const container = running.workbench.kernel.container;
    const handle = container.get<DatabaseHandle>(DatabaseHandle);
    const catalog = container.get(DocumentsCatalog);
    const service = container.get(DocumentSearchService);
    const fields = [
      { fieldNo: 1020, name: 'Company', type: 'text', required: true },
      { fieldNo: 1030, name: 'Invoice Date', type: 'date' },
      { fieldNo: 1040, name: 'Amount', type: 'number' },
      { fieldNo: 1050, name: 'Status', type: 'choice', choices: ['open', 'paid', 'void'] },
    ];
    await catalog.putCategory(10, { name: 'Invoices', fields }, ctx);
    await catalog.putCategory(20, { name: 'Credit notes', fields }, ctx);
    await catalog.putSearch(1, { ctgryNo: 10, name: 'My invoices', columns: [1020, 1030, 1040, 1050], sort: { fieldNo: 1030, dir: 'desc' } }, ctx);

    // ── bulk load ──────────────────────────────────────────────────────────────────────────
    const t0 = performance.now();
    await handle.rows(sql`drop index if exists documents_index_data_gin`);
    await handle.rows(sql`drop index if exists documents_index_data_trgm`);
    await handle.rows(sql.raw(`
      insert into documents (ctgry_no, index_data, created_by_id, created_at)
      select case when h.c % 5 = 0 then 20 else 10 end,
             jsonb_build_object(
               '1020', (${sqlArray(FIRST)})[1 + (h.k % ${COMPANIES}) % ${FIRST.length}] || ' ' || (${sqlArray(SECOND)})[1 + ((h.k % ${COMPANIES}) / ${FIRST.length}) % ${SECOND.length}] || ' Ltd',
               '1030', to_char(date '2012-01-01' + (h.d % 3650)::int, 'YYYY-MM-DD'),
               '1040', (h.a % 500000)::numeric / 100,
               '1050', (array['open','paid','void'])[1 + h.c % 3]),
             'bench', now() - make_interval(secs => g::double precision)
      -- independent pseudo-random company, date, amount and category per row (hashint8 is built in)
      from generate_series(1::bigint, ${docCount}::bigint) g,
           lateral (select hashint8(g)::bigint + 2147483648 as k, hashint8(g + 1000000007)::bigint + 2147483648 as d,
                           hashint8(g + 2000000011)::bigint + 2147483648 as a, hashint8(g + 3000000019)::bigint + 2147483648 as c) h`));
    const t1 = performance.now();
    await handle.rows(sql`create index documents_index_data_gin on documents using gin (index_data jsonb_path_ops)`);
    await handle.rows(sql`create index documents_index_data_trgm on documents using gin ((index_data::text) gin_trgm_ops)`);
    await handle.rows(sql`analyze documents`);
    const t2 = performance.now();
    console.log(`loaded ${docCount.toLocaleString('en')} documents in ${((t1 - t0) / 1000).toFixed(1)} s, indexes + analyze ${((t2 - t1) / 1000).toFixed(1)} s`);

    // ── 50 users with different conditions ──────────────────────────────────────────────────
    type Kind = 'exact' | 'list' | 'amount' | 'wild';
    const users: Array<{ id: string; kind: Kind; conditions: Array<{ fieldNo: number; filter: string }> }> = [];
    for (let i = 0; i < 50; i++) {
      const kind: Kind = i < 20 ? 'exact' : i < 30 ? 'list' : i < 40 ? 'amount' : 'wild';
      const c = (i * 37) % COMPANIES;
      const year = 2012 + (i % 9);
      const conditions =
        kind === 'exact' ? [{ fieldNo: 1020, filter: company(c) }, { fieldNo: 1030, filter: `${year}-01-01..${year}-12-31` }]
        : kind === 'list' ? [{ fieldNo: 1020, filter: [c, c + 1, c + 2].map(company).join(';') }, { fieldNo: 1030, filter: `${year}-01-01..${year + 1}-12-31` }]
        : kind === 'amount' ? [{ fieldNo: 1020, filter: company(c) }, { fieldNo: 1040, filter: `${(i % 5) * 500}..${(i % 5) * 500 + 2500}` }]
        // A wildcard that catches one customer's spelling variants: a prefix, or a part inside.
        : [{ fieldNo: 1020, filter: i % 2 ? `${company(c).slice(0, -6)}*` : `*${company(c).slice(1, -4)}*` }, { fieldNo: 1030, filter: `${year}-01-01..${year + 1}-12-31` }];
      users.push({ id: randomUUID(), kind, conditions });
    }
    // Staff API path minus the portal-user existence check (the users are synthetic).
    (service as unknown as { users: { exists(): Promise<boolean> } }).users = { exists: async () => true };
    for (const u of users) await service.setAssignments(u.id, { assignments: [{ queryNo: 1, conditions: u.conditions }] }, ctx);

    // ── measure ─────────────────────────────────────────────────────────────────────────────
    const shapes = {
      first: async (u: (typeof users)[number]) => service.search(u.id, 1, { limit: 50 }),
      filtered: async (u: (typeof users)[number]) => service.search(u.id, 1, { limit: 50, filters: { '1040': '100..' }, sort: { fieldNo: 1040, dir: 'desc' } }),
      deep: undefined, // timed below: only the third page, by keyset cursor
    };
    const timings: Record<string, Record<Kind | 'all', number[]>> = {};
    const totals: Record<Kind, number[]> = { exact: [], list: [], amount: [], wild: [] };
    // Warm-up (steady state, as on a server that has been running): every shape once per user.
    for (const u of users) {
      totals[u.kind].push((await service.search(u.id, 1, { limit: 50 })).total);
      await shapes.filtered(u);
    }
    for (const [shape, run] of Object.entries(shapes)) {
      const t: Record<Kind | 'all', number[]> = { exact: [], list: [], amount: [], wild: [], all: [] };
      for (let r = 0; r < runs; r++) {
        for (const u of users) {
          if (shape === 'deep') {
            // Time only the third page: fetch the cursor first.
            const p1 = await service.search(u.id, 1, { limit: 50 });
            const p2 = p1.nextCursor ? await service.search(u.id, 1, { limit: 50, after: p1.nextCursor }) : p1;
            if (!p2.nextCursor) continue; // fewer than three pages for this user: nothing to time
            const a = performance.now();
            await service.search(u.id, 1, { limit: 50, after: p2.nextCursor });
            const d = performance.now() - a;
            t[u.kind].push(d);
            t.all.push(d);
            continue;
          }
          const a = performance.now();
          await run!(u);
          const d = performance.now() - a;
          t[u.kind].push(d);
          t.all.push(d);
        }
      }
      timings[shape] = t;
    }

    // ── report ──────────────────────────────────────────────────────────────────────────────
    console.log(`\nDocument search — ${backend}, ${docCount.toLocaleString('en')} documents, 50 users, ${runs} runs per user and shape`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; ${new Date().toISOString()}`);
    for (const kind of ['exact', 'list', 'amount', 'wild'] as Kind[]) {
      const s = stats(totals[kind]);
      console.log(`  ${kind.padEnd(7)} users: matching documents per user p50 ${s.p50}, max ${s.max}`);
    }
    console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share the machine)`);
    console.log('\nshape     kind      n      p50 ms  p95 ms  max ms');
    for (const [shape, t] of Object.entries(timings)) {
      for (const kind of ['all', 'exact', 'list', 'amount', 'wild'] as const) {
        const s = stats(t[kind]);
        console.log(`${shape.padEnd(9)} ${kind.padEnd(7)} ${String(s.n).padStart(4)} ${ms(s.p50)} ${ms(s.p95)} ${ms(s.max)}`);
      }
    }
    const worst = Math.max(...Object.values(timings).map((t) => stats(t.all).p95).filter((x) => !Number.isNaN(x)));
    console.log(`\nworst p95 over all shapes: ${worst.toFixed(1)} ms (target ≤ 50 ms) → ${worst <= 50 ? 'PASS' : 'FAIL'}`);

    if (explain) {
      for (const kind of ['exact', 'wild'] as Kind[]) {
        const u = users.find((x) => x.kind === kind)!;
        const captured: string[] = [];
        const original = handle.rows.bind(handle);
        (handle as { rows: typeof handle.rows }).rows = (async (q: Parameters<typeof handle.rows>[0]) => {
          captured.push('x');
          const plan = await original(sql`explain (analyze, buffers) ${q}`);
          console.log(`\nEXPLAIN (${kind}):\n${plan.map((r) => Object.values(r as object)[0]).join('\n')}`);
          return original(q);
        }) as typeof handle.rows;
        await service.search(u.id, 1, { limit: 50 });
        (handle as { rows: typeof handle.rows }).rows = original;
      }
    }
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await running?.stop();
    if (!keep) await dropDb?.();
    else if (dropDb) console.log('kept the database portico_bench_documents (--keep)');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
