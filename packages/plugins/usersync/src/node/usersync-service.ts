import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrailToken, type AuditActor, type AuditTrail } from '@portico/access';
import { PasswordHasher } from '@portico/auth';
import { ValidationError, type FieldError } from '@portico/core';
import { Database, escapeLike } from '@portico/db';
import { DocumentsCatalog, documentSearches, formatConditionXml, validateConditions, type FieldDefinition } from '@portico/plugin-documents/node';
import {
  SYNC_STATES, USERSYNC_ROW_ENTITY, type SavePortalUserBody, type SyncQueueRow, type SyncRowState, type SyncStateName,
} from '../common/index';
import { theUserSync, type UserSyncRow } from './usersync-schema';

export interface UserSyncContext {
  actor: AuditActor;
  requestId?: string;
}

type Portal = SavePortalUserBody['PortalUser'];

/**
 * Writes and reads `theusersync` rows for the SavePortalUser API, the CSV import and the Sync
 * queue screen. Resolves field names, checks conditions and hashes the password (argon2id)
 * before the row is written, so a bad request is a 400 naming the field and no cleartext
 * password ever reaches the table from here.
 */
@injectable()
export class UserSyncService {
  private readonly fieldCache = new Map<number, { at: number; fields: Map<number, FieldDefinition> }>();

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(DocumentsCatalog) private readonly catalog: DocumentsCatalog,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
  ) {}

  /** Validates one PortalUser and turns it into the sync rows to write (without writing). `path` prefixes error paths. */
  async prepare(u: Portal, path = 'PortalUser', options: { hash?: boolean } = {}): Promise<Array<typeof theUserSync.$inferInsert>> {
    const errors: FieldError[] = [];
    const syncState = u.Delete ? 2 : 1;
    const base = { email: u.Email, userName: u.UserName ?? null, userType: 4, syncState, oneTimePwd: u.OneTimePwd === true || u.OneTimePwd === 1 || u.OneTimePwd === '1' ? 1 : 0 };
    const rows: Array<typeof theUserSync.$inferInsert> = [];
    if (u.QueryNo != null) {
      const [search] = await this.db.select({ ctgryNo: documentSearches.ctgryNo }).from(documentSearches).where(eq(documentSearches.queryNo, u.QueryNo));
      if (!search) errors.push({ path: `${path}.QueryNo`, message: `No search ${u.QueryNo}` });
      else if (!u.Delete && u.Conditions.length) {
        const fields = await this.fields(search.ctgryNo);
        const conditions: Array<{ fieldNo: number; filter: string }> = [];
        u.Conditions.forEach((c, i) => {
          const fieldNo = resolveField(fields, c.FieldNoOrName);
          if (fieldNo === undefined) errors.push({ path: `${path}.Conditions.${i}.FieldNoOrName`, message: `Unknown field ${JSON.stringify(String(c.FieldNoOrName))}: search ${u.QueryNo}'s category ${search.ctgryNo} has no field with that number or name` });
          else conditions.push({ fieldNo, filter: c.Condition });
        });
        if (conditions.length === u.Conditions.length) errors.push(...validateConditions(conditions, fields, (i, part) => `${path}.Conditions.${i}.${part === 'FieldNo' ? 'FieldNoOrName' : 'Condition'}`));
        rows.push({ ...base, queryNo: u.QueryNo, conditionXml: formatConditionXml(conditions) });
      } else rows.push({ ...base, queryNo: u.QueryNo, conditionXml: null });
    }
    if (u.CtgryNo != null) {
      const fields = await this.fields(u.CtgryNo);
      if (!fields.size) errors.push({ path: `${path}.CtgryNo`, message: `No category ${u.CtgryNo} (or it has no fields)` });
      else {
        const items: Array<{ FieldNo: number; Value: string; Mode: string }> = [];
        u.IndexDataItems.forEach((item, i) => {
          const fieldNo = resolveField(fields, item.FieldNoOrName);
          if (fieldNo === undefined) errors.push({ path: `${path}.IndexDataItems.${i}.FieldNoOrName`, message: `Unknown field ${JSON.stringify(String(item.FieldNoOrName))}: category ${u.CtgryNo} has no field with that number or name` });
          else items.push({ FieldNo: fieldNo, Value: item.Value, Mode: item.Mode });
        });
        rows.push({ ...base, ctgryNo: u.CtgryNo, indexData: u.Delete || !items.length ? null : JSON.stringify(items) });
      }
    }
    if (errors.length) throw new ValidationError(errors);
    // The password goes on the first row only (as its hash): later rows leave it as it is.
    if (u.UserPwd && !u.Delete && rows[0]) {
      if (options.hash === false) rows[0].userPwd = u.UserPwd;
      else rows[0].pwdHash = await this.hasher.hash(u.UserPwd);
    }
    return rows;
  }

  /** SavePortalUser: the user's rows in one transaction; their ids. */
  async save(u: Portal, ctx: UserSyncContext): Promise<number[]> {
    const rows = await this.prepare(u);
    return this.insert(rows, ctx);
  }

  /** Writes prepared rows in one transaction, audited (without passwords). */
  async insert(rows: Array<typeof theUserSync.$inferInsert>, ctx: UserSyncContext): Promise<number[]> {
    if (!rows.length) return [];
    return this.db.transaction(async (tx) => {
      const written = await tx.insert(theUserSync).values(rows).returning({ id: theUserSync.id, email: theUserSync.email, queryNo: theUserSync.queryNo, ctgryNo: theUserSync.ctgryNo, syncState: theUserSync.syncState });
      for (const w of written) {
        await this.audit.record(tx, { ...ctx, entity: USERSYNC_ROW_ENTITY, recordId: String(w.id), action: 'create', before: null, after: { email: w.email, queryNo: w.queryNo, ctgryNo: w.ctgryNo, syncState: w.syncState } });
      }
      return written.map((w) => w.id);
    });
  }

  /** Each row's state; a row that is gone was a processed deletion (state `deleted`). */
  async states(ids: readonly number[]): Promise<SyncRowState[]> {
    if (!ids.length) return [];
    const t = theUserSync;
    const found = await this.db.select({ id: t.id, syncState: t.syncState, error: t.error, processedAt: t.processedAt }).from(t).where(inArray(t.id, [...ids]));
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      if (!r) return { id, syncState: null, state: 'deleted' as SyncStateName, error: null, processedAt: null };
      return { id, syncState: r.syncState, state: SYNC_STATES[r.syncState as keyof typeof SYNC_STATES], error: r.error, processedAt: r.processedAt?.toISOString() ?? null };
    });
  }

  /** The Sync queue: newest first, by state, keyword on e-mail / user name; with counts per state. */
  async list(filter: { state?: number; q?: string; beforeId?: number; limit: number }): Promise<{ items: SyncQueueRow[]; counts: Record<number, number> }> {
    const t = theUserSync;
    const where: SQL[] = [];
    if (filter.state !== undefined) where.push(eq(t.syncState, filter.state));
    if (filter.q) where.push(or(ilike(t.email, `%${escapeLike(filter.q)}%`), ilike(t.userName, `%${escapeLike(filter.q)}%`))!);
    if (filter.beforeId) where.push(lt(t.id, filter.beforeId));
    const rows = await this.db.select().from(t).where(and(...where)).orderBy(desc(t.id)).limit(filter.limit);
    const counts = await this.db.select({ state: t.syncState, n: sql<number>`count(*)::int` }).from(t).groupBy(t.syncState);
    return { items: rows.map(queueRow), counts: Object.fromEntries([0, 1, 2, 3, 4].map((s) => [s, counts.find((c) => c.state === s)?.n ?? 0])) };
  }

  /** Retry: 3 → 1 and 4 → 2 (other states untouched); the trigger wakes the job. Returns the ids retried. */
  async retry(ids: readonly number[], ctx: UserSyncContext): Promise<number[]> {
    const t = theUserSync;
    return this.db.transaction(async (tx) => {
      const done = await tx
        .update(t)
        .set({ syncState: sql`case ${t.syncState} when 3 then 1 else 2 end`, error: null, processedAt: null })
        .where(and(inArray(t.id, [...ids]), inArray(t.syncState, [3, 4])))
        .returning({ id: t.id, syncState: t.syncState });
      for (const r of done) {
        await this.audit.record(tx, { ...ctx, entity: USERSYNC_ROW_ENTITY, recordId: String(r.id), action: 'retry', before: { syncState: r.syncState === 1 ? 3 : 4 }, after: { syncState: r.syncState } });
      }
      return done.map((r) => r.id).sort((a, b) => a - b);
    });
  }

  private async fields(ctgryNo: number): Promise<Map<number, FieldDefinition>> {
    const cached = this.fieldCache.get(ctgryNo);
    if (cached && Date.now() - cached.at < 5_000) return cached.fields;
    const fields = await this.catalog.fields(ctgryNo);
    this.fieldCache.set(ctgryNo, { at: Date.now(), fields });
    return fields;
  }
}

/** A field number (1020, "1020") or a field name (case-insensitive) → the field number. */
export function resolveField(fields: ReadonlyMap<number, FieldDefinition>, ref: string | number): number | undefined {
  const text = String(ref).trim();
  if (/^\d+$/.test(text)) return fields.has(Number(text)) ? Number(text) : undefined;
  const lower = text.toLowerCase();
  for (const f of fields.values()) if (f.name.toLowerCase() === lower) return f.fieldNo;
  return undefined;
}

function queueRow(r: UserSyncRow): SyncQueueRow {
  return {
    id: r.id, email: r.email, userName: r.userName, queryNo: r.queryNo, ctgryNo: r.ctgryNo, userType: r.userType, syncState: r.syncState, error: r.error,
    hasPassword: r.userPwd != null || r.pwdHash != null, processedAt: r.processedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
  };
}
