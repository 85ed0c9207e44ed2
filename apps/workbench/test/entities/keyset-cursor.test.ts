import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFirstAdmin, expectStatus, signedInClient, startSecurityWorkbench, type SecurityHarness } from '../security/fixtures';
import type { TestClient } from '../http-client';

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

test.run();
