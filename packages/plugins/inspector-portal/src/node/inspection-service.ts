import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { inject, injectable } from 'inversify';
import { AuditTrail, AuditTrailToken, RowAccessResolver, type AuditActor, type Principal } from '@portico/access';
import { ConflictError, ForbiddenError, NotFoundError, PorticoError, ValidationError, type FieldError } from '@portico/core';
import { Database, DatabaseHandle, isUuid } from '@portico/db';
import { licensingLicenses, licensingPersons } from '@portico/plugin-licensing/node';
import { portalUsers } from '@portico/plugin-portal/node';
import { INSPECTION_ENTITY, INSPECTOR_ENTITY, type AttachmentSummary, type InspectionReportForm, type InspectionStatus, type InspectorSummary } from '../common/index';
import { InspectorConfig } from './inspector-config';
import { nextBadge } from './inspector-entities';
import { inspectionAttachments, inspections, inspectors, type InspectionAttachmentRow, type InspectorRow } from './inspector-schema';

const n = inspections;
const i = inspectors;
const a = inspectionAttachments;

/** An inspection as its inspector sees it in the Inspector Portal. */
export interface AssignedInspection {
  id: string;
  reference: string;
  status: InspectionStatus;
  inspectionType: string;
  scheduledFor: Date;
  premisesAddress: string;
  licenseeName: string | null;
  licenseNumber: string | null;
  findings: string | null;
  result: string | null;
  conditions: string | null;
  submittedAt: Date | null;
  version: number;
}

export interface IncomingFile {
  name: string;
  bytes: Buffer;
}

/** Who is acting, for the audit trail. */
export interface ActingContext {
  actor: AuditActor;
  requestId?: string;
}

const toSummary = (r: InspectorRow): InspectorSummary => ({ id: r.id, portalUserId: r.portalUserId, badgeNumber: r.badgeNumber, active: r.active, createdAt: r.createdAt.toISOString() });
const attachmentSummary = (r: Pick<InspectionAttachmentRow, 'id' | 'fileName' | 'contentType' | 'size' | 'createdAt'>): AttachmentSummary => ({
  id: r.id, fileName: r.fileName, contentType: r.contentType, size: r.size, createdAt: r.createdAt.toISOString(),
});
const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};
const EDITABLE: readonly InspectionStatus[] = ['scheduled', 'in-progress'];
/** File names as given, minus paths and control characters. */
export const cleanFileName = (name: string): string =>
  [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127 && c !== '"').join('').trim().slice(0, 200) || 'file';

/**
 * Inspectors and inspections. Every inspector-side read and write is scoped in SQL to the
 * inspections assigned to the signed-in portal user's active inspector record, so another
 * inspector's inspection is simply not found (404). Writes are audited in their transaction.
 */
@injectable()
export class InspectionService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(DatabaseHandle) private readonly handle: DatabaseHandle,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(RowAccessResolver.token) private readonly access: RowAccessResolver,
    @inject(InspectorConfig) private readonly config: InspectorConfig,
  ) {}

  // ---- inspectors ----

  async inspectorOf(portalUserId: string): Promise<InspectorSummary | undefined> {
    if (!isUuid(portalUserId)) return undefined;
    const [row] = await this.db.select().from(i).where(eq(i.portalUserId, portalUserId));
    return row ? toSummary(row) : undefined;
  }

  /** Eligibility of the Inspector Portal: an inspector record for this portal user, active. */
  async eligibility(portalUserId: string): Promise<'active' | 'inactive' | 'none'> {
    const inspector = await this.inspectorOf(portalUserId);
    return !inspector ? 'none' : inspector.active ? 'active' : 'inactive';
  }

  /**
   * "Make inspector": creates the Inspector record of a portal user, or re-activates it. Doing it
   * twice changes nothing the second time (idempotent, also under concurrent calls).
   */
  async makeInspector(portalUserId: string, badgeNumber: string | undefined, ctx: ActingContext): Promise<{ inspector: InspectorSummary; outcome: 'created' | 'activated' | 'unchanged' }> {
    if (!isUuid(portalUserId)) throw new NotFoundError('No such portal user');
    const [user] = await this.db.select({ id: portalUsers.id }).from(portalUsers).where(eq(portalUsers.id, portalUserId));
    if (!user) throw new NotFoundError('No such portal user');
    const existing = await this.db.select().from(i).where(eq(i.portalUserId, portalUserId));
    if (existing[0]) return this.activate(existing[0], ctx);
    const badge = badgeNumber || (await nextBadge(this.db, this.handle));
    const [dup] = await this.db.select({ id: i.id }).from(i).where(sql`lower(${i.badgeNumber}) = ${badge.toLowerCase()}`);
    if (dup) throw new ValidationError([{ path: 'badgeNumber', message: 'is already used by another inspector', link: `/inspections/inspectors/${dup.id}` }]);
    try {
      const row = await this.db.transaction(async (tx) => {
        const [created] = await tx.insert(i).values({ portalUserId, badgeNumber: badge, createdById: ctx.actor.id ?? null, createdByName: ctx.actor.name ?? null }).returning();
        await this.audit.record(tx, {
          actor: ctx.actor, entity: INSPECTOR_ENTITY, recordId: created!.id, action: 'make-inspector',
          after: { portalUserId, badgeNumber: badge, active: true }, ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
        });
        return created!;
      });
      return { inspector: toSummary(row), outcome: 'created' };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Someone made the same user an inspector at the same moment: the same answer as a repeat.
      const [now] = await this.db.select().from(i).where(eq(i.portalUserId, portalUserId));
      if (!now) throw new ValidationError([{ path: 'badgeNumber', message: 'is already used by another inspector' }]);
      return this.activate(now, ctx);
    }
  }

  private async activate(row: InspectorRow, ctx: ActingContext): Promise<{ inspector: InspectorSummary; outcome: 'activated' | 'unchanged' }> {
    if (row.active) return { inspector: toSummary(row), outcome: 'unchanged' };
    const after = await this.db.transaction(async (tx) => {
      const [updated] = await tx.update(i).set({ active: true, updatedAt: new Date(), version: sql`${i.version} + 1` }).where(eq(i.id, row.id)).returning();
      await this.audit.record(tx, {
        actor: ctx.actor, entity: INSPECTOR_ENTITY, recordId: row.id, action: 'activate',
        before: { active: false }, after: { active: true }, ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      });
      return updated!;
    });
    return { inspector: toSummary(after), outcome: 'activated' };
  }

  // ---- the inspector's own inspections (Inspector Portal) ----

  private assignedColumns() {
    return {
      id: n.id, reference: n.reference, status: n.status, inspectionType: n.inspectionType, scheduledFor: n.scheduledFor,
      premisesAddress: n.premisesAddress, findings: n.findings, result: n.result, conditions: n.conditions, submittedAt: n.submittedAt, version: n.version,
      licenseeName: sql<string | null>`${licensingPersons.firstName} || ' ' || ${licensingPersons.lastName}`,
      licenseNumber: licensingLicenses.licenseNumber,
    };
  }

  /** `inspector_inspections` joined to the portal user's own active inspector record: the SQL scope of every inspector-side query. */
  private ownScope(portalUserId: string) {
    return and(eq(i.portalUserId, portalUserId), eq(i.active, true));
  }

  /** The inspections assigned to this portal user (as an active inspector): open ones first, by date. */
  async assignedTo(portalUserId: string): Promise<AssignedInspection[]> {
    const rows = await this.db
      .select(this.assignedColumns())
      .from(n)
      .innerJoin(i, eq(i.id, n.inspectorId))
      .leftJoin(licensingPersons, eq(licensingPersons.id, n.personId))
      .leftJoin(licensingLicenses, eq(licensingLicenses.id, n.licenseId))
      .where(this.ownScope(portalUserId))
      .orderBy(sql`case when ${n.status} in ('scheduled', 'in-progress') then 0 else 1 end`, asc(n.scheduledFor), asc(n.id))
      .limit(500);
    return rows as AssignedInspection[];
  }

  /** One inspection, only if it is assigned to this portal user; otherwise 404. */
  async assigned(portalUserId: string, inspectionId: string): Promise<AssignedInspection> {
    if (!isUuid(inspectionId)) throw new NotFoundError('No such inspection');
    const [row] = await this.db
      .select(this.assignedColumns())
      .from(n)
      .innerJoin(i, eq(i.id, n.inspectorId))
      .leftJoin(licensingPersons, eq(licensingPersons.id, n.personId))
      .leftJoin(licensingLicenses, eq(licensingLicenses.id, n.licenseId))
      .where(and(eq(n.id, inspectionId), this.ownScope(portalUserId)));
    if (!row) throw new NotFoundError('No such inspection');
    return row as AssignedInspection;
  }

  /** Checks a report for submission: findings, a result, conditions when passed with conditions, and the declaration. */
  checkSubmission(form: InspectionReportForm): FieldError[] {
    const errors: FieldError[] = [];
    if (!form.findings.trim()) errors.push({ path: 'findings', message: 'Enter your findings.' });
    if (!form.result) errors.push({ path: 'result', message: 'Choose the result of the inspection.' });
    if (form.result === 'pass-with-conditions' && !form.conditions.trim()) errors.push({ path: 'conditions', message: 'Enter the conditions of the pass.' });
    if (form.confirm !== 'yes') errors.push({ path: 'confirm', message: 'Confirm that the report is complete and accurate.' });
    return errors;
  }

  /**
   * Saves the inspector's draft or submits the report. Locks the row; a submitted or closed
   * inspection is read-only for the inspector (409).
   */
  async saveReport(portalUserId: string, inspectionId: string, form: InspectionReportForm, ctx: ActingContext): Promise<AssignedInspection> {
    if (!isUuid(inspectionId)) throw new NotFoundError('No such inspection');
    if (form.intent === 'submit') {
      const errors = this.checkSubmission(form);
      if (errors.length) throw new ValidationError(errors);
    }
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: n.id, status: n.status, findings: n.findings, result: n.result, conditions: n.conditions })
        .from(n)
        .innerJoin(i, eq(i.id, n.inspectorId))
        .where(and(eq(n.id, inspectionId), this.ownScope(portalUserId)))
        .for('update', { of: n });
      if (!row) throw new NotFoundError('No such inspection');
      if (!EDITABLE.includes(row.status as InspectionStatus)) throw new ConflictError('This inspection was submitted and can no longer be changed.');
      const now = new Date();
      const submit = form.intent === 'submit';
      const values = {
        findings: form.findings.trim() || null,
        result: form.result || null,
        conditions: form.result === 'pass-with-conditions' ? form.conditions.trim() || null : null,
        status: submit ? 'submitted' : 'in-progress',
      };
      await tx
        .update(n)
        .set({ ...values, startedAt: sql`coalesce(${n.startedAt}, now())`, ...(submit ? { submittedAt: now } : {}), updatedAt: now, version: sql`${n.version} + 1` })
        .where(eq(n.id, row.id));
      await this.audit.record(tx, {
        actor: ctx.actor, entity: INSPECTION_ENTITY, recordId: row.id, action: submit ? 'submit' : 'save-draft',
        before: { status: row.status, findings: row.findings, result: row.result, conditions: row.conditions }, after: values,
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      });
    });
    return this.assigned(portalUserId, inspectionId);
  }

  /** Attachments of an inspection (metadata only). Callers check access first. */
  private async listAttachments(inspectionId: string): Promise<AttachmentSummary[]> {
    const rows = await this.db
      .select({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, createdAt: a.createdAt })
      .from(a)
      .where(eq(a.inspectionId, inspectionId))
      .orderBy(asc(a.createdAt), asc(a.fileName), asc(a.id));
    return rows.map(attachmentSummary);
  }

  async attachmentsForInspector(portalUserId: string, inspectionId: string): Promise<AttachmentSummary[]> {
    await this.assigned(portalUserId, inspectionId);
    return this.listAttachments(inspectionId);
  }

  /**
   * Adds photos or documents to an open inspection. Each file's type is sniffed from its bytes
   * and must be allowed; all are stored in one transaction or none.
   */
  async addAttachments(portalUserId: string, inspectionId: string, files: readonly IncomingFile[], ctx: ActingContext): Promise<AttachmentSummary[]> {
    if (!files.length) throw new ValidationError([{ path: 'files', message: 'Choose at least one file.' }]);
    const typed: Array<IncomingFile & { contentType: string }> = [];
    for (const f of files) {
      if (f.bytes.length === 0) throw new ValidationError([{ path: 'files', message: `"${cleanFileName(f.name)}" is empty.` }]);
      const sniffed = await fileTypeFromBuffer(f.bytes);
      if (!sniffed || !this.config.allowedTypes.includes(sniffed.mime)) {
        throw new PorticoError(`"${cleanFileName(f.name)}" is not a photo (JPEG, PNG, WebP, HEIC, GIF) or a PDF document.`, { status: 415, code: 'unsupported_media_type' });
      }
      typed.push({ ...f, contentType: sniffed.mime });
    }
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: n.id, status: n.status })
        .from(n)
        .innerJoin(i, eq(i.id, n.inspectorId))
        .where(and(eq(n.id, inspectionId), this.ownScope(portalUserId)))
        .for('update', { of: n });
      if (!row) throw new NotFoundError('No such inspection');
      if (!EDITABLE.includes(row.status as InspectionStatus)) throw new ConflictError('This inspection was submitted and can no longer be changed.');
      const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(a).where(eq(a.inspectionId, row.id))) as [{ count: number }];
      if (count + typed.length > this.config.maxAttachments) throw new ValidationError([{ path: 'files', message: `An inspection can have at most ${this.config.maxAttachments} attachments.` }]);
      const inserted = await tx
        .insert(a)
        .values(typed.map((f) => ({
          inspectionId: row.id, fileName: cleanFileName(f.name), contentType: f.contentType, size: f.bytes.length,
          sha256: createHash('sha256').update(f.bytes).digest('hex'), content: f.bytes, uploadedByPortalUserId: portalUserId,
        })))
        .returning({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, createdAt: a.createdAt, sha256: a.sha256 });
      await tx.update(n).set({ status: 'in-progress', startedAt: sql`coalesce(${n.startedAt}, now())`, updatedAt: new Date(), version: sql`${n.version} + 1` }).where(eq(n.id, row.id));
      await this.audit.record(tx, {
        actor: ctx.actor, entity: INSPECTION_ENTITY, recordId: row.id, action: 'attach',
        after: { files: inserted.map((f) => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256 })) },
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      });
      return inserted.map(attachmentSummary);
    });
  }

  /** Removes an attachment while the inspection is open. */
  async removeAttachment(portalUserId: string, inspectionId: string, attachmentId: string, ctx: ActingContext): Promise<void> {
    if (!isUuid(inspectionId) || !isUuid(attachmentId)) throw new NotFoundError('No such attachment');
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: n.id, status: n.status })
        .from(n)
        .innerJoin(i, eq(i.id, n.inspectorId))
        .where(and(eq(n.id, inspectionId), this.ownScope(portalUserId)))
        .for('update', { of: n });
      if (!row) throw new NotFoundError('No such attachment');
      if (!EDITABLE.includes(row.status as InspectionStatus)) throw new ConflictError('This inspection was submitted and can no longer be changed.');
      const [gone] = await tx.delete(a).where(and(eq(a.id, attachmentId), eq(a.inspectionId, row.id))).returning({ id: a.id, fileName: a.fileName, sha256: a.sha256 });
      if (!gone) throw new NotFoundError('No such attachment');
      await this.audit.record(tx, {
        actor: ctx.actor, entity: INSPECTION_ENTITY, recordId: row.id, action: 'remove-attachment',
        before: { file: gone }, ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      });
    });
  }

  async attachmentForInspector(portalUserId: string, inspectionId: string, attachmentId: string): Promise<InspectionAttachmentRow> {
    if (!isUuid(inspectionId) || !isUuid(attachmentId)) throw new NotFoundError('No such attachment');
    const [row] = await this.db
      .select({ attachment: a })
      .from(a)
      .innerJoin(n, eq(n.id, a.inspectionId))
      .innerJoin(i, eq(i.id, n.inspectorId))
      .where(and(eq(a.id, attachmentId), eq(n.id, inspectionId), this.ownScope(portalUserId)));
    if (!row) throw new NotFoundError('No such attachment');
    return row.attachment;
  }

  // ---- staff ----

  /** Staff read of an inspection's attachments, within the principal's read scope of inspections. */
  private async staffScope(principal: Principal, inspectionId: string): Promise<void> {
    const scope = this.access.resolve(principal, INSPECTION_ENTITY, 'read');
    if (scope.kind === 'none') throw new ForbiddenError('You may not read Inspections');
    if (!isUuid(inspectionId)) throw new NotFoundError('No such inspection');
    const [row] = await this.db.select({ id: n.id }).from(n).where(scope.kind === 'filter' ? and(eq(n.id, inspectionId), scope.where) : eq(n.id, inspectionId));
    if (!row) throw new NotFoundError('No such inspection');
  }

  async attachmentsForStaff(principal: Principal, inspectionId: string): Promise<AttachmentSummary[]> {
    await this.staffScope(principal, inspectionId);
    return this.listAttachments(inspectionId);
  }

  async attachmentForStaff(principal: Principal, inspectionId: string, attachmentId: string): Promise<InspectionAttachmentRow> {
    await this.staffScope(principal, inspectionId);
    if (!isUuid(attachmentId)) throw new NotFoundError('No such attachment');
    const [row] = await this.db.select().from(a).where(and(eq(a.id, attachmentId), eq(a.inspectionId, inspectionId)));
    if (!row) throw new NotFoundError('No such attachment');
    return row;
  }
}
