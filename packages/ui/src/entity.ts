/**
 * The browser side of the generic entity API (`/api/entities/:entity`): the metadata a record
 * list and record view are built from, record pages, and the record actions a plugin
 * contributes to `wb-entity-list` (as bulk actions) and `wb-entity-record` (in the menu bar).
 *
 * The types mirror `@portico/entities/common` structurally, so this design system does not
 * depend on the entities package.
 *
 * @example
 * ```ts
 * import { entityMetadata, type EntityAction } from '@portico/ui/entity';
 * const meta = await entityMetadata('tc_portaluser');
 * ```
 */
import { api } from './session';

export type EntityFieldType = 'text' | 'email' | 'yesno' | 'number' | 'datetime' | 'lookup' | 'choice';

export interface EntityFieldMetadata {
  name: string;
  label: string;
  type: EntityFieldType;
  required?: boolean;
  readOnly?: boolean;
  help?: string;
  maxLength?: number;
  choices?: Array<{ value: string; label: string }>;
  /** For `lookup` fields: the entity the value (a record id) refers to. */
  lookup?: { entity: string };
  defaultValue?: unknown;
  sortable?: boolean;
  filterable?: boolean;
}

export interface EntitySectionMetadata {
  id: string;
  label: string;
  group: string;
  fields: string[];
}

/** What the signed-in user may do with the entity's records. */
export interface EntityPermissions {
  read: boolean;
  write: boolean;
  create: boolean;
  delete: boolean;
}

export interface EntityMetadata {
  logicalName: string;
  displayName: string;
  pluralName: string;
  listName: string;
  primaryField: string;
  fields: EntityFieldMetadata[];
  sections: EntitySectionMetadata[];
  listColumns: string[];
  defaultSort: { field: string; direction: 'asc' | 'desc' };
  keywordFields: string[];
  allowDelete: boolean;
  can: EntityPermissions;
}

export interface EntityRecord {
  id: string;
  version: number;
  [field: string]: unknown;
}

export interface EntityRecordPage {
  items: EntityRecord[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

/**
 * An action on records, contributed by a plugin: a bulk action on the selected rows of
 * `wb-entity-list` and a button in the menu bar of `wb-entity-record`.
 */
export interface EntityAction {
  id: string;
  /** Button text, e.g. "Reset access". */
  label: string;
  icon?: string;
  /** Question asked before running (with `confirm()`); no question when absent. */
  confirm?: (records: EntityRecord[]) => string;
  /** Runs the action; resolves to the success notice ("Invitation sent to …"). */
  run: (records: EntityRecord[]) => Promise<string | void>;
  /** Shown only when this returns true (default: the user may write records). */
  available?: (can: EntityPermissions) => boolean;
  /** Offer it in the record view (default true). */
  record?: boolean;
  /** Offer it as a bulk action in the list (default true). */
  bulk?: boolean;
}

/** Whether `action` is offered to a user with `can`. */
export const actionAvailable = (action: EntityAction, can: EntityPermissions): boolean => (action.available ? action.available(can) : can.write);

const metadataCache = new Map<string, Promise<EntityMetadata>>();

/** The entity's metadata and the user's permissions (cached per page load; a failure is not cached). */
export function entityMetadata(entity: string, options: { reload?: boolean } = {}): Promise<EntityMetadata> {
  let pending = options.reload ? undefined : metadataCache.get(entity);
  if (!pending) {
    pending = api<EntityMetadata>(`/api/entities/${encodeURIComponent(entity)}`);
    metadataCache.set(entity, pending);
    pending.catch(() => metadataCache.delete(entity));
  }
  return pending;
}

/** At most this many records are offered by a lookup field (the first page of the target's list). */
export const LOOKUP_LIMIT = 200;

/**
 * The choices of a `lookup` field: the first {@link LOOKUP_LIMIT} records of the target entity
 * (in its default sort), labelled by its primary field. Rejects when the user may not read them.
 */
export async function lookupOptions(entity: string): Promise<Array<{ value: string; label: string }>> {
  const meta = await entityMetadata(entity);
  const page = await api<EntityRecordPage>(`/api/entities/${encodeURIComponent(entity)}/records?limit=${LOOKUP_LIMIT}`);
  return page.items.map((r) => ({ value: r.id, label: String(r[meta.primaryField] ?? r.id) }));
}

/** Forgets cached metadata (e.g. after sign-out, when permissions change). */
export function clearEntityMetadata(): void {
  metadataCache.clear();
}

/** A field value as text for lists and read-only fields. */
export function formatFieldValue(field: EntityFieldMetadata | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field?.type) {
    case 'yesno':
      return value ? 'Yes' : 'No';
    case 'datetime': {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    case 'choice':
      return field.choices?.find((c) => c.value === value)?.label ?? String(value);
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    default:
      return String(value);
  }
}

/** The last list URL (path + query) per list path, so Cancel / Close returns to the same search. */
const lastListUrl = new Map<string, string>();

export function rememberListUrl(basePath: string, url: string): void {
  lastListUrl.set(basePath, url);
}

export function listUrlFor(basePath: string): string {
  return lastListUrl.get(basePath) ?? basePath;
}

/** A notice to show on the next record view of a path (after a save that changed the URL). */
const flashes = new Map<string, string>();

export function setFlash(path: string, message: string): void {
  flashes.set(path, message);
}

export function takeFlash(path: string): string {
  const message = flashes.get(path) ?? '';
  flashes.delete(path);
  return message;
}
