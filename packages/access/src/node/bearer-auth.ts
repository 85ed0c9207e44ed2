import type { RequestHandler } from 'express';
import { UnauthorizedError } from '@portico/core';
import type { Principal } from '../common/principal';

/**
 * Turns an `Authorization: Bearer <secret>` header into a principal (kind `api`). The security
 * plugin contributes one for staff API tokens. Routes opt in with {@link bearerAuth}.
 */
export interface BearerPrincipalResolver {
  resolveBearer(secret: string): Promise<Principal | undefined>;
}
export const BearerPrincipalResolver = Symbol('BearerPrincipalResolver');

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Opt-in middleware for routes that accept API tokens: with a Bearer header the request acts as
 * the token's principal (the session cookie is ignored, which is why the host's CSRF check may
 * exempt bearer requests); an unknown, expired or revoked token → 401. Without the header the
 * session principal (if any) is kept. Put it before `guard(…)`.
 *
 * @example router.post('/save-portal-user', bearerAuth(resolvers), guard({ privilege: … }), handler)
 */
export function bearerAuth(resolvers: readonly BearerPrincipalResolver[]): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s/i.test(header)) return next();
    delete req.principal; // never mix a cookie session with a bearer request
    const secret = BEARER.exec(header)?.[1];
    for (const resolver of secret ? resolvers : []) {
      const principal = await resolver.resolveBearer(secret!);
      if (principal) {
        req.principal = principal;
        return next();
      }
    }
    next(new UnauthorizedError('The API token is not valid (unknown, expired or revoked)'));
  };
}
