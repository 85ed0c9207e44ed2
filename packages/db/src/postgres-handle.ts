import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database, DatabaseHandle } from './database-handle';
import { checkChannel, createMutex, registerInternals } from './handle-internals';
import { executeRows } from './sql-helpers';
import { oneRoundTripClient } from './one-round-trip-client';

/** Key of the advisory lock held while migrations run (any fixed 64-bit number). */
export const MIGRATION_LOCK_KEY = 7_340_251_985_116_004n;

const silent = () => undefined;

/** Opens a postgres.js pool and wraps it in a {@link DatabaseHandle}. @internal */
export async function openPostgres(url: string, poolMax = 10, preparedStatements = true): Promise<DatabaseHandle> {
  // Every execution planned for its values, as unnamed statements are: the pool prepares
  // statements only to save a round trip (see one-round-trip-client.ts). Without prepared
  // statements (behind some poolers) nothing is prepared, not even drizzle's `.prepare()`d ones.
  const client = postgres(url, {
    max: poolMax,
    onnotice: silent,
    ...(preparedStatements ? { connection: { plan_cache_mode: 'force_custom_plan' } } : { prepare: false }),
  });
  const drizzleDb = drizzle({ client: preparedStatements ? oneRoundTripClient(client) : client });
  const db = drizzleDb as unknown as Database;
  const unlisteners = new Set<() => Promise<void>>();
  let closing: Promise<void> | undefined;
  const mutex = createMutex();

  const handle: DatabaseHandle = {
    db,
    kind: 'postgres',
    rows: <T>(query: SQL) => executeRows<T>(drizzleDb, query),
    async ping() {
      await client`select 1`;
    },
    async notify(channel, payload = '') {
      checkChannel(channel);
      await client`select pg_notify(${channel}, ${payload})`;
    },
    async listen(channel, onMessage) {
      checkChannel(channel);
      const { unlisten: stop } = await client.listen(channel, onMessage);
      let stopped = false;
      const unlisten = async () => {
        if (stopped) return;
        stopped = true;
        unlisteners.delete(unlisten);
        await stop();
      };
      unlisteners.add(unlisten);
      return unlisten;
    },
    close() {
      closing ??= (async () => {
        for (const unlisten of [...unlisteners]) await unlisten().catch(() => undefined);
        await client.end({ timeout: 5 });
      })();
      return closing;
    },
    describe() {
      const { host, port, database } = client.options;
      const hosts = host.map((h, i) => `${h}:${port[i] ?? port[0] ?? 5432}`).join(',');
      return `PostgreSQL at ${hosts}/${database}`;
    },
  };

  registerInternals(handle, {
    migrate: (config) => migrate(drizzleDb, config),
    // A session-level advisory lock needs one connection for lock and unlock; a dedicated
    // short-lived connection also works with poolMax 1 (the migrations use the pool).
    withMigrationLock: (fn) =>
      mutex(async () => {
        const lockConnection = postgres(url, { max: 1, onnotice: silent, idle_timeout: 0 });
        try {
          await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
          try {
            return await fn();
          } finally {
            await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.catch(silent);
          }
        } finally {
          await lockConnection.end({ timeout: 5 });
        }
      }),
  });
  return handle;
}
