import type { DatabaseHandle, OpenDatabaseOptions } from './database-handle';
import { openPglite } from './pglite-handle';
import { openPostgres } from './postgres-handle';

/**
 * Opens the database.
 *
 * - `url` set → PostgreSQL through a postgres.js pool (`poolMax`, default 10; notices silenced).
 * - `memory: true` → PGlite in memory.
 * - otherwise → PGlite persisted in `dataDir` (created recursively; required).
 *
 * PGlite is always started with the pg_trgm extension available; `create extension` itself
 * belongs in a migration. The database is pinged before the handle is returned.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (options.url) {
    handle = await openPostgres(options.url, options.poolMax ?? 10, options.preparedStatements ?? true);
  } else if (options.memory) {
    handle = await openPglite({});
  } else if (options.dataDir) {
    handle = await openPglite({ dataDir: options.dataDir });
  } else {
    throw new Error('openDatabase: give a url, a dataDir or memory: true');
  }
  try {
    await handle.ping();
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new Error(`Cannot reach ${handle.describe()}: ${(error as Error).message}`, { cause: error });
  }
  return handle;
}
