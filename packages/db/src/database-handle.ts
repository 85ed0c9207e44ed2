import type { NotificationBus } from '@portico/core';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * The drizzle instance every plugin works with. Both the PGlite and the postgres.js drizzle
 * instances fit this type; write queries against it and never against a driver-specific type.
 */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** Inversify token for {@link Database} (the handle's `db`). */
export const Database = Symbol('Database');

/** Which driver a {@link DatabaseHandle} runs on. */
export type DatabaseKind = 'pglite' | 'postgres';

/** How to open the database; see {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL. When set, a postgres.js pool is used; otherwise PGlite. */
  url?: string;
  /** PGlite only: folder holding the data (created recursively). The caller supplies the default. */
  dataDir?: string;
  /** postgres.js only: pool size (default 10). */
  poolMax?: number;
  /**
   * postgres.js only: use server-side prepared statements (default true), which saves a round
   * trip per query. Set false behind a pooler that cannot keep them (PgBouncer in transaction
   * mode before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
  /** PGlite only: keep everything in memory (`memory://`); `dataDir` is then ignored. */
  memory?: boolean;
}

/**
 * One open database, the same interface for PGlite and PostgreSQL (postgres.js). It also
 * implements core's {@link NotificationBus} (LISTEN/NOTIFY).
 */
export interface DatabaseHandle extends NotificationBus {
  /** The drizzle instance. */
  readonly db: Database;
  readonly kind: DatabaseKind;
  /**
   * Runs a query and returns its rows as a plain array, whatever the driver
   * (PGlite's `db.execute()` gives `{ rows }`, postgres.js an array-like RowList).
   */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Resolves when the database answers `select 1`; rejects otherwise. */
  ping(): Promise<void>;
  /** Sends a notification (`select pg_notify(channel, payload)`); delivered after commit. */
  notify(channel: string, payload?: string): Promise<void>;
  /**
   * Listens on `channel` (case-sensitive, any characters except `"`); the returned function
   * stops this listener. On PostgreSQL the listeners share one extra dedicated connection.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Stops every listener and closes the database or pool. Idempotent. */
  close(): Promise<void>;
  /** Where the data lives, for logs: `PGlite at ./.portico/data`, `PostgreSQL at host:5432/db`. Never contains a password. */
  describe(): string;
}
/** Inversify token for {@link DatabaseHandle}. */
export const DatabaseHandle = Symbol('DatabaseHandle');
