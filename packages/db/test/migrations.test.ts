import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MigrationError, migrateAll, migrationStatus, pendingMigrations } from '../src/index';
import { createTestDatabase, type TestDatabase } from '../src/testing/index';
import { alpha, beta, broken } from './helpers';

// Runs on PGlite, or on PostgreSQL when TEST_DATABASE_URL is set.
let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase({ migrations: [] });
});
test.after(async () => {
  await db?.cleanup();
});

async function journal(table: string) {
  return db.rows<{ hash: string; created_at: string }>(
    sql`select hash, created_at::text as created_at from portico_migrations.${sql.identifier(table)} order by id`,
  );
}

async function tableExists(name: string): Promise<boolean> {
  const [row] = await db.rows<{ ok: boolean }>(sql`select to_regclass(${name}) is not null as ok`);
  return row?.ok === true;
}

test('migrationStatus reports everything pending on an empty database', async () => {
  assert.equal(await migrationStatus(db, [alpha, beta]), [
    { pluginId: 'alpha', applied: 0, total: 2 },
    { pluginId: 'beta', applied: 0, total: 1 },
  ]);
  assert.is(await pendingMigrations(db, [alpha, beta]), 3);
});

test('migrateAll applies each plugin in order, recorded in its own journal table', async () => {
  await migrateAll(db, [alpha, beta]);

  const alphaJournal = JSON.parse(await readFile(join(alpha.migrationsFolder, 'meta/_journal.json'), 'utf8'));
  const recorded = await journal('alpha');
  assert.equal(
    recorded.map((r) => r.created_at),
    alphaJournal.entries.map((e: { when: number }) => String(e.when)),
  );
  assert.is((await journal('beta')).length, 1);

  // alpha's custom migration created the extension, its generated one the trigram index.
  const [ext] = await db.rows<{ n: number }>(sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`);
  assert.is(ext?.n, 1);
  await db.db.execute(sql`insert into alpha_items (name) values ('Greenfield Licensing'), ('Harbour Board')`);
  const found = await db.rows<{ name: string }>(sql`select name from alpha_items where name % 'Greenfeld Licensing'`);
  assert.equal(found.map((r) => r.name), ['Greenfield Licensing']);

  // beta's table references alpha's.
  try {
    await db.db.execute(sql`insert into beta_notes (alpha_id, body) values (999, 'orphan')`);
    assert.unreachable('foreign key should reject');
  } catch (error) {
    assert.instance(error, Error);
    assert.not.instance(error, assert.Assertion);
  }
});

test('re-running migrateAll is a no-op', async () => {
  const before = [await journal('alpha'), await journal('beta')];
  await migrateAll(db, [alpha, beta]);
  assert.equal([await journal('alpha'), await journal('beta')], before);
  const [row] = await db.rows<{ n: number }>(sql`select count(*)::int as n from alpha_items`);
  assert.is(row?.n, 2, 'data survives');
});

test('migrationStatus reports 0 pending once applied', async () => {
  assert.equal(await migrationStatus(db, [alpha, beta]), [
    { pluginId: 'alpha', applied: 2, total: 2 },
    { pluginId: 'beta', applied: 1, total: 1 },
  ]);
  assert.is(await pendingMigrations(db, [alpha, beta]), 0);
});

test('a failing migration throws an error naming the plugin and leaves nothing half-applied', async () => {
  let caught: unknown;
  try {
    await migrateAll(db, [alpha, beta, broken]);
  } catch (error) {
    caught = error;
  }
  assert.instance(caught, MigrationError);
  const error = caught as MigrationError;
  assert.is(error.pluginId, 'broken-plugin');
  assert.match(error.message, /"broken-plugin"/);
  assert.match(error.message, /no_such_table/);

  // 0000_ok and the first statement of 0001_bad ran in the same transaction: all rolled back.
  assert.not.ok(await tableExists('broken_ok'));
  assert.not.ok(await tableExists('broken_partial'));
  assert.equal(await journal('broken_plugin'), []);
  assert.equal(await migrationStatus(db, [broken]), [{ pluginId: 'broken-plugin', applied: 0, total: 2 }]);
  assert.is(await pendingMigrations(db, [alpha, beta]), 0, 'earlier plugins stay applied');
});

test('plugins out of dependency order fail, naming the plugin that failed', async () => {
  const fresh = await createTestDatabase({ migrations: [] });
  try {
    await migrateAll(fresh, [beta, alpha]);
    assert.unreachable('beta needs alpha_items');
  } catch (error) {
    assert.instance(error, MigrationError);
    assert.is((error as MigrationError).pluginId, 'beta');
    assert.match((error as Error).message, /alpha_items/);
  } finally {
    await fresh.cleanup();
  }
});

test('concurrent migrateAll calls on one handle apply once', async () => {
  const fresh = await createTestDatabase({ migrations: [] });
  try {
    await Promise.all([migrateAll(fresh, [alpha, beta]), migrateAll(fresh, [alpha, beta]), migrateAll(fresh, [alpha])]);
    assert.equal(await migrationStatus(fresh, [alpha, beta]), [
      { pluginId: 'alpha', applied: 2, total: 2 },
      { pluginId: 'beta', applied: 1, total: 1 },
    ]);
  } finally {
    await fresh.cleanup();
  }
});

test.run();
