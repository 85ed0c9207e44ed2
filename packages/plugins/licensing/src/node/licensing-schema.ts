import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, index, integer, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** PostgreSQL `bytea`; PGlite returns Uint8Array, postgres.js Buffer: always handed out as Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * The portal plugin's `portal_users` table, declared here only as the target of foreign keys
 * (its id). Not exported and never queried: portal accounts are read through the portal
 * plugin's services. (Importing the table from `@portico/plugin-portal/node` would load the
 * whole plugin into drizzle-kit, which cannot compile its decorators.)
 */
const portalUsers = pgTable('portal_users', { id: uuid('id').primaryKey() });

/** Numbers of issued licenses (`<prefix>-<year>-<000123>`) and application references (`APP-000123`). */
export const licenseNumberSeq = pgSequence('licensing_license_number_seq', { startWith: 1 });
export const applicationReferenceSeq = pgSequence('licensing_application_reference_seq', { startWith: 1 });

/**
 * A person (entity `lic_person`): an individual registration. `portal_user_id` is the
 * "Portal Access Credential": the portal account that acts for the person (at most one person
 * per portal account).
 */
export const licensingPersons = pgTable(
  'licensing_persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    postalCode: text('postal_code'),
    country: text('country'),
    portalUserId: uuid('portal_user_id').references(() => portalUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('licensing_persons_portal_user_key').on(t.portalUserId),
    index('licensing_persons_last_name_trgm').using('gin', sql`${t.lastName} gin_trgm_ops`),
    index('licensing_persons_first_name_trgm').using('gin', sql`${t.firstName} gin_trgm_ops`),
    index('licensing_persons_email_trgm').using('gin', sql`${t.email} gin_trgm_ops`),
    index('licensing_persons_name_sort_idx').on(t.lastName, t.id),
  ],
);
export type LicensingPersonRow = typeof licensingPersons.$inferSelect;

/** A license type (entity `lic_licensetype`), e.g. "Electrician" (prefix EL, valid 36 months). */
export const licensingLicenseTypes = pgTable(
  'licensing_license_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Prefix of license numbers of this type (`EL-2026-000042`). */
    numberPrefix: text('number_prefix').notNull(),
    validityMonths: integer('validity_months').notNull().default(12),
    /** Offered in the Applicant Portal. */
    openForApplications: boolean('open_for_applications').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('licensing_license_types_code_key').on(sql`lower(${t.code})`), check('licensing_license_types_validity', sql`${t.validityMonths} between 1 and 240`)],
);
export type LicenseTypeRow = typeof licensingLicenseTypes.$inferSelect;

/** An individual license (entity `lic_license`) held by a person. */
export const licensingLicenses = pgTable(
  'licensing_licenses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    licenseNumber: text('license_number').notNull(),
    licenseTypeId: uuid('license_type_id').notNull().references(() => licensingLicenseTypes.id, { onDelete: 'restrict' }),
    personId: uuid('person_id').notNull().references(() => licensingPersons.id, { onDelete: 'restrict' }),
    /** 'active' | 'expired' | 'suspended' | 'revoked' */
    status: text('status').notNull().default('active'),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    applicationId: uuid('application_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('licensing_licenses_number_key').on(t.licenseNumber),
    index('licensing_licenses_person_idx').on(t.personId, t.status, t.expiresOn),
    index('licensing_licenses_number_trgm').using('gin', sql`${t.licenseNumber} gin_trgm_ops`),
    check('licensing_licenses_status', sql`${t.status} in ('active', 'expired', 'suspended', 'revoked')`),
    check('licensing_licenses_dates', sql`${t.expiresOn} >= ${t.issuedOn}`),
  ],
);
export type LicenseRow = typeof licensingLicenses.$inferSelect;

/**
 * An application for an individual license (entity `lic_application`), made by a portal user in
 * the Applicant Portal. A `draft` is saved step by step; `submitted` waits for staff, who
 * approve (a license is issued) or reject it.
 */
export const licensingApplications = pgTable(
  'licensing_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    portalUserId: uuid('portal_user_id').notNull().references(() => portalUsers.id, { onDelete: 'cascade' }),
    /** 'draft' | 'submitted' | 'approved' | 'rejected' */
    status: text('status').notNull().default('draft'),
    /** The furthest step the applicant has completed (save and continue). */
    step: integer('step').notNull().default(0),
    licenseTypeId: uuid('license_type_id').references(() => licensingLicenseTypes.id, { onDelete: 'restrict' }),
    firstName: text('first_name'),
    lastName: text('last_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    postalCode: text('postal_code'),
    country: text('country'),
    qualifications: text('qualifications'),
    declarationAcceptedAt: timestamp('declaration_accepted_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedById: text('decided_by_id'),
    decidedByName: text('decided_by_name'),
    decisionNote: text('decision_note'),
    personId: uuid('person_id').references(() => licensingPersons.id, { onDelete: 'set null' }),
    licenseId: uuid('license_id').references(() => licensingLicenses.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('licensing_applications_reference_key').on(t.reference),
    index('licensing_applications_portal_user_idx').on(t.portalUserId, t.status),
    index('licensing_applications_status_idx').on(t.status, t.submittedAt),
    index('licensing_applications_last_name_trgm').using('gin', sql`${t.lastName} gin_trgm_ops`),
    check('licensing_applications_status', sql`${t.status} in ('draft', 'submitted', 'approved', 'rejected')`),
  ],
);
export type ApplicationRow = typeof licensingApplications.$inferSelect;

/** A file attached to an application (bytes kept apart so listing never reads them). */
export const licensingApplicationFiles = pgTable(
  'licensing_application_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull().references(() => licensingApplications.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('licensing_application_files_application_idx').on(t.applicationId)],
);
export type ApplicationFileRow = typeof licensingApplicationFiles.$inferSelect;

/** A renewal request for a license near expiry (entity `lic_renewal`), made in the Licensee Portal. */
export const licensingRenewalRequests = pgTable(
  'licensing_renewal_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    licenseId: uuid('license_id').notNull().references(() => licensingLicenses.id, { onDelete: 'cascade' }),
    portalUserId: uuid('portal_user_id').references(() => portalUsers.id, { onDelete: 'set null' }),
    /** 'requested' | 'renewed' | 'declined' */
    status: text('status').notNull().default('requested'),
    note: text('note'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    handledByName: text('handled_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('licensing_renewal_requests_license_idx').on(t.licenseId, t.status),
    // One open request per license.
    uniqueIndex('licensing_renewal_requests_open_key').on(t.licenseId).where(sql`${t.status} = 'requested'`),
    check('licensing_renewal_requests_status', sql`${t.status} in ('requested', 'renewed', 'declined')`),
  ],
);
export type RenewalRequestRow = typeof licensingRenewalRequests.$inferSelect;
