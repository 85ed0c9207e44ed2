import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFirstAdmin, expectStatus, signedInClient, startSecurityWorkbench, type SecurityHarness } from '../security/fixtures';
import type { TestClient } from '../http-client';
import { KEYWORD_NARROW_ESTIMATE } from '@portico/entities';

const RECORDS = '/api/entities/tc_portaluser/records';
type Page = { items: Array<{ id: string; emailAddress: string }>; nextCursor: string | null };

let h: SecurityHarness;
let admin: TestClient;

test.before(async () => {
  h = await startSecurityWorkbench();
  admin = await signedInClient(h.url, await createFirstAdmin(h.running));
  // Seven users created within one millisecond (microseconds apart), and one a day earlier.
  await (h.running.workbench.db.db as unknown as { execute(q: string): Promise<unknown> }).execute(`
    insert into portal_users (email, display_name, created_at)
    select 'same.ms' || g || '@cursor.example', 'Same Millisecond ' || g, timestamptz '2026-03-01 10:00:00.123000+00' + g * interval '100 microseconds'
    from generate_series(1, 7) g
    union all select 'day.before@cursor.example', 'Day Before', timestamptz '2026-02-28 10:00:00+00'`);
});
test.after(async () => {
  await h?.stop();
});

async function walk(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Page = await expectStatus<Page>(await admin.get(`${RECORDS}?q=cursor.example&limit=2&${query}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`), 200);
    seen.push(...page.items.map((u) => u.emailAddress));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

test('keyset paging by a timestamp skips nothing within one millisecond (the cursor keeps microseconds)', async () => {
  const desc = await walk('sort=-createdAt');
  assert.equal(desc, [7, 6, 5, 4, 3, 2, 1].map((g) => `same.ms${g}@cursor.example`).concat('day.before@cursor.example'));
  const asc = await walk('sort=createdAt');
  assert.equal(asc, [...desc].reverse());
});

test('keyset paging by e-mail (NOT NULL column, row comparison) gives every row once in order', async () => {
  const byEmail = await walk('sort=emailAddress');
  assert.equal(byEmail, [...byEmail].sort());
  assert.is(new Set(byEmail).size, 8);
});

test('a cursor from before this change (ISO value) is still accepted', async () => {
  const [first] = (await expectStatus<Page>(await admin.get(`${RECORDS}?q=day.before&limit=1`), 200)).items;
  const legacy = Buffer.from(JSON.stringify(['2026-03-01T10:00:00.124Z', first!.id])).toString('base64url');
  const page = await expectStatus<Page>(await admin.get(`${RECORDS}?q=cursor.example&sort=-createdAt&limit=50&after=${legacy}`), 200);
  assert.ok(page.items.some((u) => u.emailAddress === 'day.before@cursor.example'));
});

test('a keyword matching thousands of rows: every match once, in the sort order, with an exact total', async () => {
  // 2,300 matches among other rows, four created in each second.
  await (h.running.workbench.db.db as unknown as { execute(q: string): Promise<unknown> }).execute(`
    insert into portal_users (email, display_name, created_at)
    select 'dense' || g || '@many.example', case when g % 3 = 0 then 'Dense Match ' || g else 'Other ' || g end,
           timestamptz '2026-04-01 00:00:00+00' + (g / 4) * interval '1 second'
    from generate_series(1, 6900) g`);
  const expected = (await (h.running.workbench.db.db as unknown as { execute(q: string): Promise<unknown> }).execute(
    `select id from portal_users where display_name ilike '%dense match%' order by created_at desc, id desc`)) as { rows?: Array<{ id: string }> } | Array<{ id: string }>;
  const expectedIds = (Array.isArray(expected) ? expected : expected.rows!).map((r) => r.id);
  assert.is(expectedIds.length, 2300);
  const seen: string[] = [];
  let cursor: string | null = null;
  let first: { total: number; totalExact: boolean } | undefined;
  do {
    const page: Page & { total: number; totalExact: boolean; items: Array<{ id: string }> } = await expectStatus(
      await admin.get(`${RECORDS}?q=${encodeURIComponent('dense match')}&sort=-createdAt&limit=200${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`), 200);
    first ??= page;
    seen.push(...page.items.map((u) => u.id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.equal(seen, expectedIds, 'every match once, in the sort order');
  assert.ok(first!.totalExact);
  assert.is(first!.total, 2300);
  // A narrower keyword: exact total, same rows as SQL.
  const narrow = await expectStatus<{ total: number; totalExact: boolean }>(await admin.get(`${RECORDS}?q=${encodeURIComponent('Dense Match 30')}&limit=5`), 200);
  assert.ok(narrow.totalExact);
  // Each word must match some keyword field: "match" only the display names of multiples of 3,
  // "30" their number anywhere (the e-mail dense<g>@… holds it too).
  const expectedNarrow = Array.from({ length: 6900 }, (_, i) => i + 1).filter((g) => g % 3 === 0 && String(g).includes('30')).length;
  assert.is(narrow.total, expectedNarrow);
});

test('keywords on a large list: a broad term (walked, estimated total), a term only in old rows and a rare one give the SQL order', async () => {
  // 24,000 more rows: "broad" in every second one, "oldcluster" only in the 300 oldest, "rarity"
  // in every 997th, "ancient" in the 4,000 oldest (common enough to walk, but not among the newest).
  const exec = (q: string) => (h.running.workbench.db.db as unknown as { execute(q: string): Promise<unknown> }).execute(q);
  await exec(`
    insert into portal_users (email, display_name, created_at)
    select 'big' || g || '@large.example',
           concat_ws(' ', case when g % 2 = 0 then 'Broad' end, case when g <= 300 then 'Oldcluster' end, case when g % 997 = 0 then 'Rarity' end, case when g <= 4000 then 'Ancient' end, 'Person ' || g),
           timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute'
    from generate_series(1, 24000) g`);
  await exec('analyze portal_users');
  const sqlIds = async (word: string, order: string) => {
    const r = (await exec(`select id from portal_users where display_name ilike '%${word}%' or email ilike '%${word}%' order by ${order}`)) as { rows?: Array<{ id: string }> } | Array<{ id: string }>;
    return (Array.isArray(r) ? r : r.rows!).map((x) => x.id);
  };
  type Listed = { items: Array<{ id: string }>; nextCursor: string | null; total: number; totalExact: boolean };
  const listAll = async (word: string, sort: string, maxPages: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: Listed | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page: Listed = await expectStatus<Listed>(await admin.get(`${RECORDS}?q=${word}&sort=${sort}&limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`), 200);
      first ??= page;
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { seen, first: first! };
  };
  const broad = await listAll('broad', '-createdAt', 5);
  const broadSql = await sqlIds('broad', 'created_at desc, id desc');
  assert.is(broadSql.length, 12_000);
  assert.equal(broad.seen, broadSql.slice(0, 500), 'five pages of a broad term, in order');
  assert.is(broad.first.totalExact, false, 'above the exact-count limit the total is an estimate');
  assert.ok(Math.abs(broad.first.total - 12_000) <= 1_200, `estimate within 10 % (${broad.first.total})`);
  for (const [word, sort, order] of [
    ['oldcluster', '-createdAt', 'created_at desc, id desc'],
    ['oldcluster', 'createdAt', 'created_at asc, id asc'],
    ['rarity', '-createdAt', 'created_at desc, id desc'],
    ['rarity', 'emailAddress', 'email asc, id asc'],
  ] as const) {
    const listed = await listAll(word, sort, 50);
    assert.equal(listed.seen, await sqlIds(word, order), `${word} by ${sort}: every match once, in order`);
    assert.ok(listed.first.totalExact);
    assert.is(listed.first.total, listed.seen.length);
  }
  // A term the planner expects often enough to walk the list order, whose matches are all older
  // than the walked rows: the page falls back to the trigram index, with the exact total.
  const plan = (await exec(`explain (format json) select 1 from portal_users where search_text like '%ancient%'`)) as { rows?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
  const planJson = (Array.isArray(plan) ? plan : plan.rows!)[0]!['QUERY PLAN'];
  const planned = ((typeof planJson === 'string' ? JSON.parse(planJson) : planJson) as Array<{ Plan: { 'Plan Rows': number } }>)[0]!.Plan['Plan Rows'];
  assert.ok(planned > KEYWORD_NARROW_ESTIMATE, `the planner expects ${planned} rows, more than ${KEYWORD_NARROW_ESTIMATE}: the walk is taken`);
  const ancient = await listAll('ancient', '-createdAt', 50);
  assert.equal(ancient.seen, await sqlIds('ancient', 'created_at desc, id desc'), 'ancient: every match once, in order');
  assert.is(ancient.seen.length, 4_000);
  assert.ok(ancient.first.totalExact, 'the fallback page counts its total exactly');
  assert.is(ancient.first.total, 4_000);
});

test.run();
