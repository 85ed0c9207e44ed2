import { PorticoError } from '@portico/core';
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 403 with code `csrf_failed`; the host's error handler renders `{ error: { code, message } }`. */
export class CsrfError extends PorticoError {
  constructor(message = 'The form or page has expired or did not come from this site. Reload the page and try again.') {
    super(message, { status: 403, code: 'csrf_failed' });
  }
}

/** Header a single-page app sends the token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** Form field a form without JavaScript sends the token in. */
export const CSRF_FIELD = '_csrf';

/**
 * The request's CSRF token, created on first use. Put it in forms as a hidden `_csrf` field, or
 * give it to the SPA, which sends it as `x-csrf-token`.
 *
 * - With a session (signed in, or a session that already holds a token): the session's token
 *   (synchronizer-token pattern). A new session (e.g. after `regenerateSession` at sign-in)
 *   gets a new token.
 * - Without one, where the CSRF middleware was given a {@link VisitorCsrf}: a signed visitor
 *   token in a cookie, so that a visitor who has not signed in costs no session row.
 * - Otherwise the session's token is created, which makes express-session store the session.
 */
export function csrfToken(req: Request): string {
  const visitor = visitorCsrfOf.get(req);
  if (visitor && !hasSessionToken(req)) return visitor.token(req);
  if (!req.session) throw new Error('csrfToken(): no session on this request: mount the session middleware first');
  let token = req.session.csrfToken;
  if (typeof token !== 'string' || token.length < 32) {
    token = randomBytes(32).toString('base64url');
    req.session.csrfToken = token;
  }
  return token;
}

/** Options of {@link createCsrfProtection}. */
export interface CsrfProtectionOptions {
  /**
   * Requests that need no token. Default: requests carrying an `Authorization: Bearer …`
   * header (API clients authenticate with that header, not a cookie, so they cannot be forged
   * cross-site). Only safe while bearer-authenticated routes ignore the session cookie.
   */
  isExempt?: (req: Request) => boolean;
  /**
   * Tokens for visitors without a session (signed double-submit cookie). Without it, every
   * visitor who asks for a token gets a session (a row in the session store).
   */
  visitor?: VisitorCsrf;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Default {@link CsrfProtectionOptions.isExempt}. */
export function hasBearerToken(req: Request): boolean {
  const header = req.headers.authorization;
  return typeof header === 'string' && /^Bearer\s+\S/i.test(header);
}

/**
 * Middleware that rejects unsafe requests (anything but GET, HEAD, OPTIONS) without the
 * session's token in the `x-csrf-token` header or the `_csrf` body field, by passing a
 * {@link CsrfError} (403 `csrf_failed`) to `next`. Mount it after the session and body parsers.
 */
export function createCsrfProtection(options: CsrfProtectionOptions = {}): RequestHandler {
  const isExempt = options.isExempt ?? hasBearerToken;
  const { visitor } = options;
  return (req, _res, next) => {
    if (visitor) visitorCsrfOf.set(req, visitor);
    if (SAFE_METHODS.has(req.method) || isExempt(req)) return next();
    const given = tokenFrom(req);
    if (typeof given === 'string') {
      // A request with a session must carry that session's token; a visitor token (even its
      // own, from before sign-in) is only good while there is no session.
      if (hasSessionToken(req)) {
        const expected = req.session?.csrfToken;
        if (typeof expected === 'string' && safeEqual(given, expected)) return next();
      } else if (visitor?.verify(req, given)) {
        return next();
      }
    }
    next(new CsrfError());
  };
}

/** True when the request's session is signed in or already holds a synchronizer token. */
function hasSessionToken(req: Request): boolean {
  return req.session?.user !== undefined || typeof req.session?.csrfToken === 'string';
}

const visitorCsrfOf = new WeakMap<Request, VisitorCsrf>();

/** Options of {@link VisitorCsrf}. */
export interface VisitorCsrfOptions {
  /** HMAC secret(s): the first signs, all verify (rotation). Usually the session secrets. */
  secret: string | string[];
  /** Cookie name; use a `__Host-` name when `secure`. */
  cookieName: string;
  /** Send the cookie over HTTPS only. */
  secure: boolean;
  /** Cookie path (default `/`). */
  path?: string;
  /** A visitor token is refused once this old (default 12 hours); a fresh one is issued at half that. */
  maxAgeHours?: number;
}

/**
 * CSRF tokens for visitors who have no session yet (the sign-in and first-run pages), as a
 * signed double-submit cookie (OWASP): the token is `v1.<issued>.<nonce>.<HMAC>` and sits in an
 * HttpOnly, SameSite cookie; the page gets the same value in a response body and sends it back
 * in the `x-csrf-token` header. A forged cross-site request can neither read the cookie nor set
 * the header, and a token not signed with the server's secret, or older than `maxAgeHours`, is
 * refused. The point is that a visitor costs no session row: sessions are written at sign-in.
 */
export class VisitorCsrf {
  private readonly secrets: string[];
  private readonly maxAgeMs: number;

  constructor(private readonly options: VisitorCsrfOptions) {
    this.secrets = Array.isArray(options.secret) ? options.secret : [options.secret];
    if (this.secrets.length === 0 || this.secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
      throw new Error('visitor CSRF secret(s) must be strings of at least 32 characters');
    }
    if (options.cookieName.startsWith('__Host-') && (!options.secure || (options.path ?? '/') !== '/')) {
      throw new Error('a __Host- cookie needs secure: true and path "/"');
    }
    this.maxAgeMs = (options.maxAgeHours ?? 12) * 3_600_000;
    if (!(this.maxAgeMs > 0)) throw new Error('maxAgeHours must be positive');
  }

  /** The visitor's token: the one in their cookie while it is valid and young, else a new one (cookie set on `req.res`). */
  token(req: Request, now = Date.now()): string {
    const current = this.cookieOf(req);
    const issued = current === undefined ? undefined : this.issuedAt(current, now);
    if (current !== undefined && issued !== undefined && now - issued < this.maxAgeMs / 2) return current;
    const fresh = this.mint(now);
    req.res?.cookie(this.options.cookieName, fresh, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secure,
      path: this.options.path ?? '/',
      maxAge: this.maxAgeMs,
    });
    return fresh;
  }

  /** True when `given` is the token in the visitor's cookie and that token is genuine and not expired. */
  verify(req: Request, given: string, now = Date.now()): boolean {
    const cookie = this.cookieOf(req);
    return cookie !== undefined && safeEqual(given, cookie) && this.issuedAt(cookie, now) !== undefined;
  }

  private mint(now: number): string {
    const body = `v1.${Math.floor(now / 1000).toString(36)}.${randomBytes(18).toString('base64url')}`;
    return `${body}.${this.mac(this.secrets[0]!, body)}`;
  }

  /** When a token was issued (ms), or undefined when it is malformed, forged, expired or from the future. */
  private issuedAt(token: string, now: number): number | undefined {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1' || !/^[0-9a-z]{1,11}$/.test(parts[1]!)) return undefined;
    const body = parts.slice(0, 3).join('.');
    if (!this.secrets.some((secret) => safeEqual(parts[3]!, this.mac(secret, body)))) return undefined;
    const issued = parseInt(parts[1]!, 36) * 1000;
    return issued <= now + 60_000 && now - issued < this.maxAgeMs ? issued : undefined;
  }

  private mac(secret: string, body: string): string {
    // The cookie name is part of the signed text: a token of another cookie (a portal's) is not valid here.
    return createHmac('sha256', secret).update(`portico visitor csrf|${this.options.cookieName}|${body}`).digest('base64url');
  }

  private cookieOf(req: Request): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    const value = parseCookies(header)[this.options.cookieName];
    return value ? value : undefined;
  }
}

/** {@link createCsrfProtection} with the default options. */
export const csrfProtection: RequestHandler = createCsrfProtection();

function tokenFrom(req: Request): string | undefined {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string' && header) return header;
  const body: unknown = req.body;
  if (body && typeof body === 'object') {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
