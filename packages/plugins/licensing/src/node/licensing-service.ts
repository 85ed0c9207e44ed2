import { createHash } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { inject, injectable, optional } from 'inversify';
import type { ZodType } from 'zod';
import { AuditTrail, AuditTrailToken, RowAccessResolver, type AuditActor, type Principal } from '@portico/access';
import { ConflictError, ForbiddenError, HostInfo, NotFoundError, ValidationError, type FieldError } from '@portico/core';
import { Database, isUuid } from '@portico/db';
import { MailTemplates, Outbox } from '@portico/mail';
import {
  APPLICATION_STEPS, LicensingEntities, RejectInput, STEP_SCHEMAS, ageOn, stepIndex,
  type ApplicationStepId, type LicenseStatus,
} from '../common/index';
import { LicensingConfig } from './licensing-config';
import { applicationApprovedMail, applicationRejectedMail, applicationReceivedMail } from './licensing-mail';
import {
  licensingApplicationFiles as files, licensingApplications as apps, licensingLicenseTypes as types, licensingLicenses as licenses,
  licensingPersons as persons, licensingRenewalRequests as renewals,
  type ApplicationFileRow, type ApplicationRow, type LicenseTypeRow, type LicensingPersonRow,
} from './licensing-schema';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Who does something: staff in the workbench, or a portal user. */
export interface LicensingActionContext {
  actor: AuditActor;
  principal?: Principal;
  requestId?: string;
}

/** A license as portals and eligibility rules see it. */
export interface LicenseView {
  id: string;
  licenseNumber: string;
  licenseTypeName: string;
  /** Stored status. */
  status: LicenseStatus;
  /** `expired` when the stored status is `active` but the expiry date has passed; else the stored status. */
  effectiveStatus: LicenseStatus;
  issuedOn: string;
  expiresOn: string;
  holderName: string;
  /** An open renewal request exists. */
  renewalRequested: boolean;
}

export interface IncomingFile {
  name: string;
  bytes: Buffer;
}

/** Today's date (UTC) as `YYYY-MM-DD`. */
export const todayIso = (now = new Date()): string => now.toISOString().slice(0, 10);

/** `date` plus `months` calendar months, as `YYYY-MM-DD` (the 31st becomes the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** `date` plus `days` days, as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The SQL of a license's effective status (an `active` license past its expiry date is `expired`). */
export function effectiveStatusSql(today: string): SQL<LicenseStatus> {
  return sql<LicenseStatus>`case when ${licenses.status} = 'active' and ${licenses.expiresOn} < ${today}::date then 'expired' else ${licenses.status} end`;
}

/** Path separators and control characters, replaced in uploaded file names. */
const unsafeName = (name: string): string => [...name].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c)).join('');
const TYPE_LABEL: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/tiff': 'TIFF', 'image/gif': 'GIF' };

/**
 * The licensing records' business rules: which licenses a portal account holds (the Licensee
 * Portal's eligibility), applications from the Applicant Portal (drafts saved step by step,
 * attached documents, submission) and their review by staff (approval issues the license and
 * links it to the applicant's person in one transaction), and renewal requests.
 */
@injectable()
export class LicensingService {
  private readonly templates = new MailTemplates({ brandName: 'Portico' });

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(LicensingConfig) private readonly config: LicensingConfig,
    @inject(Outbox) @optional() private readonly outbox?: Outbox,
    @inject(RowAccessResolver.token) @optional() private readonly access?: RowAccessResolver,
    @inject(HostInfo) @optional() private readonly host?: HostInfo,
  ) {}

  // ---- licenses of a portal account (eligibility, Licensee Portal) ----

  /**
   * The licenses held by the person whose Portal Access Credential is `portalUserId`, newest
   * expiry first, with their effective status on `today`.
   */
  async licensesOfPortalUser(portalUserId: string, today = todayIso()): Promise<LicenseView[]> {
    if (!isUuid(portalUserId)) return [];
    const rows = await this.db
      .select({
        id: licenses.id, licenseNumber: licenses.licenseNumber, licenseTypeName: types.name, status: licenses.status,
        effectiveStatus: effectiveStatusSql(today), issuedOn: licenses.issuedOn, expiresOn: licenses.expiresOn,
        holderName: sql<string>`${persons.firstName} || ' ' || ${persons.lastName}`,
        renewalRequested: sql<boolean>`exists (select 1 from ${renewals} where ${renewals.licenseId} = ${licenses.id} and ${renewals.status} = 'requested')`,
      })
      .from(licenses)
      .innerJoin(persons, eq(persons.id, licenses.personId))
      .innerJoin(types, eq(types.id, licenses.licenseTypeId))
      .where(eq(persons.portalUserId, portalUserId))
      .orderBy(desc(licenses.expiresOn), asc(licenses.licenseNumber));
    return rows.map((r) => ({ ...r, status: r.status as LicenseStatus }));
  }

  /**
   * Whether the portal account holds at least one license whose effective status is one of
   * `statuses` — the Licensee Portal's eligibility rule, decided in SQL.
   */
  async holdsCountingLicense(portalUserId: string, statuses: readonly LicenseStatus[], today = todayIso()): Promise<boolean> {
    if (!isUuid(portalUserId) || statuses.length === 0) return false;
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(licenses)
      .innerJoin(persons, eq(persons.id, licenses.personId))
      .where(and(eq(persons.portalUserId, portalUserId), inArray(effectiveStatusSql(today), [...statuses])));
    return (row?.n ?? 0) > 0;
  }

  async personOfPortalUser(portalUserId: string): Promise<LicensingPersonRow | undefined> {
    if (!isUuid(portalUserId)) return undefined;
    const [row] = await this.db.select().from(persons).where(eq(persons.portalUserId, portalUserId));
    return row;
  }

  /** A license of the portal user's person (404 for anyone else's). */
  async licenseOfPortalUser(portalUserId: string, licenseId: string, today = todayIso()): Promise<LicenseView & { person: LicensingPersonRow; typeDescription: string | null }> {
    if (!isUuid(licenseId)) throw new NotFoundError('No such license');
    const license = (await this.licensesOfPortalUser(portalUserId, today)).find((l) => l.id === licenseId);
    const person = await this.personOfPortalUser(portalUserId);
    if (!license || !person) throw new NotFoundError('No such license');
    const [type] = await this.db.select({ description: types.description }).from(types).innerJoin(licenses, eq(licenses.licenseTypeId, types.id)).where(eq(licenses.id, licenseId));
    return { ...license, person, typeDescription: type?.description ?? null };
  }

  // ---- license types ----

  async openLicenseTypes(): Promise<LicenseTypeRow[]> {
    return this.db.select().from(types).where(eq(types.openForApplications, true)).orderBy(asc(types.name));
  }

  async licenseType(id: string | null): Promise<LicenseTypeRow | undefined> {
    if (!id || !isUuid(id)) return undefined;
    const [row] = await this.db.select().from(types).where(eq(types.id, id));
    return row;
  }

  // ---- applications (Applicant Portal) ----

  async applicationsOf(portalUserId: string): Promise<Array<ApplicationRow & { licenseTypeName: string | null; licenseNumber: string | null }>> {
    return this.db
      .select({ ...getTableColumns(apps), licenseTypeName: types.name, licenseNumber: licenses.licenseNumber })
      .from(apps)
      .leftJoin(types, eq(types.id, apps.licenseTypeId))
      .leftJoin(licenses, eq(licenses.id, apps.licenseId))
      .where(eq(apps.portalUserId, portalUserId))
      .orderBy(desc(apps.createdAt));
  }

  /** A new draft, pre-filled from the person already linked to the account (if any). */
  async startApplication(user: { id: string; email: string; displayName: string | null }, ctx: LicensingActionContext): Promise<ApplicationRow> {
    const person = await this.personOfPortalUser(user.id);
    const [first, ...rest] = (user.displayName ?? '').trim().split(/\s+/);
    const prefill = person
      ? { firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth, phone: person.phone, addressLine1: person.addressLine1, addressLine2: person.addressLine2, city: person.city, postalCode: person.postalCode, country: person.country }
      : { firstName: first || null, lastName: rest.join(' ') || null };
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apps)
        .values({ reference: sql`'APP-' || lpad(nextval('licensing_application_reference_seq')::text, 6, '0')`, portalUserId: user.id, email: user.email, ...prefill })
        .returning();
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: row!.id, action: 'create', before: null, after: { reference: row!.reference, status: row!.status }, ...rid(ctx) });
      return row!;
    });
  }

  /** The portal user's own application (404 for anyone else's). */
  async applicationOf(portalUserId: string, id: string): Promise<ApplicationRow> {
    if (!isUuid(id)) throw new NotFoundError('No such application');
    const [row] = await this.db.select().from(apps).where(and(eq(apps.id, id), eq(apps.portalUserId, portalUserId)));
    if (!row) throw new NotFoundError('No such application');
    return row;
  }

  /**
   * Saves one step of a draft (save and continue). Values are checked by the step's zod schema;
   * errors name the form fields. Returns the saved application.
   */
  async saveStep(portalUserId: string, id: string, step: Exclude<ApplicationStepId, 'review'>, input: Record<string, unknown>, ctx: LicensingActionContext, today = todayIso()): Promise<ApplicationRow> {
    const app = await this.applicationOf(portalUserId, id);
    if (app.status !== 'draft') throw new ConflictError('This application has been submitted and can no longer be changed');
    const values = parseStep(STEP_SCHEMAS[step], input);
    if (step === 'type') {
      const type = await this.licenseType(String(values.licenseTypeId));
      if (!type || !type.openForApplications) throw new ValidationError([{ path: 'licenseTypeId', message: 'Choose one of the licenses offered.' }]);
    }
    if (step === 'about') {
      const age = ageOn(String(values.dateOfBirth), today);
      if (age < 16 || age > 120) throw new ValidationError([{ path: 'dateOfBirth', message: age < 0 ? 'Your date of birth must be in the past.' : age < 16 ? 'You must be at least 16 years old to apply.' : 'Check the year of your date of birth.' }]);
    }
    const reached = Math.max(app.step, stepIndex(step) + 1);
    return this.db.transaction(async (tx) => {
      const [after] = await tx
        .update(apps)
        .set({ ...values, step: reached, updatedAt: new Date(), version: sql`${apps.version} + 1` })
        .where(and(eq(apps.id, id), eq(apps.status, 'draft')))
        .returning();
      if (!after) throw new ConflictError('This application has been submitted and can no longer be changed');
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'update', before: pick(app, Object.keys(values)), after: pick(after, Object.keys(values)), ...rid(ctx) });
      return after;
    });
  }

  async filesOf(applicationId: string): Promise<Array<Omit<ApplicationFileRow, 'content'>>> {
    return this.db
      .select({ id: files.id, applicationId: files.applicationId, name: files.name, contentType: files.contentType, size: files.size, sha256: files.sha256, createdAt: files.createdAt })
      .from(files)
      .where(eq(files.applicationId, applicationId))
      .orderBy(asc(files.createdAt));
  }

  /**
   * Attaches documents to a draft: each at most `maxFileBytes`, of an allowed type as sniffed
   * from its bytes (never the browser's claim), at most `maxFiles` per application.
   */
  async addFiles(portalUserId: string, id: string, incoming: readonly IncomingFile[], ctx: LicensingActionContext): Promise<number> {
    const app = await this.applicationOf(portalUserId, id);
    if (app.status !== 'draft') throw new ConflictError('This application has been submitted and can no longer be changed');
    const real = incoming.filter((f) => f.bytes.length > 0 || f.name);
    if (!real.length) throw new ValidationError([{ path: 'files', message: 'Choose a file to upload.' }]);
    const existing = await this.filesOf(id);
    if (existing.length + real.length > this.config.maxFiles) throw new ValidationError([{ path: 'files', message: `You can attach at most ${this.config.maxFiles} documents.` }]);
    const allowed = this.config.allowedTypes.map((t) => TYPE_LABEL[t] ?? t).join(', ');
    const checked: Array<typeof files.$inferInsert> = [];
    for (const f of real) {
      const name = unsafeName(f.name).trim().slice(-200) || 'document';
      if (f.bytes.length === 0) throw new ValidationError([{ path: 'files', message: `"${name}" is empty.` }]);
      if (f.bytes.length > this.config.maxFileBytes) throw new ValidationError([{ path: 'files', message: `"${name}" is larger than ${formatBytes(this.config.maxFileBytes)}.` }]);
      const type = (await fileTypeFromBuffer(f.bytes))?.mime;
      if (!type || !this.config.allowedTypes.includes(type)) throw new ValidationError([{ path: 'files', message: `"${name}" is not an accepted kind of file. Attach ${allowed} files.` }]);
      checked.push({ applicationId: id, name, contentType: type, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), content: f.bytes });
    }
    await this.db.transaction(async (tx) => {
      const rows = await tx.insert(files).values(checked).returning({ id: files.id, name: files.name, size: files.size, contentType: files.contentType });
      for (const r of rows) await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'attach', before: null, after: { fileId: r.id, name: r.name, size: r.size, contentType: r.contentType }, ...rid(ctx) });
    });
    return checked.length;
  }

  async removeFile(portalUserId: string, id: string, fileId: string, ctx: LicensingActionContext): Promise<void> {
    const app = await this.applicationOf(portalUserId, id);
    if (app.status !== 'draft') throw new ConflictError('This application has been submitted and can no longer be changed');
    if (!isUuid(fileId)) throw new NotFoundError('No such document');
    await this.db.transaction(async (tx) => {
      const [gone] = await tx.delete(files).where(and(eq(files.id, fileId), eq(files.applicationId, id))).returning({ id: files.id, name: files.name });
      if (!gone) throw new NotFoundError('No such document');
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'detach', before: { fileId: gone.id, name: gone.name }, after: null, ...rid(ctx) });
    });
  }

  /** A file with its bytes, of an application (callers check who may see the application). */
  async file(applicationId: string, fileId: string): Promise<ApplicationFileRow> {
    if (!isUuid(applicationId) || !isUuid(fileId)) throw new NotFoundError('No such document');
    const [row] = await this.db.select().from(files).where(and(eq(files.id, fileId), eq(files.applicationId, applicationId)));
    if (!row) throw new NotFoundError('No such document');
    return row;
  }

  /** What is still missing before a draft can be submitted (step and message), in form order. */
  async missing(app: ApplicationRow): Promise<Array<{ step: ApplicationStepId; message: string }>> {
    const out: Array<{ step: ApplicationStepId; message: string }> = [];
    const type = await this.licenseType(app.licenseTypeId);
    if (!type || !type.openForApplications) out.push({ step: 'type', message: 'Choose the license you are applying for.' });
    if (!app.firstName || !app.lastName || !app.dateOfBirth) out.push({ step: 'about', message: 'Tell us your name and date of birth.' });
    if (!app.addressLine1 || !app.city || !app.postalCode || !app.country) out.push({ step: 'address', message: 'Tell us your address.' });
    if ((await this.filesOf(app.id)).length === 0) out.push({ step: 'documents', message: 'Attach at least one document (proof of identity or a qualification).' });
    return out;
  }

  /** Submits a complete draft (declaration accepted); staff are then asked to review it. */
  async submit(portalUserId: string, id: string, input: Record<string, unknown>, ctx: LicensingActionContext): Promise<ApplicationRow> {
    const app = await this.applicationOf(portalUserId, id);
    if (app.status !== 'draft') throw new ConflictError('This application has already been submitted');
    const missing = await this.missing(app);
    if (missing.length) throw new ValidationError(missing.map((m) => ({ path: m.step, message: m.message })));
    parseStep(STEP_SCHEMAS.review, input);
    const now = new Date();
    const type = await this.licenseType(app.licenseTypeId);
    return this.db.transaction(async (tx) => {
      const [after] = await tx
        .update(apps)
        .set({ status: 'submitted', step: APPLICATION_STEPS.length, declarationAcceptedAt: now, submittedAt: now, updatedAt: now, version: sql`${apps.version} + 1` })
        .where(and(eq(apps.id, id), eq(apps.status, 'draft')))
        .returning();
      if (!after) throw new ConflictError('This application has already been submitted');
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'submit', before: { status: 'draft' }, after: { status: 'submitted', submittedAt: now }, ...rid(ctx) });
      await this.mail(tx, after, applicationReceivedMail, { type: type?.name ?? 'license' });
      return after;
    });
  }

  // ---- review (workbench) ----

  /**
   * Approves a submitted application: finds the applicant's person (by Portal Access
   * Credential) or creates it from the application, issues the license (a new unique number,
   * valid the type's months from today), links both to the application and audits every row —
   * one transaction; the applicant's e-mail is in the outbox of the same transaction.
   */
  async approve(id: string, ctx: LicensingActionContext, note?: string, today = todayIso()): Promise<{ application: ApplicationRow; licenseId: string; licenseNumber: string; personId: string; personCreated: boolean }> {
    const app = await this.decidable(id, ctx);
    const type = await this.licenseType(app.licenseTypeId);
    if (!type) throw new ValidationError([{ path: 'licenseTypeId', message: 'The application names no license type' }]);
    const now = new Date();
    return this.db.transaction(async (tx) => {
      // Lock the application: two staff approving at once issue one license.
      const [locked] = await tx.select().from(apps).where(eq(apps.id, id)).for('update');
      if (!locked || locked.status !== 'submitted') throw new ConflictError(`This application is ${locked?.status ?? 'gone'}; only submitted applications can be decided`);
      let [person] = await tx.select().from(persons).where(eq(persons.portalUserId, locked.portalUserId)).for('update');
      let personCreated = false;
      if (!person) {
        [person] = await tx
          .insert(persons)
          .values({
            firstName: locked.firstName ?? '', lastName: locked.lastName ?? '', dateOfBirth: locked.dateOfBirth, email: locked.email, phone: locked.phone,
            addressLine1: locked.addressLine1, addressLine2: locked.addressLine2, city: locked.city, postalCode: locked.postalCode, country: locked.country,
            portalUserId: locked.portalUserId,
          })
          .returning();
        personCreated = true;
        await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.person, recordId: person!.id, action: 'create', before: null, after: personAudit(person!), ...rid(ctx) });
      }
      const year = today.slice(0, 4);
      const [license] = await tx
        .insert(licenses)
        .values({
          licenseNumber: sql`${type.numberPrefix} || '-' || ${year} || '-' || lpad(nextval('licensing_license_number_seq')::text, 6, '0')`,
          licenseTypeId: type.id, personId: person!.id, status: 'active', issuedOn: today, expiresOn: addMonths(today, type.validityMonths), applicationId: locked.id,
        })
        .returning();
      await this.audit.record(tx, {
        actor: ctx.actor, entity: LicensingEntities.license, recordId: license!.id, action: 'create', before: null,
        after: { licenseNumber: license!.licenseNumber, licenseTypeId: type.id, personId: person!.id, status: 'active', issuedOn: license!.issuedOn, expiresOn: license!.expiresOn, applicationId: locked.id },
        ...rid(ctx),
      });
      const [after] = await tx
        .update(apps)
        .set({ status: 'approved', decidedAt: now, decidedById: ctx.actor.id ?? null, decidedByName: ctx.actor.name ?? null, decisionNote: note?.trim() || null, personId: person!.id, licenseId: license!.id, updatedAt: now, version: sql`${apps.version} + 1` })
        .where(eq(apps.id, id))
        .returning();
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'approve', before: { status: 'submitted' }, after: { status: 'approved', personId: person!.id, licenseId: license!.id, decisionNote: after!.decisionNote }, ...rid(ctx) });
      await this.mail(tx, after!, applicationApprovedMail, { type: type.name, number: license!.licenseNumber, expires: license!.expiresOn, url: `${this.host?.publicUrl ?? ''}/portal/licensee/sign-in` });
      return { application: after!, licenseId: license!.id, licenseNumber: license!.licenseNumber, personId: person!.id, personCreated };
    });
  }

  /** Rejects a submitted application with a reason the applicant is told. */
  async reject(id: string, ctx: LicensingActionContext, input: unknown): Promise<ApplicationRow> {
    const { note } = parseStep(RejectInput, input) as { note: string };
    const app = await this.decidable(id, ctx);
    // Read before the transaction: PGlite has one connection, and a read outside an open transaction waits for it.
    const type = await this.licenseType(app.licenseTypeId);
    const now = new Date();
    return this.db.transaction(async (tx) => {
      const [after] = await tx
        .update(apps)
        .set({ status: 'rejected', decidedAt: now, decidedById: ctx.actor.id ?? null, decidedByName: ctx.actor.name ?? null, decisionNote: note, updatedAt: now, version: sql`${apps.version} + 1` })
        .where(and(eq(apps.id, id), eq(apps.status, 'submitted')))
        .returning();
      if (!after) throw new ConflictError('Only submitted applications can be decided');
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.application, recordId: id, action: 'reject', before: { status: 'submitted' }, after: { status: 'rejected', decisionNote: note }, ...rid(ctx) });
      await this.mail(tx, after, applicationRejectedMail, { type: type?.name ?? 'license', reason: note });
      return after;
    });
  }

  /** An application staff may decide (write scope), and submitted. */
  private async decidable(id: string, ctx: LicensingActionContext): Promise<ApplicationRow> {
    if (!isUuid(id)) throw new NotFoundError('No such application');
    let where: SQL | undefined = eq(apps.id, id);
    if (ctx.principal && this.access) {
      const scope = this.access.resolve(ctx.principal, LicensingEntities.application, 'write');
      if (scope.kind === 'none') throw new ForbiddenError('You may not decide applications');
      if (scope.kind === 'filter') where = and(where, scope.where);
    }
    const [app] = await this.db.select().from(apps).where(where);
    if (!app) throw new NotFoundError('No such application');
    if (app.status !== 'submitted') throw new ConflictError(`This application is ${app.status}; only submitted applications can be decided`);
    return app;
  }

  // ---- renewals (Licensee Portal) ----

  /**
   * Asks for the renewal of a license of the portal user that expires within `windowDays`
   * (or has expired), and is not suspended or revoked; one open request per license.
   */
  async requestRenewal(portalUserId: string, licenseId: string, note: string | undefined, windowDays: number, ctx: LicensingActionContext, today = todayIso()): Promise<string> {
    const license = await this.licenseOfPortalUser(portalUserId, licenseId, today);
    const problem = renewalProblem(license, windowDays, today);
    if (problem) throw new ConflictError(problem);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(renewals)
        .values({ licenseId, portalUserId, note: note?.trim().slice(0, 2000) || null })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ConflictError('You have already asked for this license to be renewed.');
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.renewal, recordId: row.id, action: 'create', before: null, after: { licenseId, status: 'requested', note: row.note }, ...rid(ctx) });
      return row.id;
    });
  }

  /**
   * Staff renew the license of a renewal request: the expiry moves on by the type's validity
   * (from the old expiry, or from today when it has passed), an expired license becomes active
   * again, and the request is marked renewed — one transaction, audited.
   */
  async renew(renewalId: string, ctx: LicensingActionContext, today = todayIso()): Promise<{ licenseId: string; expiresOn: string }> {
    if (!isUuid(renewalId)) throw new NotFoundError('No such renewal request');
    if (ctx.principal && this.access && this.access.resolve(ctx.principal, LicensingEntities.license, 'write').kind === 'none') throw new ForbiddenError('You may not change licenses');
    return this.db.transaction(async (tx) => {
      const [request] = await tx.select().from(renewals).where(eq(renewals.id, renewalId)).for('update');
      if (!request) throw new NotFoundError('No such renewal request');
      if (request.status !== 'requested') throw new ConflictError(`This request is already ${request.status}`);
      const [license] = await tx.select().from(licenses).where(eq(licenses.id, request.licenseId)).for('update');
      const [type] = await tx.select().from(types).where(eq(types.id, license!.licenseTypeId));
      if (license!.status === 'suspended' || license!.status === 'revoked') throw new ConflictError(`A ${license!.status} license cannot be renewed`);
      const from = license!.expiresOn >= today ? license!.expiresOn : today;
      const expiresOn = addMonths(from, type!.validityMonths);
      const now = new Date();
      await tx.update(licenses).set({ expiresOn, status: 'active', updatedAt: now, version: sql`${licenses.version} + 1` }).where(eq(licenses.id, license!.id));
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.license, recordId: license!.id, action: 'renew', before: { status: license!.status, expiresOn: license!.expiresOn }, after: { status: 'active', expiresOn }, ...rid(ctx) });
      await tx.update(renewals).set({ status: 'renewed', handledAt: now, handledByName: ctx.actor.name ?? null, updatedAt: now, version: sql`${renewals.version} + 1` }).where(eq(renewals.id, renewalId));
      await this.audit.record(tx, { actor: ctx.actor, entity: LicensingEntities.renewal, recordId: renewalId, action: 'renew', before: { status: 'requested' }, after: { status: 'renewed' }, ...rid(ctx) });
      return { licenseId: license!.id, expiresOn };
    });
  }

  private async mail(tx: Tx, app: ApplicationRow, template: Parameters<MailTemplates['render']>[0], values: Record<string, string>): Promise<void> {
    if (!this.outbox || !app.email) return;
    const name = [app.firstName, app.lastName].filter(Boolean).join(' ') || app.email;
    const mail = this.templates.render(template, { brand: 'Portico', name, reference: app.reference, ...values });
    await this.outbox.enqueue(tx, { to: app.email, ...mail, related: { entity: LicensingEntities.application, recordId: app.id } });
  }
}

/** Why a license cannot be renewed now (or undefined when it can). */
export function renewalProblem(license: Pick<LicenseView, 'effectiveStatus' | 'expiresOn' | 'renewalRequested'>, windowDays: number, today: string): string | undefined {
  if (license.effectiveStatus === 'suspended' || license.effectiveStatus === 'revoked') return `A ${license.effectiveStatus} license cannot be renewed online. Contact us.`;
  if (license.renewalRequested) return 'You have already asked for this license to be renewed.';
  if (license.expiresOn > addDays(today, windowDays)) return `You can ask for a renewal from ${addDays(license.expiresOn, -windowDays)}, ${windowDays} days before the license expires.`;
  return undefined;
}

function parseStep(schema: ZodType, input: unknown): Record<string, unknown> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const path = String(issue.path[0] ?? '');
    if (!errors.some((e) => e.path === path)) errors.push({ path, message: issue.message });
  }
  throw new ValidationError(errors);
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
}

function personAudit(p: LicensingPersonRow): Record<string, unknown> {
  return { firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, email: p.email, portalUserId: p.portalUserId };
}

const rid = (ctx: LicensingActionContext) => (ctx.requestId ? { requestId: ctx.requestId } : {});

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
}
