import type { MigrationConfig } from 'drizzle-orm/migrator';
import type { DatabaseHandle } from './database-handle';

/** Driver-specific operations that the public {@link DatabaseHandle} does not expose. @internal */
export interface HandleInternals {
  /** Runs drizzle's migrator for this driver. */
  migrate(config: MigrationConfig): Promise<void>;
  /**
   * Runs `fn` while holding the migration lock: an in-process mutex, plus on PostgreSQL a
   * session-level `pg_advisory_lock` on a dedicated connection, so that app nodes starting
   * together never apply migrations twice.
   */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
}

const internals = new WeakMap<object, HandleInternals>();

/** @internal */
export function registerInternals(handle: DatabaseHandle, value: HandleInternals): void {
  internals.set(handle, value);
}

/** @internal Throws when `handle` was not made by openDatabase (e.g. a spread copy). */
export function internalsOf(handle: DatabaseHandle): HandleInternals {
  const value = internals.get(handle);
  if (!value) throw new Error('Not a DatabaseHandle created by @portico/db openDatabase()');
  return value;
}

/** A promise-chain mutex. @internal */
export function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Rejects channel names that cannot be quoted safely as an identifier. @internal */
export function checkChannel(channel: string): void {
  if (!channel || channel.includes('"') || channel.includes('\0')) {
    throw new Error(`Invalid notification channel name: ${JSON.stringify(channel)}`);
  }
}
