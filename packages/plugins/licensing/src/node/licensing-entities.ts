import { and, eq, getTableName, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { inject, injectable } from 'inversify';
import type { FieldError } from '@portico/core';
import { Database, DatabaseHandle, isUuid } from '@portico/db';
import type { EntityContribution, EntityDefinition, EntityHooks } from '@portico/entities';
import { PortalAccounts } from '@portico/plugin-portal/node';
import { APPLICATION_STATUSES, IsoDate, LICENSE_STATUSES, LicensingEntities, RENEWAL_STATUSES } from '../common/index';
import { addMonths, todayIso } from './licensing-service';
import {
  licensingApplicationFiles as files, licensingApplications as apps, licensingLicenseTypes as types, licensingLicenses as licenses,
  licensingPersons as persons, licensingRenewalRequests as renewals,
} from './licensing-schema';

/**
 * A column of the outer query, always qualified by its table. Drizzle leaves columns
 * unqualified in single-table selects, and inside a correlated subquery `"id"` would then mean
 * the subquery's own `id`.
 */
const outer = (column: PgColumn): SQL => sql.raw(`"${getTableName(column.table)}"."${column.name}"`);

const label = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const choices = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));
const DATE_HELP = 'Year-month-day, for example 2027-03-31.';

/** Person: an individual registration, linked to a portal account by its Portal Access Credential. */
export const personEntity: Omit<EntityDefinition, 'hooks'> = {
  logicalName: LicensingEntities.person,
  displayName: 'Person',
  pluralName: 'Persons',
  listName: 'All Persons',
  primaryField: 'fullName',
  table: persons,
  idColumn: persons.id,
  versionColumn: persons.version,
  columns: {
    firstName: persons.firstName, lastName: persons.lastName, dateOfBirth: persons.dateOfBirth, email: persons.email, phone: persons.phone,
    addressLine1: persons.addressLine1, addressLine2: persons.addressLine2, city: persons.city, postalCode: persons.postalCode, country: persons.country,
    portalUserId: persons.portalUserId, createdAt: persons.createdAt,
  },
  computed: {
    fullName: sql<string>`${persons.firstName} || ' ' || ${persons.lastName}`,
    // Display only: the credential's sign-in address, read from the portal plugin's table.
    portalUserEmail: sql<string>`(select pu.email from portal_users pu where pu.id = ${outer(persons.portalUserId)})`,
    licenseCount: sql<number>`(select count(*)::int from ${licenses} l where l.person_id = ${outer(persons.id)})`,
  },
  fields: [
    { name: 'fullName', label: 'Name', type: 'text', readOnly: true },
    { name: 'firstName', label: 'First Name', type: 'text', required: true, maxLength: 100, sortable: true },
    { name: 'lastName', label: 'Last Name', type: 'text', required: true, maxLength: 100, sortable: true, filterable: true },
    { name: 'dateOfBirth', label: 'Date of Birth', type: 'text', maxLength: 10, help: DATE_HELP, sortable: true },
    { name: 'email', label: 'E-mail Address', type: 'email', sortable: true },
    { name: 'phone', label: 'Phone', type: 'text', maxLength: 40 },
    { name: 'addressLine1', label: 'Address Line 1', type: 'text', maxLength: 200 },
    { name: 'addressLine2', label: 'Address Line 2', type: 'text', maxLength: 200 },
    { name: 'city', label: 'Town or City', type: 'text', maxLength: 100, sortable: true, filterable: true },
    { name: 'postalCode', label: 'Postal Code', type: 'text', maxLength: 20 },
    { name: 'country', label: 'Country', type: 'text', maxLength: 100 },
    { name: 'portalUserId', label: 'Portal Access Credential', type: 'lookup', lookup: { entity: 'tc_portaluser' }, help: 'The portal account that acts for this person (its id). At most one person per account.' },
    { name: 'portalUserEmail', label: 'Portal Account E-mail', type: 'text', readOnly: true },
    { name: 'licenseCount', label: 'Licenses', type: 'number', readOnly: true },
    { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
  ],
  sections: [
    { id: 'person', group: 'This Record', label: 'Person', fields: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone'] },
    { id: 'address', group: 'This Record', label: 'Address', fields: ['addressLine1', 'addressLine2', 'city', 'postalCode', 'country'] },
    { id: 'access', group: 'This Record', label: 'Portal Access', fields: ['portalUserId', 'portalUserEmail', 'licenseCount', 'createdAt'] },
  ],
  listColumns: ['fullName', 'dateOfBirth', 'email', 'city', 'portalUserEmail', 'licenseCount', 'createdAt'],
  defaultSort: { field: 'lastName', direction: 'asc' },
  keywordFields: ['firstName', 'lastName', 'email'],
  allowDelete: false,
};

/** License type: what can be licensed, its number prefix and validity. */
export const licenseTypeEntity: Omit<EntityDefinition, 'hooks'> = {
  logicalName: LicensingEntities.licenseType,
  displayName: 'License Type',
  pluralName: 'License Types',
  listName: 'All License Types',
  primaryField: 'name',
  table: types,
  idColumn: types.id,
  versionColumn: types.version,
  columns: { code: types.code, name: types.name, description: types.description, numberPrefix: types.numberPrefix, validityMonths: types.validityMonths, openForApplications: types.openForApplications },
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200, sortable: true },
    { name: 'code', label: 'Code', type: 'text', required: true, maxLength: 40, sortable: true, help: 'A short unique code, e.g. ELEC.' },
    { name: 'description', label: 'Description', type: 'text', maxLength: 2000, help: 'Shown to applicants in the Applicant Portal.' },
    { name: 'numberPrefix', label: 'License Number Prefix', type: 'text', required: true, maxLength: 6, help: '1–6 capital letters; numbers look like EL-2026-000042.' },
    { name: 'validityMonths', label: 'Validity (months)', type: 'number', required: true, defaultValue: 12, sortable: true },
    { name: 'openForApplications', label: 'Open for Applications', type: 'yesno', defaultValue: true, filterable: true, help: 'Yes offers this license in the Applicant Portal.' },
  ],
  sections: [{ id: 'type', group: 'This Record', label: 'License Type', fields: ['name', 'code', 'description', 'numberPrefix', 'validityMonths', 'openForApplications'] }],
  listColumns: ['name', 'code', 'numberPrefix', 'validityMonths', 'openForApplications'],
  defaultSort: { field: 'name', direction: 'asc' },
  keywordFields: ['name', 'code'],
  allowDelete: false,
};

/** Individual license held by a person. The number is generated; the status is set by staff. */
export const licenseEntity: Omit<EntityDefinition, 'hooks'> = {
  logicalName: LicensingEntities.license,
  displayName: 'License',
  pluralName: 'Licenses',
  listName: 'All Licenses',
  primaryField: 'licenseNumber',
  table: licenses,
  idColumn: licenses.id,
  versionColumn: licenses.version,
  columns: {
    licenseNumber: licenses.licenseNumber, licenseTypeId: licenses.licenseTypeId, personId: licenses.personId, status: licenses.status,
    issuedOn: licenses.issuedOn, expiresOn: licenses.expiresOn, applicationId: licenses.applicationId, createdAt: licenses.createdAt,
  },
  computed: {
    holderName: sql<string>`(select p.first_name || ' ' || p.last_name from ${persons} p where p.id = ${outer(licenses.personId)})`,
    licenseTypeName: sql<string>`(select t.name from ${types} t where t.id = ${outer(licenses.licenseTypeId)})`,
    currentStatus: sql<string>`case when ${licenses.status} = 'active' and ${licenses.expiresOn} < current_date then 'expired' else ${licenses.status} end`,
  },
  fields: [
    { name: 'licenseNumber', label: 'License Number', type: 'text', readOnly: true, sortable: true },
    { name: 'licenseTypeId', label: 'License Type', type: 'lookup', lookup: { entity: LicensingEntities.licenseType }, required: true, filterable: true },
    { name: 'licenseTypeName', label: 'Type', type: 'text', readOnly: true },
    { name: 'personId', label: 'Holder (Person)', type: 'lookup', lookup: { entity: LicensingEntities.person }, required: true, filterable: true },
    { name: 'holderName', label: 'Holder', type: 'text', readOnly: true },
    { name: 'status', label: 'Status', type: 'choice', choices: choices(LICENSE_STATUSES), defaultValue: 'active', required: true, filterable: true, sortable: true },
    {
      name: 'currentStatus', label: 'Current Status', type: 'choice', choices: choices(LICENSE_STATUSES), readOnly: true, filterable: true,
      help: 'An active license past its expiry date counts as expired.',
    },
    { name: 'issuedOn', label: 'Issued On', type: 'text', maxLength: 10, help: `${DATE_HELP} Today when left empty.`, sortable: true },
    { name: 'expiresOn', label: 'Expires On', type: 'text', maxLength: 10, help: `${DATE_HELP} From the type's validity when left empty.`, sortable: true },
    { name: 'applicationId', label: 'Application', type: 'lookup', lookup: { entity: LicensingEntities.application }, readOnly: true },
    { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
  ],
  sections: [
    { id: 'license', group: 'This Record', label: 'License', fields: ['licenseNumber', 'licenseTypeId', 'licenseTypeName', 'personId', 'holderName'] },
    { id: 'validity', group: 'This Record', label: 'Status and Validity', fields: ['status', 'currentStatus', 'issuedOn', 'expiresOn'] },
    { id: 'system', group: 'This Record', label: 'System', fields: ['applicationId', 'createdAt'] },
  ],
  listColumns: ['licenseNumber', 'licenseTypeName', 'holderName', 'status', 'currentStatus', 'issuedOn', 'expiresOn'],
  defaultSort: { field: 'createdAt', direction: 'desc' },
  keywordFields: ['licenseNumber'],
  allowDelete: false,
};

/** Application for an individual license, from the Applicant Portal; staff approve or reject it. */
export const applicationEntity: Omit<EntityDefinition, 'hooks'> = {
  logicalName: LicensingEntities.application,
  displayName: 'License Application',
  pluralName: 'License Applications',
  listName: 'All License Applications',
  primaryField: 'reference',
  table: apps,
  idColumn: apps.id,
  versionColumn: apps.version,
  columns: {
    reference: apps.reference, status: apps.status, licenseTypeId: apps.licenseTypeId, firstName: apps.firstName, lastName: apps.lastName,
    dateOfBirth: apps.dateOfBirth, email: apps.email, phone: apps.phone, addressLine1: apps.addressLine1, addressLine2: apps.addressLine2,
    city: apps.city, postalCode: apps.postalCode, country: apps.country, qualifications: apps.qualifications, submittedAt: apps.submittedAt,
    decidedAt: apps.decidedAt, decidedByName: apps.decidedByName, decisionNote: apps.decisionNote, personId: apps.personId, licenseId: apps.licenseId,
    portalUserId: apps.portalUserId, createdAt: apps.createdAt,
  },
  computed: {
    applicantName: sql<string>`trim(coalesce(${apps.firstName}, '') || ' ' || coalesce(${apps.lastName}, ''))`,
    licenseTypeName: sql<string>`(select t.name from ${types} t where t.id = ${outer(apps.licenseTypeId)})`,
    licenseNumber: sql<string>`(select l.license_number from ${licenses} l where l.id = ${outer(apps.licenseId)})`,
    documentCount: sql<number>`(select count(*)::int from ${files} f where f.application_id = ${outer(apps.id)})`,
  },
  fields: [
    { name: 'reference', label: 'Reference', type: 'text', readOnly: true, sortable: true },
    { name: 'status', label: 'Status', type: 'choice', choices: choices(APPLICATION_STATUSES), readOnly: true, filterable: true, sortable: true },
    { name: 'licenseTypeId', label: 'License Type', type: 'lookup', lookup: { entity: LicensingEntities.licenseType }, readOnly: true },
    { name: 'licenseTypeName', label: 'License Applied For', type: 'text', readOnly: true },
    { name: 'applicantName', label: 'Applicant', type: 'text', readOnly: true },
    { name: 'firstName', label: 'First Name', type: 'text', readOnly: true, sortable: true },
    { name: 'lastName', label: 'Last Name', type: 'text', readOnly: true, sortable: true },
    { name: 'dateOfBirth', label: 'Date of Birth', type: 'text', readOnly: true },
    { name: 'email', label: 'E-mail Address', type: 'email', readOnly: true },
    { name: 'phone', label: 'Phone', type: 'text', readOnly: true },
    { name: 'addressLine1', label: 'Address Line 1', type: 'text', readOnly: true },
    { name: 'addressLine2', label: 'Address Line 2', type: 'text', readOnly: true },
    { name: 'city', label: 'Town or City', type: 'text', readOnly: true },
    { name: 'postalCode', label: 'Postal Code', type: 'text', readOnly: true },
    { name: 'country', label: 'Country', type: 'text', readOnly: true },
    { name: 'qualifications', label: 'Qualifications and Experience', type: 'text', readOnly: true },
    { name: 'documentCount', label: 'Documents Attached', type: 'number', readOnly: true },
    { name: 'submittedAt', label: 'Submitted On', type: 'datetime', readOnly: true, sortable: true },
    { name: 'decidedAt', label: 'Decided On', type: 'datetime', readOnly: true, sortable: true },
    { name: 'decidedByName', label: 'Decided By', type: 'text', readOnly: true },
    { name: 'decisionNote', label: 'Decision Note', type: 'text', readOnly: true },
    { name: 'licenseNumber', label: 'License Issued', type: 'text', readOnly: true },
    { name: 'licenseId', label: 'License', type: 'lookup', lookup: { entity: LicensingEntities.license }, readOnly: true },
    { name: 'personId', label: 'Person', type: 'lookup', lookup: { entity: LicensingEntities.person }, readOnly: true },
    { name: 'portalUserId', label: 'Portal Account', type: 'lookup', lookup: { entity: 'tc_portaluser' }, readOnly: true },
    { name: 'createdAt', label: 'Started On', type: 'datetime', readOnly: true, sortable: true },
  ],
  sections: [
    { id: 'application', group: 'This Record', label: 'Application', fields: ['reference', 'status', 'licenseTypeName', 'submittedAt', 'documentCount'] },
    { id: 'applicant', group: 'This Record', label: 'Applicant', fields: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone'] },
    { id: 'address', group: 'This Record', label: 'Address', fields: ['addressLine1', 'addressLine2', 'city', 'postalCode', 'country'] },
    { id: 'qualifications', group: 'This Record', label: 'Qualifications', fields: ['qualifications'] },
    { id: 'decision', group: 'This Record', label: 'Decision', fields: ['decidedAt', 'decidedByName', 'decisionNote', 'licenseNumber'] },
  ],
  listColumns: ['reference', 'applicantName', 'licenseTypeName', 'status', 'submittedAt', 'decidedAt', 'licenseNumber'],
  defaultSort: { field: 'createdAt', direction: 'desc' },
  keywordFields: ['reference', 'lastName', 'firstName', 'email'],
  allowDelete: false,
};

/** Renewal request for a license near expiry, made in the Licensee Portal. */
export const renewalEntity: Omit<EntityDefinition, 'hooks'> = {
  logicalName: LicensingEntities.renewal,
  displayName: 'Renewal Request',
  pluralName: 'Renewal Requests',
  listName: 'All Renewal Requests',
  primaryField: 'licenseNumber',
  table: renewals,
  idColumn: renewals.id,
  versionColumn: renewals.version,
  columns: { licenseId: renewals.licenseId, status: renewals.status, note: renewals.note, requestedAt: renewals.requestedAt, handledAt: renewals.handledAt, handledByName: renewals.handledByName },
  computed: {
    licenseNumber: sql<string>`(select l.license_number from ${licenses} l where l.id = ${outer(renewals.licenseId)})`,
    holderName: sql<string>`(select p.first_name || ' ' || p.last_name from ${licenses} l join ${persons} p on p.id = l.person_id where l.id = ${outer(renewals.licenseId)})`,
    expiresOn: sql<string>`(select l.expires_on::text from ${licenses} l where l.id = ${outer(renewals.licenseId)})`,
  },
  fields: [
    { name: 'licenseNumber', label: 'License Number', type: 'text', readOnly: true },
    { name: 'licenseId', label: 'License', type: 'lookup', lookup: { entity: LicensingEntities.license }, readOnly: true },
    { name: 'holderName', label: 'Holder', type: 'text', readOnly: true },
    { name: 'expiresOn', label: 'License Expires On', type: 'text', readOnly: true },
    { name: 'status', label: 'Status', type: 'choice', choices: choices(RENEWAL_STATUSES), required: true, filterable: true, sortable: true },
    { name: 'note', label: "Licensee's Note", type: 'text', readOnly: true },
    { name: 'requestedAt', label: 'Requested On', type: 'datetime', readOnly: true, sortable: true },
    { name: 'handledAt', label: 'Handled On', type: 'datetime', readOnly: true, sortable: true },
    { name: 'handledByName', label: 'Handled By', type: 'text', readOnly: true },
  ],
  sections: [
    { id: 'request', group: 'This Record', label: 'Renewal Request', fields: ['licenseNumber', 'holderName', 'expiresOn', 'note', 'requestedAt'] },
    { id: 'handling', group: 'This Record', label: 'Handling', fields: ['status', 'handledAt', 'handledByName'] },
  ],
  listColumns: ['licenseNumber', 'holderName', 'expiresOn', 'status', 'requestedAt', 'handledAt'],
  defaultSort: { field: 'requestedAt', direction: 'desc' },
  keywordFields: [],
  allowDelete: false,
};

function dateErrors(values: Record<string, unknown>, names: string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of names) {
    const v = values[name];
    if (typeof v === 'string' && v !== '' && !IsoDate.safeParse(v).success) errors.push({ path: name, message: 'must be a date written year-month-day, e.g. 2027-03-31' });
  }
  return errors;
}

/** Registers the licensing entities with their business rules. */
@injectable()
export class LicensingEntityContribution implements EntityContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(DatabaseHandle) private readonly handle: DatabaseHandle,
    @inject(PortalAccounts) private readonly accounts: PortalAccounts,
  ) {}

  registerEntities(registry: { register(definition: EntityDefinition): void }): void {
    registry.register({ ...personEntity, hooks: this.personHooks() });
    registry.register({ ...licenseTypeEntity, hooks: this.typeHooks() });
    registry.register({ ...licenseEntity, hooks: this.licenseHooks() });
    registry.register({ ...applicationEntity, hooks: { validate: async (_v, _c, existing) => (existing ? [] : [{ path: 'reference', message: 'Applications are made by applicants in the Applicant Portal' }]) } });
    registry.register({ ...renewalEntity, hooks: this.renewalHooks() });
  }

  private personHooks(): EntityHooks {
    return {
      validate: async (values, _ctx, existing) => {
        const errors = dateErrors(values, ['dateOfBirth']);
        const credential = values.portalUserId;
        if (typeof credential === 'string') {
          if (!(await this.accounts.byId(credential))) errors.push({ path: 'portalUserId', message: 'is not a portal user' });
          else {
            const [dup] = await this.db.select({ id: persons.id }).from(persons).where(and(eq(persons.portalUserId, credential), existing ? ne(persons.id, existing.id) : undefined));
            if (dup) errors.push({ path: 'portalUserId', message: 'is already the credential of another person', link: `/licensing/persons/${dup.id}` });
          }
        }
        return errors;
      },
    };
  }

  private typeHooks(): EntityHooks {
    return {
      validate: async (values, _ctx, existing) => {
        const errors: FieldError[] = [];
        if (typeof values.numberPrefix === 'string' && !/^[A-Z]{1,6}$/.test(values.numberPrefix)) errors.push({ path: 'numberPrefix', message: 'must be 1–6 capital letters' });
        if (typeof values.validityMonths === 'number' && !(Number.isInteger(values.validityMonths) && values.validityMonths >= 1 && values.validityMonths <= 240)) {
          errors.push({ path: 'validityMonths', message: 'must be a whole number of months from 1 to 240' });
        }
        if (typeof values.code === 'string') {
          const [dup] = await this.db.select({ id: types.id }).from(types).where(and(sql`lower(${types.code}) = ${values.code.toLowerCase()}`, existing ? ne(types.id, existing.id) : undefined));
          if (dup) errors.push({ path: 'code', message: 'is already used by another license type', link: `/licensing/license-types/${dup.id}` });
        }
        return errors;
      },
    };
  }

  private licenseHooks(): EntityHooks {
    return {
      validate: async (values, _ctx, existing) => {
        const errors = dateErrors(values, ['issuedOn', 'expiresOn']);
        if (typeof values.personId === 'string') {
          const [p] = await this.db.select({ id: persons.id }).from(persons).where(eq(persons.id, values.personId));
          if (!p) errors.push({ path: 'personId', message: 'is not a person' });
        }
        if (typeof values.licenseTypeId === 'string') {
          const [t] = await this.db.select({ id: types.id }).from(types).where(eq(types.id, values.licenseTypeId));
          if (!t) errors.push({ path: 'licenseTypeId', message: 'is not a license type' });
        }
        const issued = (values.issuedOn ?? existing?.issuedOn) as string | null | undefined;
        const expires = (values.expiresOn ?? existing?.expiresOn) as string | null | undefined;
        if (!errors.length && issued && expires && expires < issued) errors.push({ path: 'expiresOn', message: 'must not be before the issue date' });
        return errors;
      },
      beforeCreate: async (values) => {
        const typeId = String(values.licenseTypeId);
        const [type] = isUuid(typeId) ? await this.db.select().from(types).where(eq(types.id, typeId)) : [];
        const issuedOn = typeof values.issuedOn === 'string' && values.issuedOn ? values.issuedOn : todayIso();
        const expiresOn = typeof values.expiresOn === 'string' && values.expiresOn ? values.expiresOn : addMonths(issuedOn, type?.validityMonths ?? 12);
        const [row] = await this.handle.rows<{ n: string }>(sql`select nextval('licensing_license_number_seq')::text as n`);
        const licenseNumber = `${type?.numberPrefix ?? 'LIC'}-${issuedOn.slice(0, 4)}-${row!.n.padStart(6, '0')}`;
        return { ...values, issuedOn, expiresOn, licenseNumber };
      },
    };
  }

  private renewalHooks(): EntityHooks {
    return {
      validate: async (_values, _ctx, existing) => (existing ? [] : [{ path: 'licenseNumber', message: 'Renewal requests are made by licensees in the Licensee Portal' }]),
      // Who handled the request, and when: set when staff move it out of "requested".
      afterWrite: async (tx, event, ctx) => {
        if (event.action !== 'update' || event.before?.status === event.record.status) return;
        const handled = event.record.status === 'requested' ? { handledAt: null, handledByName: null } : { handledAt: new Date(), handledByName: ctx.actor.name ?? null };
        await tx.update(renewals).set(handled).where(eq(renewals.id, event.record.id));
      },
    };
  }
}
