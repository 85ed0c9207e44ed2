import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrail, AuditTrailToken, type AuditActor } from '@portico/access';
import { PasswordHasher, PasswordPolicy, type ThrottleCheckQuery, type ThrottleVerdict } from '@portico/auth';
import { ConflictError, NotFoundError, ValidationError } from '@portico/core';
import { Database, escapeLike, isUuid } from '@portico/db';
import type { z } from 'zod';
import type { StaffUserCreate, StaffUserUpdate, StaffUserView } from '../common/index';
import { groupMembers, groups, staffUsers, type StaffUserRow } from './security-schema';

/** What {@link StaffDirectory.checkSignIn} found. */
export interface SignInCheck {
  /** The throttle's verdict on the attempt; when it does not allow it, no password was checked. */
  verdict: ThrottleVerdict;
  /** The account, when the password is right and the account enabled. */
  user?: StaffUserRow;
  /** With `user`: the write that records the sign-in (last sign-in, failure count reset, a rehash). */
  signedIn?: SQL;
}

export interface WriteContext {
  actor: AuditActor;
  requestId?: string;
}

/** Staff accounts: create, update (optimistic concurrency), list, credentials. Every write is audited in its transaction. */
@injectable()
export class StaffDirectory {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
  ) {}

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(staffUsers);
    return row?.n ?? 0;
  }

  async create(input: z.infer<typeof StaffUserCreate>, ctx: WriteContext): Promise<StaffUserView> {
    const passwordHash = input.password === undefined ? null : await this.hashChecked(input.password, input);
    await this.assertEmailFree(input.email);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(staffUsers).values({ name: input.name, email: input.email, passwordHash, disabled: input.disabled }).returning();
      if (input.groupIds.length) await this.setGroups(tx, row!.id, input.groupIds);
      await this.audit.record(tx, { ...ctx, entity: 'security_staffuser', recordId: row!.id, action: 'create', before: null, after: { ...auditable(row!), groupIds: input.groupIds } });
      return row!.id;
    });
    return (await this.get(id))!;
  }

  async update(id: string, input: z.infer<typeof StaffUserUpdate>, ctx: WriteContext): Promise<StaffUserView> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError('No such staff user');
    if (input.email && input.email !== before.email) await this.assertEmailFree(input.email, id);
    const passwordHash = input.password === undefined ? undefined : await this.hashChecked(input.password, { email: input.email ?? before.email, name: input.name ?? before.name });
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(staffUsers)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.email !== undefined ? { email: input.email } : {}),
          ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          updatedAt: new Date(),
          version: sql`${staffUsers.version} + 1`,
        })
        .where(and(eq(staffUsers.id, id), eq(staffUsers.version, input.version)))
        .returning();
      if (!row) throw new ConflictError('Someone else changed this record since you opened it. Reload it and make your change again.', { current: before.version });
      if (input.groupIds) await this.setGroups(tx, id, input.groupIds);
      await this.audit.record(tx, {
        ...ctx, entity: 'security_staffuser', recordId: id, action: 'update',
        // Only whether the password was set and whether it changed: the same marker when it did not.
        before: { ...auditableView(before), passwordHash: before.hasPassword ? 'set' : null },
        after: { ...auditable(row), passwordHash: passwordHash !== undefined ? 'changed' : row.passwordHash ? 'set' : null, groupIds: input.groupIds ?? before.groupIds },
      });
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StaffUserView | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.select().from(staffUsers).where(eq(staffUsers.id, id));
    if (!row) return undefined;
    const members = await this.db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, id));
    return toView(row, members.map((m) => m.groupId));
  }

  /** Keyword search over name and e-mail; keyset paging by (name, id). */
  async list(options: { q?: string; limit: number; after?: { name: string; id: string } }): Promise<StaffUserView[]> {
    const q = options.q?.trim();
    const rows = await this.db
      .select()
      .from(staffUsers)
      .where(
        and(
          q ? or(ilike(staffUsers.name, `%${escapeLike(q)}%`), ilike(staffUsers.email, `%${escapeLike(q)}%`)) : undefined,
          options.after ? or(gt(staffUsers.name, options.after.name), and(eq(staffUsers.name, options.after.name), gt(staffUsers.id, options.after.id))) : undefined,
        ),
      )
      .orderBy(asc(staffUsers.name), asc(staffUsers.id))
      .limit(options.limit);
    const members = rows.length
      ? await this.db.select().from(groupMembers).where(inArray(groupMembers.userId, rows.map((r) => r.id)))
      : [];
    return rows.map((r) => toView(r, members.filter((m) => m.userId === r.id).map((m) => m.groupId)));
  }

  /**
   * Checks e-mail + password at sign-in. The account is read in one statement with the throttle's
   * verdict on the attempt (`throttle`, from `LoginThrottle.checkQuery`); a blocked attempt stops
   * there, before any argon2 work. Otherwise unknown e-mail, no password, disabled account and
   * wrong password all end without a user after the same argon2 work, so neither the answer nor
   * its timing tells which accounts exist. A wrong password counts against the account at once;
   * a right one returns the write that records the sign-in, for the caller to run with the new
   * session (`regenerateSession`'s `alongside`).
   */
  async checkSignIn(email: string, password: string, throttle: ThrottleCheckQuery): Promise<SignInCheck> {
    const [found] = await this.db
      .select({ throttle: sql<unknown>`t.v`, user: staffUsers })
      .from(sql`(select ${throttle.sql} as v) t`)
      .leftJoin(staffUsers, sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`);
    const verdict = throttle.verdictOf(found?.throttle);
    if (!verdict.allowed) return { verdict };
    const row = found?.user;
    if (!row?.passwordHash) {
      await this.hasher.dummyVerify(password);
      return { verdict };
    }
    if (!(await this.hasher.verify(row.passwordHash, password))) {
      await this.db.update(staffUsers).set({ failedSignIns: sql`${staffUsers.failedSignIns} + 1` }).where(eq(staffUsers.id, row.id));
      return { verdict };
    }
    if (row.disabled) return { verdict };
    const rehash = this.hasher.needsRehash(row.passwordHash) ? await this.hasher.hash(password) : undefined;
    const signedIn = this.db
      .update(staffUsers)
      .set({ lastSignInAt: sql`now()`, failedSignIns: 0, ...(rehash ? { passwordHash: rehash } : {}) })
      .where(eq(staffUsers.id, row.id))
      .getSQL();
    return { verdict, user: row, signedIn };
  }

  async findByEmail(email: string): Promise<StaffUserRow | undefined> {
    const [row] = await this.db.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`);
    return row;
  }

  private async hashChecked(password: string, who: { email: string; name: string }): Promise<string> {
    this.policy.assert(password, { email: who.email, name: who.name });
    return this.hasher.hash(password);
  }

  private async assertEmailFree(email: string, exceptId?: string): Promise<void> {
    const existing = await this.findByEmail(email);
    if (existing && existing.id !== exceptId) {
      throw new ValidationError([{ path: 'email', message: 'is already used by another staff user' }]);
    }
  }

  private async setGroups(tx: Pick<Database, 'delete' | 'insert' | 'select'>, userId: string, groupIds: string[]): Promise<void> {
    const unique = [...new Set(groupIds)];
    if (unique.length) {
      const found = await tx.select({ id: groups.id }).from(groups).where(inArray(groups.id, unique));
      if (found.length !== unique.length) throw new ValidationError([{ path: 'groupIds', message: 'contains a group that does not exist' }]);
    }
    await tx.delete(groupMembers).where(eq(groupMembers.userId, userId));
    if (unique.length) await tx.insert(groupMembers).values(unique.map((groupId) => ({ groupId, userId })));
  }
}

function toView(row: StaffUserRow, groupIds: string[]): StaffUserView {
  return {
    id: row.id, name: row.name, email: row.email, disabled: row.disabled,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null, failedSignIns: row.failedSignIns,
    hasPassword: row.passwordHash !== null, groupIds, createdAt: row.createdAt.toISOString(), version: row.version,
  };
}

function auditable(row: StaffUserRow): Record<string, unknown> {
  return { name: row.name, email: row.email, disabled: row.disabled, passwordHash: row.passwordHash };
}
function auditableView(v: StaffUserView): Record<string, unknown> {
  return { name: v.name, email: v.email, disabled: v.disabled, groupIds: v.groupIds };
}
