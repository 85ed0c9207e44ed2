/** Hostile input shared by the bad-input sweeps (test/security/bad-input, test/portal/portal-bad-input). */
import type { DeclaredRoute } from '@portico/access';

/** Values put in place of every `:param` of a route (already URL-encoded where they need it). */
export const BAD_PARAMS: readonly string[] = [
  'not-a-uuid',
  '-1',
  '99999999999999999999999999',
  encodeURIComponent("'; drop table users; --"),
  '%E0%A4%A', // a broken percent-escape
  encodeURIComponent('\u0000\u202e'),
  'a'.repeat(600),
];

/** `METHOD /path/:pattern`, as problems name a route. */
export const routeLabel = (r: DeclaredRoute): string => `${r.method} ${r.path}`;
