import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { ALL_PRIVILEGES, AuditTrail, AuditTrailToken, PrivilegeSet, type PrivilegeGrant } from '@portico/access';
import { ConflictError, NotFoundError, ValidationError } from '@portico/core';
import { Database, isUuid } from '@portico/db';
import type { z } from 'zod';
import type { GroupCreate, GroupUpdate, GroupView } from '../common/index';
import { grants, groupMembers, groups, type GroupRow } from './security-schema';
import type { WriteContext } from './staff-directory';

/** One row per (group, grant) of a user, as the privilege queries select them. */
export interface GrantRow {
  builtin: string | null;
  privilege: string | null;
  scope: PrivilegeGrant['scope'] | null;
}

/** The union of the grants of a user's groups; the built-in System Administrator group grants everything. */
export function privilegeSetFromGrantRows(rows: readonly GrantRow[]): PrivilegeSet {
  const list: PrivilegeGrant[] = [];
  for (const r of rows) {
    if (r.builtin === 'system-administrator') list.push({ privilege: ALL_PRIVILEGES, scope: 'all' });
    else if (r.privilege && r.scope) list.push({ privilege: r.privilege, scope: r.scope });
  }
  return new PrivilegeSet(list);
}

/** Privilege groups and their grants; effective privileges of a staff user. */
@injectable()
export class GroupDirectory {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<GroupView[]> {
    const rows = await this.db.select().from(groups).orderBy(asc(groups.name));
    return this.views(rows);
  }

  async get(id: string): Promise<GroupView | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await this.db.select().from(groups).where(eq(groups.id, id));
    return (await this.views(rows))[0];
  }

  async systemAdministratorId(): Promise<string> {
    const [row] = await this.db.select({ id: groups.id }).from(groups).where(eq(groups.builtin, 'system-administrator'));
    if (!row) throw new Error('the System Administrator group is missing: migrations not applied?');
    return row.id;
  }

  async create(input: z.infer<typeof GroupCreate>, ctx: WriteContext): Promise<GroupView> {
    await this.assertNameFree(input.name);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(groups).values({ name: input.name, description: input.description }).returning();
      if (input.grants.length) await tx.insert(grants).values(input.grants.map((g) => ({ groupId: row!.id, privilege: g.privilege, scope: g.scope })));
      await this.audit.record(tx, { ...ctx, entity: 'security_group', recordId: row!.id, action: 'create', after: { name: row!.name, description: row!.description, grants: input.grants } });
      return row!.id;
    });
    return (await this.get(id))!;
  }

  async update(id: string, input: z.infer<typeof GroupUpdate>, ctx: WriteContext): Promise<GroupView> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError('No such group');
    if (before.builtin && input.grants) throw new ValidationError([{ path: 'grants', message: 'cannot be changed on a built-in group' }]);
    if (input.name && input.name.toLowerCase() !== before.name.toLowerCase()) await this.assertNameFree(input.name);
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(groups)
        .set({ ...(input.name ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), version: sql`${groups.version} + 1` })
        .where(and(eq(groups.id, id), eq(groups.version, input.version)))
        .returning();
      if (!row) throw new ConflictError('Someone else changed this group since you opened it. Reload it and make your change again.');
      if (input.grants) {
        await tx.delete(grants).where(eq(grants.groupId, id));
        if (input.grants.length) await tx.insert(grants).values(input.grants.map((g) => ({ groupId: id, privilege: g.privilege, scope: g.scope })));
      }
      await this.audit.record(tx, {
        ...ctx, entity: 'security_group', recordId: id, action: 'update',
        before: { name: before.name, description: before.description, grants: before.grants },
        after: { name: row.name, description: row.description, grants: input.grants ?? before.grants },
      });
    });
    return (await this.get(id))!;
  }

  async remove(id: string, ctx: WriteContext): Promise<void> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError('No such group');
    if (before.builtin) throw new ValidationError([{ path: 'id', message: 'The built-in System Administrator group cannot be deleted' }]);
    await this.db.transaction(async (tx) => {
      await tx.delete(groups).where(eq(groups.id, id));
      await this.audit.record(tx, { ...ctx, entity: 'security_group', recordId: id, action: 'delete', before: { name: before.name, grants: before.grants }, after: null });
    });
  }

  /** The union of the grants of every group the user belongs to. */
  async privilegesOf(userId: string): Promise<PrivilegeSet> {
    const rows = await this.db
      .select({ builtin: groups.builtin, privilege: grants.privilege, scope: grants.scope })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .leftJoin(grants, eq(grants.groupId, groups.id))
      .where(eq(groupMembers.userId, userId));
    return privilegeSetFromGrantRows(rows);
  }

  private async assertNameFree(name: string): Promise<void> {
    const [row] = await this.db.select({ id: groups.id }).from(groups).where(sql`lower(${groups.name}) = ${name.toLowerCase()}`);
    if (row) throw new ValidationError([{ path: 'name', message: 'is already the name of another group' }]);
  }

  private async views(rows: GroupRow[]): Promise<GroupView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const grantRows = await this.db.select().from(grants).where(inArray(grants.groupId, ids));
    const counts = await this.db
      .select({ groupId: groupMembers.groupId, n: sql<number>`count(*)::int` })
      .from(groupMembers)
      .where(and(inArray(groupMembers.groupId, ids), isNotNull(groupMembers.userId)))
      .groupBy(groupMembers.groupId);
    return rows.map((r) => ({
      id: r.id, name: r.name, description: r.description, builtin: r.builtin, version: r.version,
      grants: grantRows.filter((g) => g.groupId === r.id).map((g) => ({ privilege: g.privilege, scope: g.scope })),
      memberCount: counts.find((c) => c.groupId === r.id)?.n ?? 0,
    }));
  }
}
