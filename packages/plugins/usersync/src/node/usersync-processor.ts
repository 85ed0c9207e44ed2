import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inject, injectable, optional } from 'inversify';
import { AuditTrailToken, diffRecords, type AuditActor, type AuditTrail } from '@portico/access';
import { PasswordHasher } from '@portico/auth';
import { Logger } from '@portico/core';
import { Database } from '@portico/db';
import {
  DocumentsCatalog, documentAssignmentConditions, documentAssignments, documentSearches, documentUploadPermissions, documentUploadValues, parseConditionXml, validateConditions,
  type FieldDefinition, type XmlCondition,
} from '@portico/plugin-documents/node';
import { PORTAL_USER_ENTITY } from '@portico/plugin-portal/common';
import { portalUsers } from '@portico/plugin-portal/node';
import { theUserSync } from './usersync-schema';

/** Tuning of the {@link UserSyncProcessor}; the node module fills it from the environment. */
export interface UserSyncOptions {
  /** Rows claimed per batch (default 500). */
  batchSize?: number;
  /**
   * Passwords hashed per batch at most (default 20; argon2id takes ~20 ms each, inside the batch
   * transaction). Further rows with a UserPwd stay pending for the next batch.
   */
  hashesPerBatch?: number;
}
export const UserSyncOptions = Symbol('UserSyncOptions');

/** What one {@link UserSyncProcessor.processBatch} did. */
export interface UserSyncBatchResult {
  claimed: number;
  /** 1 → 0: user created or updated, search assigned. */
  synced: number;
  /** 2 → row removed: assignment (and perhaps the user) deleted. */
  deleted: number;
  /** 1 → 3 or 2 → 4. */
  failed: number;
  /** UserType ≠ 4: → 0 with error 'ignored: UserType n'. */
  ignored: number;
  /** Claimed but left pending for the next batch (over the hash budget). */
  deferred: number;
  /** Of `synced`: settled by the set-based path (new users without a password, a few statements per batch). */
  bulk: number;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Claimed = Pick<typeof theUserSync.$inferSelect, 'id' | 'email' | 'queryNo' | 'ctgryNo' | 'indexData' | 'userName' | 'userType' | 'userPwd' | 'oneTimePwd' | 'conditionXml' | 'syncState' | 'pwdHash'> & { lockKey: number };

/** One pre-filled value of an upload permission row (`indexdata` JSON). */
const IndexDataItems = z.array(z.object({
  FieldNo: z.union([z.number().int().positive(), z.string().regex(/^\d{1,9}$/, 'must be a field number')]).transform(Number),
  Value: z.union([z.string().max(1000), z.number()]).transform(String),
  Mode: z.enum(['write', 'readonly']).default('readonly'),
}).strict()).max(200);
export type IndexDataItem = { FieldNo: number; Value: string; Mode: 'write' | 'readonly' };

/** Audit actor of every change the sync makes. */
export const SYNC_ACTOR: AuditActor = { kind: 'sync', id: 'theusersync', name: 'TheUserSync' };
/** First key of the per-e-mail advisory locks (`pg_advisory_xact_lock(key, hashtext(lower(email)))`). */
const LOCK_CLASS = 0x5553_594e; // 'USYN'
const MAX_ERROR = 2000;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A failure of one row (its state goes to 3 or 4 with this message). */
class RowError extends Error {}

/**
 * Processes `theusersync`. A batch claims pending rows (state 1 and 2) with
 * `FOR UPDATE SKIP LOCKED` in one transaction and settles each inside a savepoint, so a failing
 * row is marked 3/4 with its reason and the others go on; a crash rolls the whole claim back and
 * the rows stay pending, to be processed once after a restart. The effect on the portal user and
 * the row's new state commit together, so each row takes effect exactly once.
 *
 * Rows of one user (same lower(email)) are serialised across nodes by a transaction-level
 * advisory lock per e-mail, taken in hash order within a batch (no lock cycles between batches).
 */
@injectable()
export class UserSyncProcessor {
  readonly batchSize: number;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(DocumentsCatalog) private readonly catalog: DocumentsCatalog,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(UserSyncOptions) @optional() options?: UserSyncOptions,
    @inject(Logger) @optional() private readonly logger?: Logger,
  ) {
    this.batchSize = options?.batchSize ?? 500;
    this.hashesPerBatch = options?.hashesPerBatch ?? 20;
  }

  readonly hashesPerBatch: number;

  /**
   * Claims and settles one batch. New users without a password (the bulk-load case) are settled
   * set-based — a few statements for the whole batch, in a savepoint; everything else (updates,
   * deletions, passwords, upload permissions, rows the set-based path hands back) row by row,
   * each in its own savepoint.
   */
  async processBatch(): Promise<UserSyncBatchResult> {
    const result: UserSyncBatchResult = { claimed: 0, synced: 0, deleted: 0, failed: 0, ignored: 0, deferred: 0, bulk: 0 };
    const t = theUserSync;
    await this.db.transaction(async (tx) => {
      const rows: Claimed[] = await tx
        .select({
          id: t.id, email: t.email, queryNo: t.queryNo, ctgryNo: t.ctgryNo, indexData: t.indexData, userName: t.userName, userType: t.userType, userPwd: t.userPwd,
          oneTimePwd: t.oneTimePwd, conditionXml: t.conditionXml, syncState: t.syncState, pwdHash: t.pwdHash,
          lockKey: sql<number>`hashtext(lower(${t.email}))`.mapWith(Number),
        })
        .from(t)
        .where(inArray(t.syncState, [1, 2]))
        .orderBy(asc(t.id))
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      result.claimed = rows.length;
      if (!rows.length) return;
      // No wait for the WAL flush at commit: a commit lost in a server crash loses the row's effect
      // and its new state together (one transaction), so the row is simply processed again.
      await tx.execute(sql`set local synchronous_commit = off`);

      const ignored = rows.filter((r) => r.userType !== 4);
      if (ignored.length) {
        await tx.update(t).set({ syncState: 0, error: sql`'ignored: UserType ' || ${t.userType}`, userPwd: null, pwdHash: null, processedAt: sql`now()` }).where(inArray(t.id, ignored.map((r) => r.id)));
        result.ignored = ignored.length;
      }

      // The hash budget: later rows with a password (and every later row of their user) wait for the next batch.
      const todo: Claimed[] = [];
      const waiting = new Set<string>();
      let hashes = 0;
      for (const row of rows) {
        if (row.userType !== 4) continue;
        const key = row.email.trim().toLowerCase();
        const needsHash = row.syncState === 1 && row.userPwd != null;
        if (waiting.has(key) || (needsHash && hashes >= this.hashesPerBatch && todo.length > 0)) {
          waiting.add(key);
          result.deferred++;
          continue;
        }
        if (needsHash) hashes++;
        todo.push(row);
      }
      if (!todo.length) return;

      // Lock every user of the batch at once, in hash order: two batches never wait on each other in a cycle.
      const keys = [...new Set(todo.map((r) => r.lockKey))].sort((a, b) => a - b);
      await tx.execute(sql`select count(pg_advisory_xact_lock(${LOCK_CLASS}::integer, k)) from (select (jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))::integer as k order by 1) s`);

      const perEmail = new Map<string, number>();
      for (const r of todo) perEmail.set(r.email.trim().toLowerCase(), (perEmail.get(r.email.trim().toLowerCase()) ?? 0) + 1);
      const bulkCandidates = todo.filter((r) => r.syncState === 1 && r.userPwd == null && r.ctgryNo == null && perEmail.get(r.email.trim().toLowerCase()) === 1);
      let rowByRow = todo.filter((r) => !bulkCandidates.includes(r));
      if (bulkCandidates.length) {
        try {
          const handedBack = await tx.transaction((sp) => this.bulkCreate(sp, bulkCandidates));
          result.bulk = bulkCandidates.length - handedBack.length;
          result.synced += result.bulk;
          rowByRow = [...rowByRow, ...handedBack].sort((a, b) => a.id - b.id);
        } catch (error) {
          if (isTransient(error)) throw error;
          this.logger?.debug({ error: describe(error) }, 'usersync: set-based path failed; settling row by row');
          rowByRow = todo;
        }
      }

      for (const row of rowByRow) {
        // Hash before the savepoint, so a failed row keeps the hash (not the cleartext) for its retry.
        const pwdHash = row.syncState === 1 && row.userPwd != null ? await this.hasher.hash(row.userPwd) : row.pwdHash;
        try {
          await tx.transaction(async (sp) => {
            if (row.syncState === 1) await this.upsert(sp, row, pwdHash);
            else await this.remove(sp, row);
          });
          if (row.syncState === 1) {
            await tx.update(t).set({ syncState: 0, error: null, userPwd: null, pwdHash: null, processedAt: sql`now()` }).where(eq(t.id, row.id));
            result.synced++;
          } else {
            await tx.delete(t).where(eq(t.id, row.id));
            result.deleted++;
          }
        } catch (error) {
          if (isTransient(error)) throw error; // the whole batch rolls back and is retried
          const message = describe(error);
          const failed = row.syncState === 1 ? 3 : 4;
          await tx.update(t).set({ syncState: failed, error: message, userPwd: null, pwdHash, processedAt: sql`now()` }).where(eq(t.id, row.id));
          result.failed++;
          this.logger?.warn({ syncRowId: row.id, syncState: failed, error: message }, 'usersync: row failed');
        }
      }
    });
    if (result.claimed) this.logger?.debug({ ...result }, 'usersync: batch processed');
    return result;
  }

  /**
   * The set-based path: rows (state 1, no cleartext password, a search, one row per user in the
   * batch) whose user does not exist yet. Creates the users, their assignments and conditions,
   * the audit rows, and settles the rows in one SQL statement (data-modifying CTEs fed by one
   * JSON parameter). Rows it cannot settle this way (invalid, existing user, user name taken)
   * are handed back for the row-by-row path, which gives them their proper outcome.
   */
  private async bulkCreate(tx: Tx, rows: Claimed[]): Promise<Claimed[]> {
    const back: Claimed[] = [];
    const queryNos = [...new Set(rows.map((r) => r.queryNo).filter((q): q is number => q != null))];
    const searches = new Map<number, number>();
    if (queryNos.length) {
      for (const s of await tx.select({ queryNo: documentSearches.queryNo, ctgryNo: documentSearches.ctgryNo }).from(documentSearches).where(inArray(documentSearches.queryNo, queryNos))) searches.set(s.queryNo, s.ctgryNo);
    }
    const fieldsOf = new Map<number, Map<number, FieldDefinition>>();
    const valid: Array<{ row: Claimed; email: string; userName: string | null; conditions: XmlCondition[] }> = [];
    for (const row of rows) {
      const email = row.email.trim();
      const ctgryNo = row.queryNo == null ? undefined : searches.get(row.queryNo);
      if (!EMAIL.test(email) || ctgryNo === undefined) { back.push(row); continue; }
      let conditions: XmlCondition[] = [];
      const xml = row.conditionXml?.trim() ? row.conditionXml : null;
      if (xml) {
        if (!fieldsOf.has(ctgryNo)) fieldsOf.set(ctgryNo, await this.catalog.fields(ctgryNo, tx));
        const fields = fieldsOf.get(ctgryNo)!;
        const simple = simpleConditions(xml);
        if (simple && !validateConditions(simple, fields, () => '').length) conditions = simple;
        else {
          try { conditions = parseConditionXml(xml, fields); } catch { back.push(row); continue; }
        }
      }
      valid.push({ row, email, userName: row.userName?.trim() || null, conditions });
    }
    if (!valid.length) return back;

    const lower = (s: string) => s.toLowerCase();
    const names = valid.map((v) => v.userName).filter((n): n is string => !!n).map(lower);
    const taken = await rowsOf<{ email: string | null; name: string | null }>(tx, sql`
      select lower(email) as email, null as name from portal_users where lower(email) in (select jsonb_array_elements_text(${JSON.stringify(valid.map((v) => lower(v.email)))}::jsonb))
      union all
      select null, lower(user_name) from portal_users where lower(user_name) in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))`);
    const existing = new Set(taken.map((t) => t.email).filter(Boolean));
    const usedNames = new Set(taken.map((t) => t.name).filter(Boolean));
    const create: typeof valid = [];
    for (const v of valid) {
      const name = v.userName ? lower(v.userName) : null;
      if (existing.has(lower(v.email)) || (name && usedNames.has(name))) { back.push(v.row); continue; }
      if (name) usedNames.add(name); // a second row with the same user name goes row by row (and fails there)
      create.push(v);
    }
    if (!create.length) return back;

    const input = create.map((v) => {
      const password = v.row.pwdHash ? { passwordHash: v.row.pwdHash, mustChangePassword: v.row.oneTimePwd === 1 } : { passwordHash: null, mustChangePassword: false };
      return {
        sync_id: v.row.id, email: v.email, user_name: v.userName, password_hash: password.passwordHash, must_change: password.mustChangePassword, query_no: v.row.queryNo,
        conds: v.conditions.map((c) => ({ f: c.fieldNo, v: c.filter })),
        audit_user: diffRecords(null, { email: v.email, userName: v.userName, passwordHash: password.passwordHash, mustChangePassword: password.mustChangePassword }),
        audit_asg: diffRecords(null, { queryNo: v.row.queryNo, conditions: v.conditions }),
      };
    });
    const actor = SYNC_ACTOR;
    await tx.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
          as x(sync_id integer, email text, user_name text, password_hash text, must_change boolean, query_no integer, conds jsonb, audit_user jsonb, audit_asg jsonb)
      ), users as (
        insert into portal_users (email, user_name, password_hash, must_change_password, created_by_id, created_by_name)
        select email, user_name, password_hash, must_change, ${actor.id!}, ${actor.name!} from input
        returning id, email
      ), joined as (
        select i.*, u.id as user_id from input i join users u on lower(u.email) = lower(i.email)
      ), assignments as (
        insert into documents_assignments (portal_user_id, query_no) select user_id, query_no from joined
        returning id, portal_user_id
      ), conditions as (
        insert into documents_assignment_conditions (assignment_id, position, field_no, filter)
        select a.id, (c.ord - 1)::integer, (c.value->>'f')::integer, c.value->>'v'
        from assignments a join joined j on j.user_id = a.portal_user_id, jsonb_array_elements(j.conds) with ordinality c(value, ord)
      ), audit as (
        insert into audit_log (actor_kind, actor_id, actor_name, entity, record_id, action, changes)
        select ${actor.kind}, ${actor.id!}, ${actor.name!}, e.entity, j.user_id::text, 'create', e.changes
        from joined j cross join lateral (values (${PORTAL_USER_ENTITY}, j.audit_user), ('documents_assignment', j.audit_asg)) e(entity, changes)
      )
      update theusersync set syncstate = 0, error = null, userpwd = null, pwd_hash = null, processed_at = now()
      where id in (select sync_id from joined)`);
    return back;
  }

  /** State 1: create or update the user by lower(email), then replace their assignment of QueryNo. */
  private async upsert(tx: Tx, row: Claimed, pwdHash: string | null): Promise<void> {
    const email = row.email.trim();
    if (!EMAIL.test(email)) throw new RowError(`Email is not an e-mail address: ${JSON.stringify(row.email)}`);
    if (row.queryNo == null && row.ctgryNo == null) throw new RowError('QueryNo is required (a search; or CtgryNo for an upload permission)');
    let conditions: XmlCondition[] = [];
    if (row.queryNo != null) {
      const [search] = await tx.select({ ctgryNo: documentSearches.ctgryNo }).from(documentSearches).where(eq(documentSearches.queryNo, row.queryNo));
      if (!search) throw new RowError(`No search ${row.queryNo}`);
      const xml = row.conditionXml?.trim() ? row.conditionXml : null;
      conditions = xml ? parseConditionXml(xml, await this.catalog.fields(search.ctgryNo, tx)) : [];
    }
    let upload: IndexDataItem[] = [];
    if (row.ctgryNo != null) {
      const fields = await this.catalog.fields(row.ctgryNo, tx);
      if (!fields.size) throw new RowError(`No category ${row.ctgryNo} (or it has no fields)`);
      upload = parseIndexData(row.indexData, fields, row.ctgryNo);
    }

    const p = portalUsers;
    const userName = row.userName?.trim() || null;
    const [user] = await tx.select().from(p).where(sql`lower(${p.email}) = lower(${email})`).for('update');
    if (userName) {
      const [other] = await tx.select({ id: p.id }).from(p).where(and(sql`lower(${p.userName}) = lower(${userName})`, sql`lower(${p.email}) <> lower(${email})`));
      if (other) throw new RowError(`User name ${userName} belongs to another portal user`);
    }
    const password = pwdHash ? { passwordHash: pwdHash, mustChangePassword: row.oneTimePwd === 1 } : {};
    let userId: string;
    if (!user) {
      const [created] = await tx
        .insert(p)
        .values({ email, userName, ...password, createdById: SYNC_ACTOR.id, createdByName: SYNC_ACTOR.name })
        .returning();
      userId = created!.id;
      await this.audit.record(tx, { actor: SYNC_ACTOR, entity: PORTAL_USER_ENTITY, recordId: userId, action: 'create', after: auditView(created!) });
    } else {
      userId = user.id;
      const changes = { ...(userName ? { userName } : {}), ...password };
      if (Object.keys(changes).length) {
        const [updated] = await tx.update(p).set({ ...changes, updatedAt: new Date(), version: sql`${p.version} + 1` }).where(eq(p.id, user.id)).returning();
        await this.audit.record(tx, { actor: SYNC_ACTOR, entity: PORTAL_USER_ENTITY, recordId: userId, action: 'update', before: auditView(user), after: auditView(updated!) });
      }
    }

    if (row.queryNo != null) {
      const a = documentAssignments;
      const before = await this.conditionsOf(tx, userId, row.queryNo);
      await tx.delete(a).where(and(eq(a.portalUserId, userId), eq(a.queryNo, row.queryNo)));
      const [assignment] = await tx.insert(a).values({ portalUserId: userId, queryNo: row.queryNo }).returning({ id: a.id });
      if (conditions.length) {
        await tx.insert(documentAssignmentConditions).values(conditions.map((c, position) => ({ assignmentId: assignment!.id, position, fieldNo: c.fieldNo, filter: c.filter })));
      }
      await this.audit.record(tx, {
        actor: SYNC_ACTOR, entity: 'documents_assignment', recordId: userId, action: before ? 'update' : 'create',
        before: before ? { queryNo: row.queryNo, conditions: before } : null, after: { queryNo: row.queryNo, conditions },
      });
    }
    if (row.ctgryNo != null) {
      const u = documentUploadPermissions;
      const before = await this.uploadValuesOf(tx, userId, row.ctgryNo);
      await tx.delete(u).where(and(eq(u.portalUserId, userId), eq(u.ctgryNo, row.ctgryNo)));
      const [permission] = await tx.insert(u).values({ portalUserId: userId, ctgryNo: row.ctgryNo }).returning({ id: u.id });
      if (upload.length) await tx.insert(documentUploadValues).values(upload.map((v) => ({ permissionId: permission!.id, fieldNo: v.FieldNo, value: v.Value, mode: v.Mode })));
      const values = upload.map((v) => ({ fieldNo: v.FieldNo, value: v.Value, mode: v.Mode }));
      await this.audit.record(tx, {
        actor: SYNC_ACTOR, entity: 'documents_upload_permission', recordId: userId, action: before ? 'update' : 'create',
        before: before ? { ctgryNo: row.ctgryNo, values: before } : null, after: { ctgryNo: row.ctgryNo, values },
      });
    }
  }

  private async uploadValuesOf(tx: Tx, userId: string, ctgryNo: number): Promise<Array<{ fieldNo: number; value: string; mode: string }> | undefined> {
    const u = documentUploadPermissions;
    const [existing] = await tx.select({ id: u.id }).from(u).where(and(eq(u.portalUserId, userId), eq(u.ctgryNo, ctgryNo)));
    if (!existing) return undefined;
    const v = documentUploadValues;
    return tx.select({ fieldNo: v.fieldNo, value: v.value, mode: v.mode }).from(v).where(eq(v.permissionId, existing.id)).orderBy(asc(v.fieldNo));
  }

  /**
   * State 2: remove the user's assignment of QueryNo; delete the user (with all their assignments
   * and upload permissions) when no other row of theirs *remains*: another row with the same
   * lower(email), UserType 4 and SyncState 0, 1 or 3 (synced, pending or failed add — rows that
   * stand for a search the user has or is to get). Rows in state 2 or 4 are themselves deletions
   * and do not keep the user. An unknown user is not an error (the row is removed).
   */
  private async remove(tx: Tx, row: Claimed): Promise<void> {
    const p = portalUsers;
    const a = documentAssignments;
    const [user] = await tx.select().from(p).where(sql`lower(${p.email}) = lower(${row.email.trim()})`).for('update');
    if (!user) return;
    const t = theUserSync;
    const [remaining] = await tx
      .select({ id: t.id })
      .from(t)
      .where(and(sql`lower(${t.email}) = lower(${row.email})`, ne(t.id, row.id), eq(t.userType, 4), inArray(t.syncState, [0, 1, 3])))
      .limit(1);
    if (remaining) {
      if (row.queryNo == null && row.ctgryNo == null) throw new RowError('QueryNo is required to remove one search while other rows of the user remain (or CtgryNo to remove an upload permission)');
      if (row.queryNo != null) {
        const before = await this.conditionsOf(tx, user.id, row.queryNo);
        if (before) {
          await tx.delete(a).where(and(eq(a.portalUserId, user.id), eq(a.queryNo, row.queryNo)));
          await this.audit.record(tx, { actor: SYNC_ACTOR, entity: 'documents_assignment', recordId: user.id, action: 'delete', before: { queryNo: row.queryNo, conditions: before } });
        }
      }
      if (row.ctgryNo != null) {
        const before = await this.uploadValuesOf(tx, user.id, row.ctgryNo);
        if (before) {
          const u = documentUploadPermissions;
          await tx.delete(u).where(and(eq(u.portalUserId, user.id), eq(u.ctgryNo, row.ctgryNo)));
          await this.audit.record(tx, { actor: SYNC_ACTOR, entity: 'documents_upload_permission', recordId: user.id, action: 'delete', before: { ctgryNo: row.ctgryNo, values: before } });
        }
      }
      return;
    }
    await tx.delete(a).where(eq(a.portalUserId, user.id));
    await tx.delete(documentUploadPermissions).where(eq(documentUploadPermissions.portalUserId, user.id));
    await tx.delete(p).where(eq(p.id, user.id));
    await this.audit.record(tx, { actor: SYNC_ACTOR, entity: PORTAL_USER_ENTITY, recordId: user.id, action: 'delete', before: auditView(user) });
  }

  private async conditionsOf(tx: Tx, userId: string, queryNo: number): Promise<Array<{ fieldNo: number; filter: string }> | undefined> {
    const a = documentAssignments;
    const [existing] = await tx.select({ id: a.id }).from(a).where(and(eq(a.portalUserId, userId), eq(a.queryNo, queryNo)));
    if (!existing) return undefined;
    const c = documentAssignmentConditions;
    return tx.select({ fieldNo: c.fieldNo, filter: c.filter }).from(c).where(eq(c.assignmentId, existing.id)).orderBy(asc(c.position));
  }
}

/** Runs a query in a transaction and returns its rows, whatever the driver (PGlite: `{ rows }`, postgres.js: an array). */
async function rowsOf<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const out = (await tx.execute(query)) as unknown;
  return (Array.isArray(out) ? out : (out as { rows: T[] }).rows) as T[];
}

const SIMPLE_CONDS = /^\s*<Conds>((?:\s*<C>\s*<FieldNo>\s*\d{1,9}\s*<\/FieldNo>\s*<Filter>[^<&]*\S[^<&]*<\/Filter>\s*<\/C>)*)\s*<\/Conds>\s*$/;
const SIMPLE_C = /<C>\s*<FieldNo>\s*(\d{1,9})\s*<\/FieldNo>\s*<Filter>([^<&]*)<\/Filter>\s*<\/C>/g;

/**
 * ConditionXML in its plain form (no declaration, attributes, entities, comments or CDATA):
 * read without the XML parser — what the bulk path sees in every row of an INSERT … SELECT.
 * Anything else (undefined here) goes through {@link parseConditionXml}. Same result either way.
 */
function simpleConditions(xml: string): XmlCondition[] | undefined {
  const m = SIMPLE_CONDS.exec(xml);
  if (!m) return undefined;
  const out: XmlCondition[] = [];
  for (const c of m[1]!.matchAll(SIMPLE_C)) out.push({ fieldNo: Number(c[1]), filter: c[2]! });
  return out.length > 100 ? undefined : out;
}

/** Reads a row's `indexdata` JSON; every FieldNo must be a field of the category. */
export function parseIndexData(raw: string | null, fields: ReadonlyMap<number, unknown>, ctgryNo: number): IndexDataItem[] {
  if (raw == null || raw.trim() === '') return [];
  let json: unknown;
  try { json = JSON.parse(raw); } catch { throw new RowError('IndexData is not valid JSON'); }
  const parsed = IndexDataItems.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new RowError(`IndexData${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`);
  }
  parsed.data.forEach((item, i) => {
    if (!fields.has(item.FieldNo)) throw new RowError(`IndexData[${i}].FieldNo: Unknown field ${item.FieldNo} in category ${ctgryNo}`);
  });
  return parsed.data;
}

function auditView(u: typeof portalUsers.$inferSelect): Record<string, unknown> {
  // passwordHash is redacted by the audit trail (only "changed" is recorded).
  return { email: u.email, userName: u.userName, passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword };
}

function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Deadlocks, serialisation failures, lost connections, shutdown: retry the batch, do not blame the row. */
function isTransient(error: unknown): boolean {
  const code = sqlState(error);
  return !!code && /^(40|08|57|53)/.test(code);
}

function describe(error: unknown): string {
  // A failed statement: the database's own message (drizzle's wrapper repeats the whole query).
  const cause = (error as { cause?: unknown })?.cause;
  const message = !(error instanceof RowError) && cause instanceof Error && cause.message ? cause.message : error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR - 1)}…` : message;
}
