import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrail, AuditTrailToken, type AuditActor } from '@portico/access';
import { PasswordHasher, PasswordPolicy } from '@portico/auth';
import { ConflictError, NotFoundError, ValidationError } from '@portico/core';
import { Database, escapeLike, isUuid, preparedOnFirstUse } from '@portico/db';
import type { z } from 'zod';
import type { StaffUserCreate, StaffUserUpdate, StaffUserView } from '../common/index';
import { groupMembers, groups, staffUsers, type StaffUserRow } from './security-schema';

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
   * Checks e-mail + password. Unknown e-mail, no password, disabled account and wrong password
   * all return undefined after the same argon2 work, so neither the answer nor its timing
   * tells which accounts exist.
   */
  /** The sign-in lookup, prepared. */
  private readonly byEmailStatement = preparedOnFirstUse(() =>
    this.db.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${sql.placeholder('email')}`).prepare('portico_staff_by_email'),
  );

  async verifyCredentials(email: string, password: string): Promise<StaffUserRow | undefined> {
    const [row] = await this.byEmailStatement().execute({ email: email.trim().toLowerCase() });
    if (!row?.passwordHash) {
      await this.hasher.dummyVerify(password);
      return undefined;
    }
    const ok = await this.hasher.verify(row.passwordHash, password);
    if (!ok) {
      await this.db.update(staffUsers).set({ failedSignIns: sql`${staffUsers.failedSignIns} + 1` }).where(eq(staffUsers.id, row.id));
      return undefined;
    }
    if (row.disabled) return undefined;
    const rehash = this.hasher.needsRehash(row.passwordHash) ? await this.hasher.hash(password) : undefined;
    await this.db
      .update(staffUsers)
      .set({ lastSignInAt: new Date(), failedSignIns: 0, ...(rehash ? { passwordHash: rehash } : {}) })
      .where(eq(staffUsers.id, row.id));
    return row;
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
