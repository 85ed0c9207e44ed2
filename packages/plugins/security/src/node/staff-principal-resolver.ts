import { eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import type { Principal, PrincipalResolver } from '@portico/access';
import { Database, preparedOnFirstUse } from '@portico/db';
import { privilegeSetFromGrantRows } from './group-directory';
import { grants, groupMembers, groups, staffUsers } from './security-schema';

/** One row per grant of the user (or one row without a grant). */
interface PrincipalRow {
  id: string;
  name: string;
  disabled: boolean;
  builtin: string | null;
  privilege: string | null;
  scope: unknown;
}

/**
 * Loads a signed-in staff user and their effective privileges for each request, in one
 * statement (this runs on every signed-in request, so one round trip instead of two matters);
 * on the workbench API the session read runs that statement too (`sessionQuery`).
 */
@injectable()
export class StaffPrincipalResolver implements PrincipalResolver {
  readonly kind = 'staff' as const;

  constructor(@inject(Database) private readonly db: Database) {}

  async resolve(id: string): Promise<Principal | undefined> {
    return principalFrom(await this.statement().execute({ id }));
  }

  readonly sessionQuery = {
    select: (userId: SQL): SQL => this.query(sql`${userId}::uuid`).getSQL(),
    fromRows: (rows: readonly unknown[]): Principal | undefined => principalFrom(rows as readonly PrincipalRow[]),
  };

  /** User and privileges, prepared: this runs on every signed-in request. */
  private readonly statement = preparedOnFirstUse(() => this.query(sql.placeholder('id')).prepare('portico_staff_principal'));

  private query(userId: SQL | Placeholder) {
    // Plain column names (no two alike): the session read returns these rows as JSON objects.
    return this.db
      .select({
        id: staffUsers.id,
        name: staffUsers.name,
        disabled: staffUsers.disabled,
        builtin: groups.builtin,
        privilege: grants.privilege,
        scope: grants.scope,
      })
      .from(staffUsers)
      .leftJoin(groupMembers, eq(groupMembers.userId, staffUsers.id))
      .leftJoin(groups, eq(groups.id, groupMembers.groupId))
      .leftJoin(grants, eq(grants.groupId, groups.id))
      .where(eq(staffUsers.id, userId));
  }
}

function principalFrom(rows: readonly PrincipalRow[]): Principal | undefined {
  const user = rows[0];
  if (!user || user.disabled) return undefined; // disabling a user ends their sessions at the next request
  return { kind: 'staff', id: user.id, displayName: user.name, privileges: privilegeSetFromGrantRows(rows as Parameters<typeof privilegeSetFromGrantRows>[0]) };
}
