import type { Express, Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@portico/core';
import type { Principal, PrincipalKind } from '../common/principal';

declare global {
  namespace Express {
    interface Request {
      /** Set by the host's authentication middleware when the request is signed in. */
      principal?: Principal;
    }
  }
}

/**
 * What a route needs. Every API route declares one (the access-matrix test fails for a route
 * that does not):
 * - `{ public: true }` — anyone, signed in or not;
 * - `{ signedIn: kinds }` — any signed-in principal of these kinds;
 * - `{ privilege }` — a signed-in principal holding the privilege (any scope; row scopes are
 *   applied as SQL filters by the data layer). An array means all of them.
 */
export type RouteAccess =
  | { public: true }
  | { signedIn: readonly PrincipalKind[] }
  | { privilege: string | readonly string[]; kinds?: readonly PrincipalKind[] };

const ACCESS = Symbol.for('portico.route-access');

/**
 * The guard middleware a route starts with. Anonymous → 401, signed in without the
 * privilege → 403, both in the API's JSON error shape.
 *
 * @example router.post('/records', guard({ privilege: 'entity.tc_portaluser.create' }), handler)
 */
export function guard(access: RouteAccess): RequestHandler {
  const middleware: RequestHandler & { [ACCESS]?: RouteAccess } = (req, _res, next) => {
    next(check(access, req.principal));
  };
  middleware[ACCESS] = access;
  return middleware;
}

function check(access: RouteAccess, principal: Principal | undefined): Error | undefined {
  if ('public' in access) return undefined;
  if (!principal) return new UnauthorizedError();
  const kinds = 'signedIn' in access ? access.signedIn : access.kinds ?? ['staff', 'api'];
  if (!kinds.includes(principal.kind)) return new ForbiddenError();
  if ('privilege' in access) {
    const needed = typeof access.privilege === 'string' ? [access.privilege] : access.privilege;
    if (!needed.every((p) => principal.privileges.has(p))) return new ForbiddenError();
  }
  return undefined;
}

/** Throws the same errors as `guard` — for checks inside a handler (e.g. per-entity privileges). */
export function assertAccess(req: Request, access: RouteAccess): void {
  const error = check(access, req.principal);
  if (error) throw error;
}

export interface DeclaredRoute {
  method: string;
  path: string;
  access?: RouteAccess;
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle: unknown & { stack?: LayerLike[] };
  rawPath?: string | string[];
}

/**
 * Every route of an Express 5 app, with the access it declares (`undefined` = none).
 * Walks mounted routers, so routes added by any plugin are found without listing them.
 */
export function listRoutes(app: Express): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string, inherited?: RouteAccess): void => {
    let routerLevel = inherited;
    for (const layer of stack) {
      const handle = layer.handle as { [ACCESS]?: RouteAccess; stack?: LayerLike[] };
      if (layer.route) {
        const access = layer.route.stack.map((s) => (s.handle as { [ACCESS]?: RouteAccess })[ACCESS]).find(Boolean) ?? routerLevel;
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of paths) out.push({ method: method.toUpperCase(), path: join(prefix, path), ...(access ? { access } : {}) });
        }
      } else if (handle[ACCESS]) {
        routerLevel = handle[ACCESS]; // router.use(guard(…)) protects what follows
      } else if (Array.isArray(handle.stack)) {
        const raw = Array.isArray(layer.rawPath) ? layer.rawPath[0] : layer.rawPath;
        walk(handle.stack, join(prefix, typeof raw === 'string' ? raw : ''), routerLevel);
      }
    }
  };
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  walk(router.stack, '');
  return out;
}

function join(a: string, b: string): string {
  return `${a.replace(/\/$/, '')}/${b.replace(/^\//, '')}`.replace(/\/$/, '') || '/';
}

/** The request id set by the host (pino-http), for audit rows and error reports. */
export function requestIdOf(req: Request): string {
  return String((req as { id?: unknown }).id ?? '');
}

/** Who acts in a write: the signed-in principal, as the audit trail names them, and the request. */
export interface ActingContext {
  principal: Principal;
  actor: { kind: string; id: string; name: string };
  requestId: string;
}

/** The {@link ActingContext} of a signed-in request (401 when nobody is signed in). */
export function actingContextOf(req: Request): ActingContext {
  const principal = req.principal;
  if (!principal) throw new UnauthorizedError();
  return { principal, actor: { kind: principal.kind, id: principal.id, name: principal.displayName }, requestId: requestIdOf(req) };
}
