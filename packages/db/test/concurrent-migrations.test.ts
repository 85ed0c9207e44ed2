import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIGRATION_LOCK_KEY } from '../src/postgres-handle';
import { migrateAll, migrationStatus, openDatabase, type DatabaseHandle } from '../src/index';
import { alpha, beta, sleep, testDatabaseUrl } from './helpers';

// Concurrency between app nodes needs a real PostgreSQL server: without TEST_DATABASE_URL
// these tests are not registered at all (PGlite is single-process; its in-process mutex is
// covered in migrations.test.ts).
if (testDatabaseUrl) {
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  const name = `portico_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handles: DatabaseHandle[] = [];
  const open = async () => {
    const h = await openDatabase({ url: url.toString(), poolMax: 2 });
    handles.push(h);
    return h;
  };

  test.before(async () => {
    await admin.unsafe(`create database "${name}"`);
  });
  test.after(async () => {
    for (const h of handles) await h.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  test('migrateAll waits for the advisory lock held by another node', async () => {
    const node = await open();
    const other = postgres(url.toString(), { max: 1 });
    await other`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    let done = false;
    const running = migrateAll(node, [alpha]).then(() => (done = true));
    await sleep(500);
    assert.not.ok(done, 'blocked while the lock is held');
    assert.equal(await migrationStatus(node, [alpha]), [{ pluginId: 'alpha', applied: 0, total: 2 }]);
    await other`select pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    await running;
    await other.end();
    assert.equal(await migrationStatus(node, [alpha]), [{ pluginId: 'alpha', applied: 2, total: 2 }]);
  });

  test('several nodes migrating at once apply each migration once', async () => {
    const nodes = await Promise.all([open(), open(), open()]);
    await Promise.all(nodes.map((n) => migrateAll(n, [alpha, beta])));
    const [first] = nodes;
    assert.equal(await migrationStatus(first!, [alpha, beta]), [
      { pluginId: 'alpha', applied: 2, total: 2 },
      { pluginId: 'beta', applied: 1, total: 1 },
    ]);
    const [locks] = await first!.rows<{ n: number }>(
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`,
    );
    assert.is(locks?.n, 0, 'lock released');
  });
}

test.run();
