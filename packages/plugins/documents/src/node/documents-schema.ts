import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** PostgreSQL `bytea`; PGlite returns Uint8Array, postgres.js Buffer: always handed out as Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A document category (CtgryNo), e.g. 10 "Invoices". */
export const documentCategories = pgTable('documents_categories', {
  ctgryNo: integer('ctgry_no').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A numbered index field of a category (FieldNo), e.g. 1020 "Company" (text). */
export const documentFields = pgTable(
  'documents_fields',
  {
    ctgryNo: integer('ctgry_no').notNull().references(() => documentCategories.ctgryNo, { onDelete: 'cascade' }),
    fieldNo: integer('field_no').notNull(),
    name: text('name').notNull(),
    /** 'text' | 'number' | 'date' | 'choice' */
    type: text('type').notNull(),
    /** For 'choice': the allowed values. */
    choices: jsonb('choices').$type<string[]>(),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ctgryNo, t.fieldNo] })],
);

/**
 * A document. `index_data` holds the index values keyed by FieldNo (`{"1020": "Moya River Trading",
 * "1030": "2018-02-14", "1040": 1250.5}`): text/choice as strings, numbers as JSON numbers, dates
 * as canonical `YYYY-MM-DD` strings; empty values are absent. See docs/documents.md.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ctgryNo: integer('ctgry_no').notNull().references(() => documentCategories.ctgryNo, { onDelete: 'restrict' }),
    indexData: jsonb('index_data').$type<Record<string, string | number>>().notNull().default({}),
    uploadedByPortalUserId: uuid('uploaded_by_portal_user_id'),
    createdById: text('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('documents_ctgry_idx').on(t.ctgryNo, t.id),
    // Exact and list filters compile to `index_data @> '{"1020":"X"}'`, which this index serves.
    index('documents_index_data_gin').using('gin', sql`${t.indexData} jsonb_path_ops`),
    // Wildcard filters add `index_data::text ilike '%"1020": "moya%'` (condition-sql.ts trigramHint), served by this.
    index('documents_index_data_trgm').using('gin', sql`(${t.indexData}::text) gin_trgm_ops`),
  ],
);

/** A file of a document. The bytes live in a FileStore: `documents_file_contents` (default) or a directory. */
export const documentFiles = pgTable(
  'documents_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** 'db' | 'dir' */
    storage: text('storage').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_files_document_idx').on(t.documentId)],
);

/** File bytes of the database FileStore (kept apart so listing files never reads them). */
export const documentFileContents = pgTable('documents_file_contents', {
  fileId: uuid('file_id').primaryKey().references(() => documentFiles.id, { onDelete: 'cascade' }),
  content: bytea('content').notNull(),
});

/** A numbered search (QueryNo) over one category. */
export const documentSearches = pgTable('documents_searches', {
  queryNo: integer('query_no').primaryKey(),
  ctgryNo: integer('ctgry_no').notNull().references(() => documentCategories.ctgryNo, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** Default sort field (null: newest first by creation). */
  sortFieldNo: integer('sort_field_no'),
  /** 'asc' | 'desc' */
  sortDir: text('sort_dir').notNull().default('asc'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Result columns of a search, in order. */
export const documentSearchColumns = pgTable(
  'documents_search_columns',
  {
    queryNo: integer('query_no').notNull().references(() => documentSearches.queryNo, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    fieldNo: integer('field_no').notNull(),
  },
  (t) => [primaryKey({ columns: [t.queryNo, t.position] })],
);

/** A search given to a portal user. Its conditions restrict what the user can ever see through it. */
export const documentAssignments = pgTable(
  'documents_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A portal user (tc_portaluser) id; the portal plugin owns that table. */
    portalUserId: uuid('portal_user_id').notNull(),
    queryNo: integer('query_no').notNull().references(() => documentSearches.queryNo, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('documents_assignments_user_query_key').on(t.portalUserId, t.queryNo)],
);

/** One condition of an assignment: a filter (condition syntax) on one field. All conditions must hold. */
export const documentAssignmentConditions = pgTable(
  'documents_assignment_conditions',
  {
    id: serial('id').primaryKey(),
    assignmentId: uuid('assignment_id').notNull().references(() => documentAssignments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    fieldNo: integer('field_no').notNull(),
    filter: text('filter').notNull(),
  },
  (t) => [index('documents_assignment_conditions_assignment_idx').on(t.assignmentId, t.position)],
);

/** A portal user may upload documents into a category. */
export const documentUploadPermissions = pgTable(
  'documents_upload_permissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    portalUserId: uuid('portal_user_id').notNull(),
    ctgryNo: integer('ctgry_no').notNull().references(() => documentCategories.ctgryNo, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('documents_upload_permissions_user_ctgry_key').on(t.portalUserId, t.ctgryNo)],
);

/** Pre-filled index values of an upload permission: 'write' (a default the user may change) or 'readonly' (enforced). */
export const documentUploadValues = pgTable(
  'documents_upload_values',
  {
    permissionId: uuid('permission_id').notNull().references(() => documentUploadPermissions.id, { onDelete: 'cascade' }),
    fieldNo: integer('field_no').notNull(),
    value: text('value').notNull(),
    /** 'write' | 'readonly' */
    mode: text('mode').notNull(),
  },
  (t) => [primaryKey({ columns: [t.permissionId, t.fieldNo] })],
);

export type CategoryRow = typeof documentCategories.$inferSelect;
export type FieldRow = typeof documentFields.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type FileRow = typeof documentFiles.$inferSelect;
export type SearchRow = typeof documentSearches.$inferSelect;
