import type { PrivilegeSet } from './privileges';

/** Who is making a request: a staff user, a portal user, or an API token. */
export type PrincipalKind = 'staff' | 'portal' | 'api';

export interface Principal {
  kind: PrincipalKind;
  id: string;
  displayName: string;
  privileges: PrivilegeSet;
}
