import { sql } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrateAll, migrationStatus, openDatabase } from '../src/index';
import { alpha } from './helpers';

// PGlite only (also runs when TEST_DATABASE_URL is set: it tests the PGlite driver itself).
let root: string;

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'portico-db-'));
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('a PGlite data dir persists across close and reopen', async () => {
  const dataDir = join(root, 'nested', 'data'); // does not exist yet: created recursively
  const first = await openDatabase({ dataDir });
  assert.is(first.kind, 'pglite');
  assert.is(first.describe(), `PGlite at ${dataDir}`);
  assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
  await migrateAll(first, [alpha]);
  await first.db.execute(sql`insert into alpha_items (name) values ('kept')`);
  await first.close();
  await first.close(); // idempotent

  const second = await openDatabase({ dataDir });
  try {
    assert.equal(await second.rows(sql`select name from alpha_items`), [{ name: 'kept' }]);
    assert.equal(await migrationStatus(second, [alpha]), [{ pluginId: 'alpha', applied: 2, total: 2 }]);
    // pg_trgm is loadable again after reopening (the extension is registered at every open).
    const [row] = await second.rows<{ s: number }>(sql`select similarity('kept', 'kepd') > 0 as s`);
    assert.equal(row, { s: true });
  } finally {
    await second.close();
  }
});

test('openDatabase without url, dataDir or memory is an error', async () => {
  try {
    await openDatabase({});
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /url, a dataDir or memory/);
  }
});

test.run();
