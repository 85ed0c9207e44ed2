import type { Principal, PrincipalKind } from '../common/principal';

/**
 * Loads a signed-in principal (with effective privileges) from the id kept in the session.
 * The security plugin contributes one for staff; the portal plugin one for portal users.
 */
export interface PrincipalResolver {
  readonly kind: PrincipalKind;
  resolve(id: string): Promise<Principal | undefined>;
}
export const PrincipalResolver = Symbol('PrincipalResolver');
