import type { SQL } from 'drizzle-orm';
import type { Request, RequestHandler } from 'express';
import session, { type SessionData } from 'express-session';
import { randomBytes } from 'node:crypto';

/** Options of {@link createSessionMiddleware}. */
export interface SessionMiddlewareOptions {
  /** Usually the {@link DrizzleSessionStore}. */
  store: session.Store;
  /** Cookie name; `__Host-portico.sid` when `secure` and `path` is `/` pins the cookie to this host. */
  cookieName: string;
  /** Signing secret; give several to rotate (the first signs, all verify). */
  secret: string | string[];
  /** Send the cookie over HTTPS only. Behind a TLS-terminating proxy set Express's `trust proxy`. */
  secure: boolean;
  /** Idle lifetime: the cookie's maxAge, renewed on every response (`rolling`). */
  idleMinutes: number;
  /** Sessions older than this are replaced by a fresh, empty one whatever their activity. */
  absoluteHours: number;
  /** Cookie path (default `/`). */
  path?: string;
}

interface CookieSettings {
  name: string;
  path: string;
  secure: boolean;
}
const cookieSettings = new WeakMap<Request, CookieSettings>();

/**
 * express-session configured for Portico: HttpOnly, SameSite=Lax cookies, `rolling: true`
 * (idle timeout), `saveUninitialized: false` (no row for visitors who never sign in),
 * `resave: false`, plus an absolute timeout enforced on every request.
 *
 * @example
 * ```ts
 * app.use(createSessionMiddleware({ store, cookieName: '__Host-portico.sid', secret: config.sessionSecrets,
 *   secure: true, idleMinutes: 30, absoluteHours: 12 }));
 * ```
 */
export function createSessionMiddleware(options: SessionMiddlewareOptions): RequestHandler {
  const secrets = Array.isArray(options.secret) ? options.secret : [options.secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
    throw new Error('session secret(s) must be strings of at least 32 characters');
  }
  if (!(options.idleMinutes > 0) || !(options.absoluteHours > 0)) throw new Error('idleMinutes and absoluteHours must be positive');
  if (options.cookieName.startsWith('__Host-') && (!options.secure || (options.path ?? '/') !== '/')) {
    throw new Error('a __Host- cookie needs secure: true and path "/"');
  }
  const absoluteMs = options.absoluteHours * 3_600_000;
  const settings: CookieSettings = { name: options.cookieName, path: options.path ?? '/', secure: options.secure };
  // express-session writes its session factory, with this middleware's cookie options, onto the
  // store (`store.generate`). Two middlewares sharing one store (the workbench's `/api` and the
  // portals' `/portal`) would overwrite each other's: new workbench sessions got the portal's
  // cookie path. Each middleware gets its own view of the store; data and methods are shared.
  const store = Object.create(options.store) as typeof options.store;
  const middleware = session({
    store,
    name: options.cookieName,
    secret: secrets,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
      maxAge: options.idleMinutes * 60_000,
      path: settings.path,
    },
  });
  return (req, res, next) => {
    middleware(req, res, (err?: unknown) => {
      if (err) return next(err);
      cookieSettings.set(req, settings);
      const createdAt = req.session?.createdAt;
      if (typeof createdAt === 'number' && Date.now() - createdAt >= absoluteMs) {
        // Past the absolute limit: the old session is destroyed; the request goes on signed out.
        req.session.regenerate((regenError: unknown) => next(regenError));
        return;
      }
      next();
    });
  };
}

/** Options of {@link regenerateSession}. */
export interface RegenerateOptions {
  /**
   * Data-modifying statements (the account's "last signed in" update, the throttle's clearing)
   * run in the same SQL statement as the new session's insert: one round trip, and the session
   * exists only if they were written. Needs a store with `saveAlongside` (the DrizzleSessionStore).
   */
  alongside?: readonly SQL[];
}

/**
 * Replaces the session by a new one with a new id (at sign-in, against session fixation).
 * Nothing of the old session survives except `data`; the new session's absolute lifetime
 * starts now. The new session is saved before the promise resolves; when that save fails the
 * request is left without a session, so that nothing saves it later.
 */
export function regenerateSession(req: Request, data: Partial<Omit<SessionData, 'cookie'>> = {}, options: RegenerateOptions = {}): Promise<void> {
  const current = requireSession(req);
  return new Promise<void>((resolve, reject) => {
    current.regenerate((err: unknown) => {
      if (err) return reject(err);
      if (options.alongside?.length) {
        const store = (req as { sessionStore?: { saveAlongside?: (session: object, writes: readonly SQL[]) => void } }).sessionStore;
        if (typeof store?.saveAlongside !== 'function') return reject(new Error('regenerateSession: this session store cannot write alongside a new session'));
        store.saveAlongside(req.session, options.alongside);
      }
      // The CSRF token of the new session is minted now, so the session is written once
      // (minting it later in the response would write it a second time).
      Object.assign(req.session, data, { createdAt: Date.now(), csrfToken: data.csrfToken ?? randomBytes(32).toString('base64url') });
      req.session.save((saveErr: unknown) => {
        if (!saveErr) return resolve();
        // Not saved (nor, in the store's one statement, anything written alongside): the new
        // session must not be saved after all by express-session at the end of the response,
        // nor its cookie sent. The old session's row is untouched, so the client keeps it.
        (req as { session?: unknown }).session = undefined;
        reject(saveErr);
      });
    });
  });
}

/** Destroys the session (its row) and clears the cookie (sign-out). */
export function destroySession(req: Request): Promise<void> {
  const current = requireSession(req);
  return new Promise<void>((resolve, reject) => {
    current.destroy((err: unknown) => {
      if (err) return reject(err);
      const settings = cookieSettings.get(req);
      if (settings && req.res && !req.res.headersSent) {
        req.res.clearCookie(settings.name, { path: settings.path, httpOnly: true, sameSite: 'lax', secure: settings.secure });
      }
      resolve();
    });
  });
}

function requireSession(req: Request): NonNullable<Request['session']> {
  if (!req.session) throw new Error('No session on this request: mount createSessionMiddleware() first');
  return req.session;
}
