import type { SQL } from 'drizzle-orm';
import type { Principal, PrincipalKind } from '../common/principal';

/**
 * Loads a signed-in principal (with effective privileges) from the id kept in the session.
 * The security plugin contributes one for staff; the portal plugin one for portal users.
 */
export interface PrincipalResolver {
  readonly kind: PrincipalKind;
  resolve(id: string): Promise<Principal | undefined>;
  /**
   * Optional: the same lookup as a query the session read runs in its own statement (a
   * `SessionCompanion` of packages/auth), so that a signed-in request takes one database round
   * trip for its session and its principal instead of two. `fromRows` must give what `resolve`
   * gives for the same user.
   */
  readonly sessionQuery?: {
    /** A SELECT of this user's rows; `userId` is SQL of type text (NULL for another kind's session). */
    select(userId: SQL): SQL;
    /** The principal from those rows (as JSON objects keyed by column name), or undefined. */
    fromRows(rows: readonly unknown[]): Principal | undefined;
  };
}
export const PrincipalResolver = Symbol('PrincipalResolver');
