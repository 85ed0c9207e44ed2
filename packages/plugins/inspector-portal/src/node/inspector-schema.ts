import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { licensingLicenses, licensingPersons } from '@portico/plugin-licensing/node';
import { portalUsers } from '@portico/plugin-portal/node';

/** PostgreSQL `bytea`; PGlite returns Uint8Array, postgres.js Buffer: always handed out as Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Inspection references (`INS-000123`) and generated badge numbers (`B-0042`). */
export const inspectionReferenceSeq = pgSequence('inspector_inspection_reference_seq', { startWith: 1 });
export const inspectorBadgeSeq = pgSequence('inspector_badge_seq', { startWith: 1 });

/**
 * An inspector (entity `ins_inspector`): a portal user that staff marked as an inspector. Only
 * active inspectors may sign in to the Inspector Portal. One inspector record per portal user.
 */
export const inspectors = pgTable(
  'inspector_inspectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    portalUserId: uuid('portal_user_id').notNull().references(() => portalUsers.id, { onDelete: 'restrict' }),
    badgeNumber: text('badge_number').notNull(),
    active: boolean('active').notNull().default(true),
    createdById: text('created_by_id'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('inspector_inspectors_portal_user_key').on(t.portalUserId),
    uniqueIndex('inspector_inspectors_badge_key').on(sql`lower(${t.badgeNumber})`),
    index('inspector_inspectors_created_at_idx').on(t.createdAt, t.id),
  ],
);
export type InspectorRow = typeof inspectors.$inferSelect;

/**
 * An inspection (entity `ins_inspection`) of a licensee's premises, assigned to one inspector.
 * Staff schedule it; the inspector records findings and a result in the Inspector Portal and
 * submits (then it is read-only for them); staff close it.
 */
export const inspections = pgTable(
  'inspector_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    personId: uuid('person_id').notNull().references(() => licensingPersons.id, { onDelete: 'restrict' }),
    licenseId: uuid('license_id').references(() => licensingLicenses.id, { onDelete: 'restrict' }),
    premisesAddress: text('premises_address').notNull(),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull(),
    inspectionType: text('inspection_type').notNull(),
    inspectorId: uuid('inspector_id').notNull().references(() => inspectors.id, { onDelete: 'restrict' }),
    /** 'scheduled' | 'in-progress' | 'submitted' | 'closed' */
    status: text('status').notNull().default('scheduled'),
    findings: text('findings'),
    /** 'pass' | 'pass-with-conditions' | 'fail' */
    result: text('result'),
    conditions: text('conditions'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdById: text('created_by_id'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('inspector_inspections_reference_key').on(t.reference),
    // The Inspector Portal's list: an inspector's open inspections by date.
    index('inspector_inspections_inspector_idx').on(t.inspectorId, t.status, t.scheduledFor),
    index('inspector_inspections_person_idx').on(t.personId),
    index('inspector_inspections_scheduled_idx').on(t.scheduledFor, t.id),
    index('inspector_inspections_created_at_idx').on(t.createdAt, t.id),
    index('inspector_inspections_premises_trgm').using('gin', sql`${t.premisesAddress} gin_trgm_ops`),
    check('inspector_inspections_status', sql`${t.status} in ('scheduled', 'in-progress', 'submitted', 'closed')`),
    check('inspector_inspections_result', sql`${t.result} is null or ${t.result} in ('pass', 'pass-with-conditions', 'fail')`),
    check('inspector_inspections_type', sql`${t.inspectionType} in ('routine', 'pre-licence', 'follow-up', 'complaint')`),
    check('inspector_inspections_submitted', sql`${t.status} not in ('submitted', 'closed') or (${t.result} is not null and ${t.submittedAt} is not null)`),
  ],
);
export type InspectionRow = typeof inspections.$inferSelect;

/** A photo or document attached to an inspection by its inspector (bytes kept apart from listings). */
export const inspectionAttachments = pgTable(
  'inspector_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedByPortalUserId: uuid('uploaded_by_portal_user_id').references(() => portalUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspector_attachments_inspection_idx').on(t.inspectionId, t.createdAt)],
);
export type InspectionAttachmentRow = typeof inspectionAttachments.$inferSelect;
