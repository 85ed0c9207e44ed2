import { eq } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import type { Principal, PrincipalResolver } from '@portico/access';
import { Database } from '@portico/db';
import { GroupDirectory } from './group-directory';
import { staffUsers } from './security-schema';

/** Loads a signed-in staff user and their effective privileges for each request. */
@injectable()
export class StaffPrincipalResolver implements PrincipalResolver {
  readonly kind = 'staff' as const;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(GroupDirectory) private readonly groups: GroupDirectory,
  ) {}

  async resolve(id: string): Promise<Principal | undefined> {
    const [user] = await this.db.select({ id: staffUsers.id, name: staffUsers.name, disabled: staffUsers.disabled }).from(staffUsers).where(eq(staffUsers.id, id));
    if (!user || user.disabled) return undefined; // disabling a user ends their sessions at the next request
    return { kind: 'staff', id: user.id, displayName: user.name, privileges: await this.groups.privilegesOf(user.id) };
  }
}
