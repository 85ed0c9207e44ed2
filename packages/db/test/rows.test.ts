import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase, type DatabaseHandle } from '../src/index';
import { openMigratedPglite } from '../src/testing/pglite-template';
import { testDatabaseUrl } from './helpers';

// PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (then both are compared).
// The PGlite handle is a clone of the cached pristine template (a new in-memory PGlite, i.e.
// openDatabase({ memory: true }), costs ~3 s of CPU; the template was built by that same path).
const handles: DatabaseHandle[] = [];

test.before(async () => {
  handles.push(await openMigratedPglite([]));
  if (testDatabaseUrl) handles.push(await openDatabase({ url: testDatabaseUrl, poolMax: 2 }));
});
test.after(async () => {
  for (const h of handles) await h.close();
});

const query = sql`select n, 'row ' || n as label, n % 2 = 0 as even, null::text as nothing
                  from generate_series(1, 3) as n order by n`;
const expected = [
  { n: 1, label: 'row 1', even: false, nothing: null },
  { n: 2, label: 'row 2', even: true, nothing: null },
  { n: 3, label: 'row 3', even: false, nothing: null },
];

test('rows() returns a plain array of plain objects', async () => {
  for (const h of handles) {
    const rows = await h.rows(query);
    assert.ok(Array.isArray(rows), h.kind);
    assert.is(Object.getPrototypeOf(rows), Array.prototype, `${h.kind}: a real Array, not a RowList`);
    assert.equal(rows, expected, h.kind);
    assert.equal(await h.rows(sql`select 1 where false`), [], `${h.kind}: empty`);
  }
});

test('rows() gives the same result on both drivers', async () => {
  const results = await Promise.all(handles.map((h) => h.rows(query)));
  for (const r of results) assert.equal(r, results[0]);
  assert.is(handles.length, testDatabaseUrl ? 2 : 1);
});

test('ping() resolves on an open database and kind is set', async () => {
  for (const h of handles) await h.ping();
  assert.equal(handles.map((h) => h.kind), testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite']);
  assert.is(handles[0]!.describe(), 'PGlite in memory');
});

if (testDatabaseUrl) {
  const pgUrl = testDatabaseUrl;
  test('describe() names host, port and database but never the password', async () => {
    const url = new URL(pgUrl);
    url.password = 'very-secret';
    const h = await openDatabase({ url: url.toString(), poolMax: 1 });
    try {
      const text = h.describe();
      assert.not.match(text, /very-secret/);
      assert.is(text, `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`);
    } finally {
      await h.close();
    }
  });

  test('openDatabase rejects an unreachable server with a message without the password', async () => {
    try {
      await openDatabase({ url: 'postgres://someone:hunter2@127.0.0.1:1/nowhere', poolMax: 1 });
      assert.unreachable();
    } catch (error) {
      assert.match((error as Error).message, /Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
      assert.not.match((error as Error).message, /hunter2/);
    }
  });
}

test.run();
