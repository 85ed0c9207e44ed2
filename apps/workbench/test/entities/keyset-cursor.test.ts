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

test.run();
