import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { mkdir } from 'node:fs/promises';
import type { Database, DatabaseHandle } from './database-handle';
import { checkChannel, createMutex, registerInternals } from './handle-internals';
import { executeRows } from './sql-helpers';

/** Options for {@link openPglite}. @internal */
export interface OpenPgliteOptions {
  /** Folder for the data; omitted → in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (used to clone test templates). */
  loadDataDir?: Blob;
}

/** Opens a PGlite database (with pg_trgm loaded) and wraps it in a {@link DatabaseHandle}. @internal */
export async function openPglite(options: OpenPgliteOptions): Promise<DatabaseHandle> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir ?? 'memory://', {
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return wrapPglite(client, options.dataDir);
}

/** Wraps an open PGlite client. @internal */
export function wrapPglite(client: PGlite, dataDir: string | undefined): DatabaseHandle {
  const drizzleDb = drizzle({ client });
  const db = drizzleDb as unknown as Database;
  const unlisteners = new Set<() => Promise<void>>();
  let closing: Promise<void> | undefined;

  const handle: DatabaseHandle = {
    db,
    kind: 'pglite',
    rows: <T>(query: SQL) => executeRows<T>(drizzleDb, query),
    async ping() {
      await client.query('select 1');
    },
    async notify(channel, payload = '') {
      checkChannel(channel);
      await drizzleDb.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
    async listen(channel, onMessage) {
      checkChannel(channel);
      // PGlite sends `LISTEN <channel>` verbatim: quoting keeps the name case-sensitive (as on
      // postgres.js) and allows dashes. Its returned unsubscribe function drops the quotes, so
      // call unlisten with the quoted name; a fresh callback per call keeps listeners distinct.
      const quoted = `"${channel}"`;
      const callback = (payload: string) => onMessage(payload);
      await client.listen(quoted, callback);
      let stopped = false;
      const unlisten = async () => {
        if (stopped) return;
        stopped = true;
        unlisteners.delete(unlisten);
        if (!client.closed) await client.unlisten(quoted, callback);
      };
      unlisteners.add(unlisten);
      return unlisten;
    },
    close() {
      closing ??= (async () => {
        for (const unlisten of [...unlisteners]) await unlisten().catch(() => undefined);
        if (!client.closed) await client.close();
      })();
      return closing;
    },
    describe() {
      return dataDir ? `PGlite at ${dataDir}` : 'PGlite in memory';
    },
  };
  const lock = createMutex();
  registerInternals(handle, {
    migrate: (config) => migrate(drizzleDb, config),
    withMigrationLock: lock,
  });
  pgliteClients.set(handle, client);
  return handle;
}

const pgliteClients = new WeakMap<DatabaseHandle, PGlite>();

/** Uncompressed tarball of a PGlite handle's data dir. @internal */
export async function dumpPglite(handle: DatabaseHandle): Promise<Blob> {
  const client = pgliteClients.get(handle);
  if (!client) throw new Error('dumpPglite: not a PGlite handle');
  return client.dumpDataDir('none');
}
