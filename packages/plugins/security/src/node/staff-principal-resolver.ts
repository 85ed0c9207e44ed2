import { eq, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import type { Principal, PrincipalResolver } from '@portico/access';
import { Database, preparedOnFirstUse } from '@portico/db';
import { privilegeSetFromGrantRows } from './group-directory';
import { grants, groupMembers, groups, staffUsers } from './security-schema';

/**
 * Loads a signed-in staff user and their effective privileges for each request, in one
 * statement (this runs on every signed-in request, so one round trip instead of two matters).
 */
@injectable()
export class StaffPrincipalResolver implements PrincipalResolver {
  readonly kind = 'staff' as const;

  constructor(@inject(Database) private readonly db: Database) {}

  async resolve(id: string): Promise<Principal | undefined> {
    const rows = await this.statement().execute({ id });
    const user = rows[0];
    if (!user || user.disabled) return undefined; // disabling a user ends their sessions at the next request
    return { kind: 'staff', id: user.id, displayName: user.name, privileges: privilegeSetFromGrantRows(rows) };
  }

  /** User and privileges, prepared: this runs on every signed-in request. */
  private readonly statement = preparedOnFirstUse(() =>
    this.db
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
      .where(eq(staffUsers.id, sql.placeholder('id')))
      .prepare('portico_staff_principal'),
  );
}
