import type { RequestHandler } from 'express';
import type { PrincipalResolver } from '@portico/access';

/**
 * Turns the session's `{ kind, id }` into `req.principal` (with effective privileges) through
 * the PrincipalResolver of that kind. A user who was disabled or deleted meanwhile is signed
 * out here, at their next request.
 *
 * `preloaded(sid)` gives the rows the session read already fetched for the resolver's
 * `sessionQuery` (see `SessionStore.withCompanions`); without them the resolver queries.
 */
export function principalMiddleware(resolvers: readonly PrincipalResolver[], preloaded?: (sid: string) => unknown[] | undefined): RequestHandler {
  const byKind = new Map(resolvers.map((r) => [r.kind, r]));
  return async (req, _res, next) => {
    const user = req.session?.user;
    const rows = preloaded?.(req.sessionID);
    if (user) {
      const resolver = byKind.get(user.kind as PrincipalResolver['kind']);
      const principal = rows && resolver?.sessionQuery ? resolver.sessionQuery.fromRows(rows) : await resolver?.resolve(user.id);
      if (principal) req.principal = principal;
      else delete req.session.user;
    }
    next();
  };
}
