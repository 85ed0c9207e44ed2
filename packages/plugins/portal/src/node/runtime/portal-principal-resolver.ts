import { inject, injectable } from 'inversify';
import { PrivilegeSet, type Principal, type PrincipalResolver } from '@portico/access';
import { PortalAccounts } from './portal-accounts';

/**
 * Loads a signed-in portal user as a principal of kind `portal` (no workbench privileges).
 * A disabled, locked or password-less account resolves to nothing: its sessions end at the
 * next request.
 */
@injectable()
export class PortalPrincipalResolver implements PrincipalResolver {
  readonly kind = 'portal' as const;

  constructor(@inject(PortalAccounts) private readonly accounts: PortalAccounts) {}

  async resolve(id: string): Promise<Principal | undefined> {
    const user = await this.accounts.byId(id);
    if (!this.accounts.canUse(user)) return undefined;
    return { kind: 'portal', id: user.id, displayName: user.displayName ?? user.email, privileges: new PrivilegeSet() };
  }
}
