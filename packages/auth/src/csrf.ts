import { PorticoError } from '@portico/core';
import type { Request, RequestHandler } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';

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
 * The session's CSRF token (synchronizer-token pattern), created on first use. Put it in
 * forms as a hidden `_csrf` field, or give it to the SPA, which sends it as `x-csrf-token`.
 * A new session (e.g. after `regenerateSession` at sign-in) gets a new token.
 */
export function csrfToken(req: Request): string {
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
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || isExempt(req)) return next();
    const expected = req.session?.csrfToken;
    const given = tokenFrom(req);
    if (typeof expected === 'string' && typeof given === 'string' && safeEqual(given, expected)) return next();
    next(new CsrfError());
  };
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
