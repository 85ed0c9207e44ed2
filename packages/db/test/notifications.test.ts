import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../src/testing/index';
import { sleep, waitFor } from './helpers';

// Runs on PGlite, or on PostgreSQL when TEST_DATABASE_URL is set.
let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase({ migrations: [] });
});
test.after(async () => {
  await db?.cleanup();
});

test('notify delivers the payload to a listener', async () => {
  let deliver!: (payload: string) => void;
  const received = waitFor<string>((resolve) => (deliver = resolve));
  const unlisten = await db.listen('jobs', (payload) => deliver(payload));
  await db.notify('jobs', 'run:42');
  assert.is(await received, 'run:42');
  await unlisten();
});

test('channel names are case-sensitive and may contain dashes; payload defaults to empty', async () => {
  const got: string[] = [];
  const unlisten1 = await db.listen('Mail-Out', (p) => got.push(`Mail-Out:${p}`));
  const unlisten2 = await db.listen('mail-out', (p) => got.push(`mail-out:${p}`));
  await db.notify('Mail-Out');
  await db.notify('mail-out', 'x');
  await waitFor<void>((resolve) => {
    const poll = setInterval(() => got.length >= 2 && (clearInterval(poll), resolve()), 10);
  });
  await sleep(100);
  assert.equal(got.sort(), ['Mail-Out:', 'mail-out:x']);
  await unlisten1();
  await unlisten2();
});

test('unlisten stops delivery to that listener only', async () => {
  const first: string[] = [];
  const second: string[] = [];
  const stopFirst = await db.listen('ch', (p) => first.push(p));
  const stopSecond = await db.listen('ch', (p) => second.push(p));
  await db.notify('ch', 'one');
  await waitFor<void>((resolve) => {
    const poll = setInterval(() => first.length && second.length && (clearInterval(poll), resolve()), 10);
  });
  await stopFirst();
  await stopFirst(); // idempotent
  await db.notify('ch', 'two');
  await waitFor<void>((resolve) => {
    const poll = setInterval(() => second.length >= 2 && (clearInterval(poll), resolve()), 10);
  });
  await sleep(150);
  assert.equal(first, ['one']);
  assert.equal(second, ['one', 'two']);

  await stopSecond();
  await db.notify('ch', 'three');
  await sleep(200);
  assert.equal(second, ['one', 'two']);
});

test('notifications sent inside a transaction arrive only after commit', async () => {
  const got: string[] = [];
  const unlisten = await db.listen('tx', (p) => got.push(p));
  const { sql } = await import('drizzle-orm');
  await db.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_notify('tx', 'committed')`);
    await sleep(100);
    assert.equal(got, []);
  });
  await waitFor<void>((resolve) => {
    const poll = setInterval(() => got.length && (clearInterval(poll), resolve()), 10);
  });
  assert.equal(got, ['committed']);
  await unlisten();
});

test('invalid channel names are rejected', async () => {
  for (const bad of ['', 'a"b']) {
    try {
      await db.notify(bad);
      assert.unreachable();
    } catch (error) {
      assert.match((error as Error).message, /Invalid notification channel/);
    }
  }
});

test('close() stops every listener and is idempotent', async () => {
  const other = await createTestDatabase({ migrations: [] });
  const got: string[] = [];
  await other.listen('bye', (p) => got.push(p));
  await other.notify('bye', 'before');
  await waitFor<void>((resolve) => {
    const poll = setInterval(() => got.length && (clearInterval(poll), resolve()), 10);
  });
  await other.close();
  await other.close();
  await other.cleanup();
  try {
    await other.ping();
    assert.unreachable('closed handle should not answer');
  } catch (error) {
    assert.not.instance(error, assert.Assertion);
  }
  assert.equal(got, ['before']);
});

test.run();
