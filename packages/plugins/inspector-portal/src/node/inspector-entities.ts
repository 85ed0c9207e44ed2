import { and, eq, ne, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import type { FieldError } from '@portico/core';
import { Database, DatabaseHandle, isUuid } from '@portico/db';
import type { EntityContribution, EntityDefinition, EntityHooks } from '@portico/entities';
import { LicensingEntities } from '@portico/plugin-licensing/common';
import { licensingLicenses, licensingPersons } from '@portico/plugin-licensing/node';
import { PORTAL_USER_ENTITY } from '@portico/plugin-portal/common';
import { portalUsers } from '@portico/plugin-portal/node';
import { INSPECTION_ENTITY, INSPECTION_RESULTS, INSPECTION_STATUSES, INSPECTION_TYPES, INSPECTOR_ENTITY, type InspectionStatus } from '../common/index';
import { inspectionReferenceSeq, inspections, inspectorBadgeSeq, inspectors } from './inspector-schema';

const i = inspectors;
const n = inspections;
const pu = portalUsers;

/**
 * Computed fields are subqueries. Drizzle renders columns unqualified in single-table queries
 * (`select "id" … from "inspector_inspections"`), so these name their tables explicitly: inner
 * tables by alias, the outer row by its table name.
 */
const INSPECTOR_LABEL = (alias: string) =>
  `coalesce(nullif(pu.display_name, ''), pu.email) || ' (' || ${alias}.badge_number || ')' || case when ${alias}.active then '' else ' — inactive' end`;

/** The Inspector entity: a portal user marked as an inspector (Inspections › Inspectors). */
export function inspectorEntity(): Omit<EntityDefinition, 'hooks'> {
  return {
    logicalName: INSPECTOR_ENTITY,
    displayName: 'Inspector',
    pluralName: 'Inspectors',
    listName: 'All Inspectors',
    primaryField: 'name',
    table: inspectors,
    idColumn: i.id,
    versionColumn: i.version,
    columns: {
      portalUserId: i.portalUserId,
      badgeNumber: i.badgeNumber,
      active: i.active,
      createdByName: i.createdByName,
      createdAt: i.createdAt,
      createdById: i.createdById,
    },
    computed: {
      name: sql<string>`(select ${sql.raw(INSPECTOR_LABEL('inspector_inspectors'))} from portal_users pu where pu.id = inspector_inspectors.portal_user_id)`,
      emailAddress: sql<string>`(select pu.email from portal_users pu where pu.id = inspector_inspectors.portal_user_id)`,
      openInspections: sql<number>`(select count(*)::int from inspector_inspections ii where ii.inspector_id = inspector_inspectors.id and ii.status in ('scheduled', 'in-progress'))`,
    },
    fields: [
      { name: 'name', label: 'Inspector', type: 'text', readOnly: true },
      { name: 'portalUserId', label: 'Portal User', type: 'lookup', lookup: { entity: PORTAL_USER_ENTITY }, required: true, help: 'The portal account the inspector signs in with. Staff usually make an inspector from the Portal User record (Inspector tab).' },
      { name: 'emailAddress', label: 'E-mail Address', type: 'email', readOnly: true, sortable: true },
      { name: 'badgeNumber', label: 'Badge Number', type: 'text', required: true, maxLength: 40, sortable: true, filterable: true, help: 'Shown to licensees; unique.' },
      { name: 'active', label: 'Active', type: 'yesno', defaultValue: true, filterable: true, help: 'Only active inspectors may sign in to the Inspector Portal and be assigned inspections.' },
      { name: 'openInspections', label: 'Open Inspections', type: 'number', readOnly: true },
      { name: 'createdByName', label: 'Created By', type: 'text', readOnly: true },
      { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
    ],
    sections: [
      { id: 'inspector', group: 'This Record', label: 'Inspector', fields: ['portalUserId', 'emailAddress', 'badgeNumber', 'active'] },
      { id: 'workload', group: 'This Record', label: 'Workload', fields: ['openInspections'] },
      { id: 'system', group: 'This Record', label: 'System', fields: ['createdByName', 'createdAt'] },
    ],
    listColumns: ['name', 'emailAddress', 'badgeNumber', 'active', 'openInspections', 'createdAt'],
    defaultSort: { field: 'createdAt', direction: 'desc' },
    keywordFields: ['badgeNumber', 'emailAddress', 'name'],
    allowDelete: false,
  };
}

/** The Inspection entity (Inspections › All Inspections). */
export function inspectionEntity(): Omit<EntityDefinition, 'hooks'> {
  return {
    logicalName: INSPECTION_ENTITY,
    displayName: 'Inspection',
    pluralName: 'Inspections',
    listName: 'All Inspections',
    primaryField: 'reference',
    table: inspections,
    idColumn: n.id,
    versionColumn: n.version,
    columns: {
      reference: n.reference,
      personId: n.personId,
      licenseId: n.licenseId,
      premisesAddress: n.premisesAddress,
      scheduledFor: n.scheduledFor,
      inspectionType: n.inspectionType,
      inspectorId: n.inspectorId,
      status: n.status,
      result: n.result,
      findings: n.findings,
      conditions: n.conditions,
      submittedAt: n.submittedAt,
      createdByName: n.createdByName,
      createdAt: n.createdAt,
      createdById: n.createdById,
    },
    computed: {
      licenseeName: sql<string>`(select lp.first_name || ' ' || lp.last_name from licensing_persons lp where lp.id = inspector_inspections.person_id)`,
      licenseNumber: sql<string>`(select ll.license_number from licensing_licenses ll where ll.id = inspector_inspections.license_id)`,
      inspectorName: sql<string>`(select ${sql.raw(INSPECTOR_LABEL('ins'))} from inspector_inspectors ins join portal_users pu on pu.id = ins.portal_user_id where ins.id = inspector_inspections.inspector_id)`,
      attachmentCount: sql<number>`(select count(*)::int from inspector_attachments ia where ia.inspection_id = inspector_inspections.id)`,
    },
    fields: [
      { name: 'reference', label: 'Reference', type: 'text', readOnly: true, sortable: true },
      { name: 'personId', label: 'Licensee', type: 'lookup', lookup: { entity: LicensingEntities.person }, required: true, help: 'The person whose premises are inspected.' },
      { name: 'licenseeName', label: 'Licensee', type: 'text', readOnly: true },
      { name: 'licenseId', label: 'License', type: 'lookup', lookup: { entity: LicensingEntities.license }, help: 'Optional: the license the inspection is about. It must be held by the licensee.' },
      { name: 'licenseNumber', label: 'License Number', type: 'text', readOnly: true },
      { name: 'premisesAddress', label: 'Premises Address', type: 'text', required: true, maxLength: 500 },
      { name: 'scheduledFor', label: 'Scheduled For', type: 'datetime', required: true, sortable: true },
      { name: 'inspectionType', label: 'Inspection Type', type: 'choice', required: true, choices: [...INSPECTION_TYPES], filterable: true, defaultValue: 'routine' },
      { name: 'inspectorId', label: 'Assigned Inspector', type: 'lookup', lookup: { entity: INSPECTOR_ENTITY }, required: true, help: 'An active inspector. Only they see the inspection in the Inspector Portal.' },
      { name: 'inspectorName', label: 'Inspector', type: 'text', readOnly: true },
      { name: 'status', label: 'Status', type: 'choice', choices: [...INSPECTION_STATUSES], filterable: true, sortable: true, defaultValue: 'scheduled', help: 'The inspector starts and submits the report. Staff close a submitted inspection, or return it to the inspector (In progress).' },
      { name: 'result', label: 'Result', type: 'choice', choices: [...INSPECTION_RESULTS], readOnly: true, filterable: true },
      { name: 'findings', label: 'Findings', type: 'text', readOnly: true },
      { name: 'conditions', label: 'Conditions', type: 'text', readOnly: true },
      { name: 'submittedAt', label: 'Submitted On', type: 'datetime', readOnly: true, sortable: true },
      { name: 'attachmentCount', label: 'Attachments', type: 'number', readOnly: true },
      { name: 'createdByName', label: 'Created By', type: 'text', readOnly: true },
      { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
    ],
    sections: [
      { id: 'inspection', group: 'This Record', label: 'Inspection', fields: ['reference', 'inspectionType', 'scheduledFor', 'inspectorId', 'status'] },
      { id: 'licensee', group: 'This Record', label: 'Licensee and Premises', fields: ['personId', 'licenseId', 'premisesAddress'] },
      { id: 'report', group: 'This Record', label: 'Inspection Report', fields: ['result', 'submittedAt', 'findings', 'conditions', 'attachmentCount'] },
      { id: 'system', group: 'This Record', label: 'System', fields: ['createdByName', 'createdAt'] },
    ],
    listColumns: ['reference', 'licenseeName', 'premisesAddress', 'scheduledFor', 'inspectorName', 'status', 'result'],
    defaultSort: { field: 'scheduledFor', direction: 'desc' },
    keywordFields: ['reference', 'premisesAddress', 'licenseeName', 'inspectorName'],
    allowDelete: false,
  };
}

/** Status changes staff may make (the inspector's own changes go through the Inspector Portal). */
const STAFF_TRANSITIONS: Record<InspectionStatus, readonly InspectionStatus[]> = {
  scheduled: [],
  'in-progress': [],
  submitted: ['closed', 'in-progress'],
  closed: [],
};
const LOCKED_AFTER_SUBMIT = ['personId', 'licenseId', 'premisesAddress', 'scheduledFor', 'inspectionType', 'inspectorId'];

/** Registers `ins_inspector` and `ins_inspection` with their business rules. */
@injectable()
export class InspectorEntities implements EntityContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(DatabaseHandle) private readonly handle: DatabaseHandle,
  ) {}

  registerEntities(registry: { register(definition: EntityDefinition): void }): void {
    registry.register({ ...inspectorEntity(), hooks: this.inspectorHooks() });
    registry.register({ ...inspectionEntity(), hooks: this.inspectionHooks() });
  }

  private inspectorHooks(): EntityHooks {
    return {
      beforeCreate: async (values, ctx) => ({
        ...values,
        badgeNumber: values.badgeNumber || (await nextBadge(this.db, this.handle)),
        createdByName: ctx.actor.name ?? null,
        createdById: ctx.actor.id ?? null,
      }),
      validate: async (values, _ctx, existing) => {
        const errors: FieldError[] = [];
        if (existing && 'portalUserId' in values && values.portalUserId !== existing.portalUserId) {
          errors.push({ path: 'portalUserId', message: 'cannot change: make the other portal user an inspector instead' });
        } else if (!existing && typeof values.portalUserId === 'string') {
          const [user] = await this.db.select({ id: pu.id }).from(pu).where(eq(pu.id, values.portalUserId));
          if (!user) errors.push({ path: 'portalUserId', message: 'is not a portal user' });
          const [dup] = await this.db.select({ id: i.id }).from(i).where(eq(i.portalUserId, values.portalUserId));
          if (dup) errors.push({ path: 'portalUserId', message: 'is already an inspector', link: `/inspections/inspectors/${dup.id}` });
        }
        if (typeof values.badgeNumber === 'string' && values.badgeNumber) {
          const [dup] = await this.db.select({ id: i.id }).from(i).where(and(sql`lower(${i.badgeNumber}) = ${values.badgeNumber.toLowerCase()}`, existing ? ne(i.id, existing.id) : undefined));
          if (dup) errors.push({ path: 'badgeNumber', message: 'is already used by another inspector', link: `/inspections/inspectors/${dup.id}` });
        }
        return errors;
      },
    };
  }

  private inspectionHooks(): EntityHooks {
    return {
      beforeCreate: async (values, ctx) => {
        const [{ n: seq }] = (await this.handle.rows<{ n: string }>(sql`select nextval(${`${inspectionReferenceSeq.seqName}`}::regclass)::text as n`)) as [{ n: string }];
        return { ...values, reference: `INS-${seq.padStart(6, '0')}`, status: 'scheduled', createdByName: ctx.actor.name ?? null, createdById: ctx.actor.id ?? null };
      },
      validate: async (values, _ctx, existing) => {
        const errors: FieldError[] = [];
        const before = existing as { status?: InspectionStatus; personId?: string; licenseId?: string | null } | undefined;
        if (before && (before.status === 'submitted' || before.status === 'closed')) {
          for (const f of LOCKED_AFTER_SUBMIT) if (f in values && values[f] !== (existing as Record<string, unknown>)[f] && String(values[f]) !== String((existing as Record<string, unknown>)[f])) errors.push({ path: f, message: 'cannot change after the report was submitted' });
        }
        if ('status' in values && values.status !== (before?.status ?? 'scheduled')) {
          const from = before?.status ?? 'scheduled';
          const allowed = before ? STAFF_TRANSITIONS[from] : [];
          if (!allowed.includes(values.status as InspectionStatus)) {
            errors.push({ path: 'status', message: before ? `cannot change from ${from} to ${String(values.status)}: the inspector starts and submits the report; staff close or return a submitted one` : 'of a new inspection is Scheduled' });
          }
        }
        const personId = (values.personId ?? before?.personId) as string | undefined;
        if (typeof values.personId === 'string') {
          const [person] = await this.db.select({ id: licensingPersons.id }).from(licensingPersons).where(eq(licensingPersons.id, values.personId));
          if (!person) errors.push({ path: 'personId', message: 'is not a person in Licensing' });
        }
        const licenseId = 'licenseId' in values ? values.licenseId : before?.licenseId;
        if (typeof licenseId === 'string' && ('licenseId' in values || 'personId' in values)) {
          const [license] = await this.db.select({ personId: licensingLicenses.personId }).from(licensingLicenses).where(eq(licensingLicenses.id, licenseId));
          if (!license) errors.push({ path: 'licenseId', message: 'is not a license' });
          else if (personId && license.personId !== personId) errors.push({ path: 'licenseId', message: 'is not held by this licensee' });
        }
        if (typeof values.inspectorId === 'string' && values.inspectorId !== (existing as Record<string, unknown> | undefined)?.inspectorId) {
          const [inspector] = isUuid(values.inspectorId) ? await this.db.select({ active: i.active }).from(i).where(eq(i.id, values.inspectorId)) : [];
          if (!inspector) errors.push({ path: 'inspectorId', message: 'is not an inspector' });
          else if (!inspector.active) errors.push({ path: 'inspectorId', message: 'is not an active inspector' });
        }
        return errors;
      },
    };
  }
}

/** A generated badge number (`B-0042`) that no inspector uses yet. */
export async function nextBadge(db: Database, handle: DatabaseHandle): Promise<string> {
  for (;;) {
    const [{ n: seq }] = (await handle.rows<{ n: string }>(sql`select nextval(${`${inspectorBadgeSeq.seqName}`}::regclass)::text as n`)) as [{ n: string }];
    const badge = `B-${seq.padStart(4, '0')}`;
    const [taken] = await db.select({ id: i.id }).from(i).where(sql`lower(${i.badgeNumber}) = ${badge.toLowerCase()}`);
    if (!taken) return badge;
  }
}
