import type { MigrationContribution } from '@portico/core';
import { sql } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseHandle } from './database-handle';
import { internalsOf } from './handle-internals';

/** Schema holding one journal table per plugin. */
export const MIGRATIONS_SCHEMA = 'portico_migrations';

/** Thrown when a plugin's migrations fail; that plugin's pending migrations are all rolled back. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly pluginId: string,
    cause: unknown,
  ) {
    super(`Migrations of plugin "${pluginId}" failed: ${describeCause(cause)}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  // drizzle wraps driver errors ("Failed query: …") with the database error as `cause`: report the latter.
  let current: unknown = cause;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(cause);
}

/** Migration progress of one plugin. */
export interface MigrationStatus {
  pluginId: string;
  /** Rows in the plugin's journal table (0 when it does not exist yet). */
  applied: number;
  /** Entries in the folder's `meta/_journal.json`. */
  total: number;
}

/** The journal table of a plugin: its id with `-` replaced by `_` (`portico_migrations.<table>`). */
export function migrationsTableFor(pluginId: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(pluginId)) throw new Error(`Invalid plugin id for migrations: ${JSON.stringify(pluginId)}`);
  return pluginId.replace(/-/g, '_');
}

/**
 * Applies each plugin's drizzle-kit migrations folder, in the given order (plugin dependency
 * order), each plugin recorded in its own journal table `portico_migrations.<plugin_id>`.
 * A plugin's pending migrations run in one transaction: on failure nothing of them stays and a
 * {@link MigrationError} naming the plugin is thrown (later plugins are not attempted).
 * On PostgreSQL the whole run holds an advisory lock, so concurrent app nodes apply once.
 */
export async function migrateAll(handle: DatabaseHandle, contributions: readonly MigrationContribution[]): Promise<void> {
  const internals = internalsOf(handle);
  await internals.withMigrationLock(async () => {
    for (const { pluginId, migrationsFolder } of contributions) {
      const migrationsTable = migrationsTableFor(pluginId);
      try {
        await internals.migrate({ migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable });
      } catch (error) {
        throw new MigrationError(pluginId, error);
      }
    }
  });
}

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

async function readJournal(migrationsFolder: string): Promise<Journal> {
  const file = join(migrationsFolder, 'meta', '_journal.json');
  return JSON.parse(await readFile(file, 'utf8')) as Journal;
}

/** Applied and total migrations of each plugin, in the given order. */
export async function migrationStatus(
  handle: DatabaseHandle,
  contributions: readonly MigrationContribution[],
): Promise<MigrationStatus[]> {
  const result: MigrationStatus[] = [];
  for (const { pluginId, migrationsFolder } of contributions) {
    const table = migrationsTableFor(pluginId);
    const journal = await readJournal(migrationsFolder);
    const [exists] = await handle.rows<{ exists: boolean }>(
      sql`select to_regclass(${`${MIGRATIONS_SCHEMA}.${table}`}) is not null as "exists"`,
    );
    let applied = 0;
    if (exists?.exists) {
      const [row] = await handle.rows<{ count: number | string }>(
        sql`select count(*)::int as "count" from ${sql.identifier(MIGRATIONS_SCHEMA)}.${sql.identifier(table)}`,
      );
      applied = Number(row?.count ?? 0);
    }
    result.push({ pluginId, applied, total: journal.entries.length });
  }
  return result;
}

/** Number of migrations not applied yet, over all the given plugins. */
export async function pendingMigrations(
  handle: DatabaseHandle,
  contributions: readonly MigrationContribution[],
): Promise<number> {
  const status = await migrationStatus(handle, contributions);
  return status.reduce((sum, s) => sum + Math.max(0, s.total - s.applied), 0);
}
