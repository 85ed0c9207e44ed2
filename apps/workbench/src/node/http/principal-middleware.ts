import type { RequestHandler } from 'express';
import type { PrincipalResolver } from '@portico/access';

/**
 * Turns the session's `{ kind, id }` into `req.principal` (with effective privileges) through
 * the PrincipalResolver of that kind. A user who was disabled or deleted meanwhile is signed
 * out here, at their next request.
 */
export function principalMiddleware(resolvers: readonly PrincipalResolver[]): RequestHandler {
  const byKind = new Map(resolvers.map((r) => [r.kind, r]));
  return async (req, _res, next) => {
    const user = req.session?.user;
    if (user) {
      const principal = await byKind.get(user.kind as PrincipalResolver['kind'])?.resolve(user.id);
      if (principal) req.principal = principal;
      else delete req.session.user;
    }
    next();
  };
}
