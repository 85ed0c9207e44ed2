import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AuditActor, Principal } from '@portico/access';
import type { FieldError } from '@portico/core';
import type { Database } from '@portico/db';
import type { EntityMetadata, EntityRecord } from '../common/entity-metadata';

/** A database executor: the database itself or an open transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface WriteContext {
  principal: Principal;
  actor: AuditActor;
  requestId?: string;
}

/**
 * An entity: its metadata plus how it is stored. Each field is either a column of `table`
 * or a `computed` SQL expression (read-only, e.g. a derived status).
 *
 * @example
 * registry.register({ logicalName: 'tc_portaluser', table: portalUsers, idColumn: portalUsers.id,
 *   versionColumn: portalUsers.version, columns: { emailAddress: portalUsers.email, … }, … });
 */
export interface EntityDefinition extends EntityMetadata {
  table: PgTable;
  idColumn: PgColumn;
  versionColumn: PgColumn;
  /** Field name → column. */
  columns: Record<string, PgColumn>;
  /** Field name → read-only SQL expression. */
  computed?: Record<string, SQL>;
  /**
   * Optional: a column holding the `keywordFields` lower-cased and joined by spaces (a stored
   * generated column with a trigram index). "Narrow results by keyword" then runs one `LIKE`
   * on it instead of an `ILIKE` per field. Worth it for big tables (see the Portal User).
   */
  keywordColumn?: PgColumn;
  hooks?: EntityHooks;
}

export interface EntityHooks {
  /** Adds system values to a new record (created by, defaults) before the insert. */
  beforeCreate?(values: Record<string, unknown>, ctx: WriteContext): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Business rules beyond field types (e.g. a duplicate e-mail with a link to the existing record). */
  validate?(values: Record<string, unknown>, ctx: WriteContext, existing?: EntityRecord): Promise<FieldError[]>;
  /** Runs inside the write's transaction after the row was written (outbox mail, related rows). */
  afterWrite?(tx: Tx, event: { action: 'create' | 'update' | 'delete'; record: EntityRecord; before?: EntityRecord }, ctx: WriteContext): Promise<void>;
}

/** Plugins register entities through this point. */
export interface EntityContribution {
  registerEntities(registry: { register(definition: EntityDefinition): void }): void;
}
export const EntityContribution = Symbol('EntityContribution');

/** The metadata part of a definition, as sent to the browser. */
export function toMetadata(def: EntityDefinition): EntityMetadata {
  const { logicalName, displayName, pluralName, listName, primaryField, fields, sections, listColumns, defaultSort, keywordFields, allowDelete } = def;
  return { logicalName, displayName, pluralName, listName, primaryField, fields, sections, listColumns, defaultSort, keywordFields, allowDelete };
}
