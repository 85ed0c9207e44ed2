import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { inject, injectable, optional } from 'inversify';
import { AuditTrailToken, type AuditActor, type AuditTrail } from '@portico/access';
import { PasswordHasher } from '@portico/auth';
import { Logger } from '@portico/core';
import { Database } from '@portico/db';
import {
  DocumentsCatalog, documentAssignmentConditions, documentAssignments, documentSearches, documentUploadPermissions, parseConditionXml,
} from '@portico/plugin-documents/node';
import { PORTAL_USER_ENTITY } from '@portico/plugin-portal/common';
import { portalUsers } from '@portico/plugin-portal/node';
import { theUserSync } from './usersync-schema';

/** Tuning of the {@link UserSyncProcessor}; the node module fills it from the environment. */
export interface UserSyncOptions {
  /** Rows claimed per batch (default 50). */
  batchSize?: number;
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
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Claimed = Pick<typeof theUserSync.$inferSelect, 'id' | 'email' | 'queryNo' | 'userName' | 'userType' | 'userPwd' | 'oneTimePwd' | 'conditionXml' | 'syncState' | 'pwdHash'> & { lockKey: number };

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
    this.batchSize = options?.batchSize ?? 50;
  }

  /** Claims and settles one batch. */
  async processBatch(): Promise<UserSyncBatchResult> {
    const result: UserSyncBatchResult = { claimed: 0, synced: 0, deleted: 0, failed: 0, ignored: 0 };
    const t = theUserSync;
    await this.db.transaction(async (tx) => {
      const rows: Claimed[] = await tx
        .select({
          id: t.id, email: t.email, queryNo: t.queryNo, userName: t.userName, userType: t.userType, userPwd: t.userPwd,
          oneTimePwd: t.oneTimePwd, conditionXml: t.conditionXml, syncState: t.syncState, pwdHash: t.pwdHash,
          lockKey: sql<number>`hashtext(lower(${t.email}))`.mapWith(Number),
        })
        .from(t)
        .where(inArray(t.syncState, [1, 2]))
        .orderBy(asc(t.id))
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      result.claimed = rows.length;
      // Lock order = hash order, so two batches never wait on each other in a cycle.
      rows.sort((a, b) => a.lockKey - b.lockKey || a.email.toLowerCase().localeCompare(b.email.toLowerCase()) || a.id - b.id);
      const locked = new Set<number>();
      for (const row of rows) {
        if (row.userType !== 4) {
          await tx.update(t).set({ syncState: 0, error: `ignored: UserType ${row.userType}`, userPwd: null, pwdHash: null, processedAt: sql`now()` }).where(eq(t.id, row.id));
          result.ignored++;
          continue;
        }
        if (!locked.has(row.lockKey)) {
          await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}::integer, ${row.lockKey}::integer)`);
          locked.add(row.lockKey);
        }
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

  /** State 1: create or update the user by lower(email), then replace their assignment of QueryNo. */
  private async upsert(tx: Tx, row: Claimed, pwdHash: string | null): Promise<void> {
    const email = row.email.trim();
    if (!EMAIL.test(email)) throw new RowError(`Email is not an e-mail address: ${JSON.stringify(row.email)}`);
    if (row.queryNo == null) throw new RowError('QueryNo is required');
    const [search] = await tx.select({ ctgryNo: documentSearches.ctgryNo }).from(documentSearches).where(eq(documentSearches.queryNo, row.queryNo));
    if (!search) throw new RowError(`No search ${row.queryNo}`);
    const xml = row.conditionXml?.trim() ? row.conditionXml : null;
    const conditions = xml ? parseConditionXml(xml, await this.catalog.fields(search.ctgryNo, tx)) : [];

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
      if (row.queryNo == null) throw new RowError('QueryNo is required to remove one search while other rows of the user remain');
      const before = await this.conditionsOf(tx, user.id, row.queryNo);
      if (!before) return;
      await tx.delete(a).where(and(eq(a.portalUserId, user.id), eq(a.queryNo, row.queryNo)));
      await this.audit.record(tx, { actor: SYNC_ACTOR, entity: 'documents_assignment', recordId: user.id, action: 'delete', before: { queryNo: row.queryNo, conditions: before } });
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
