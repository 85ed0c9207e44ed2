import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oneRoundTripClient } from '../src/one-round-trip-client';
import { executeRows, openDatabase, type DatabaseHandle } from '../src/index';
import { testDatabaseUrl } from './helpers';

// postgres.js and server-side prepared statements: PostgreSQL only (without TEST_DATABASE_URL
// these tests are not registered; PGlite runs in-process and has no round trips to save).
if (testDatabaseUrl) {
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  const name = `portico_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;

  /** Texts of the statements prepared on the (single) connection that runs this query. */
  const preparedTexts = async (run: (q: ReturnType<typeof sql>) => Promise<unknown>): Promise<string[]> => {
    const rows = (await run(sql`select statement from pg_prepared_statements`)) as Iterable<{ statement: string }>;
    return [...rows].map((r) => r.statement);
  };

  test.before(async () => {
    await admin.unsafe(`create database "${name}"`);
    handle = await openDatabase({ url: url.toString(), poolMax: 1 });
  });
  test.after(async () => {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  test('a parameterised drizzle query is prepared once per connection and answers the same', async () => {
    const add = (a: number, b: number) => handle.rows<{ n: number }>(sql`select ${a}::int + ${b}::int as n`);
    assert.equal(await add(1, 2), [{ n: 3 }]);
    assert.equal(await add(40, 2), [{ n: 42 }], 'a second run with other values');
    const texts = await preparedTexts((q) => handle.rows(q));
    assert.is(texts.filter((t) => t === 'select $1::int + $2::int as n').length, 1, `not prepared once: ${JSON.stringify(texts)}`);
  });

  test('every execution is still planned for its values (force_custom_plan on every connection)', async () => {
    assert.equal(await handle.rows(sql`select current_setting('plan_cache_mode') as mode`), [{ mode: 'force_custom_plan' }]);
  });

  test('queries inside transactions and savepoints are prepared as well; a rollback still rolls back', async () => {
    await handle.db.execute(sql`create table t (id int primary key, v text)`);
    const texts = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (${1}, ${'one'})`);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`insert into t values (${2}, ${'two'})`);
      });
      return preparedTexts((q) => executeRows(tx, q));
    });
    assert.ok(texts.includes('insert into t values ($1, $2)'), JSON.stringify(texts));
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into t values (${3}, ${'three'})`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    assert.equal(await handle.rows(sql`select id from t order by id`), [{ id: 1 }, { id: 2 }]);
  });

  test('preparedStatements: false (behind a pooler that cannot keep them) prepares nothing, not even .prepare()d statements', async () => {
    const plain = await openDatabase({ url: url.toString(), poolMax: 1, preparedStatements: false });
    try {
      assert.equal(await plain.rows(sql`select ${5}::int * ${5}::int as n`), [{ n: 25 }]);
      const named = plain.db.select({ n: sql<number>`${sql.placeholder('x')}::int + 1` }).from(sql`(select 1) as one`).prepare('portico_test_named');
      assert.equal(await named.execute({ x: 41 }), [{ n: 42 }]);
      assert.equal(await plain.rows(sql`select count(*)::int as n from pg_prepared_statements`), [{ n: 0 }]);
    } finally {
      await plain.close();
    }
  });

  test('beyond the limit of distinct texts, queries run unprepared (bounded statement caches)', async () => {
    const client = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      const db = drizzle({ client: oneRoundTripClient(client, 2) });
      for (const column of ['a', 'b', 'c']) {
        assert.equal([...(await db.execute(sql`select ${7}::int as ${sql.identifier(column)}`))], [{ [column]: 7 }]);
      }
      const texts = await preparedTexts((q) => executeRows(db, q));
      assert.equal(texts.filter((t) => t.startsWith('select $1::int')).sort(), ['select $1::int as "a"', 'select $1::int as "b"']);
    } finally {
      await client.end();
    }
  });
}

test.run();
