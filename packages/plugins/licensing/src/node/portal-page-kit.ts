import { Router, type NextFunction, type Request, type Response } from 'express';
import { CsrfError, SessionStore, createCsrfProtection, createSessionMiddleware, csrfToken } from '@portico/auth';
import { clientErrorOf, type FieldError, type PageRouterContext } from '@portico/core';
import {
  PORTAL_COOKIE, PORTAL_SESSION_KIND, html, page, portalSecrets, sentence, toPortalUser,
  type PortalAccounts, type PortalConfig, type PortalPrincipalResolver, type PortalUser, type PortalUserRow, type SafeHtml,
} from '@portico/plugin-portal/node';

/** The portal a set of extra pages belongs to. */
export interface PortalRef {
  id: string;
  title: string;
  basePath: string;
}

export interface PortalPageKitDeps {
  accounts: PortalAccounts;
  principals: PortalPrincipalResolver;
  store: SessionStore;
  config: PortalConfig;
}

/**
 * Server-rendered pages of a plugin inside an existing portal (the portal runtime has no page
 * extension point, so they are a `PageContribution` mounted under the portal's path). Uses the
 * portal's own session cookie (`portico.portal.sid`, path `/portal`, secrets derived the same
 * way), re-reads the account on every request like the runtime does, requires the session to
 * have signed in to *this* portal (passed its eligibility rules), honours the forced password
 * change, checks the portal CSRF token on every form post, and draws pages with the runtime's
 * layout, so they look and behave like the portal's own.
 */
export class PortalPageKit {
  constructor(
    private readonly deps: PortalPageKitDeps,
    readonly portal: PortalRef,
  ) {}

  /**
   * A router with the portal session and principal. `beforeCsrf` routes (multipart uploads)
   * are mounted before the CSRF middleware and must call {@link assertCsrf} themselves once they
   * have read their `_csrf` field.
   */
  router(context: PageRouterContext, build: (r: Router) => void, beforeCsrf?: (r: Router) => void): Router {
    const r = Router();
    r.use(
      createSessionMiddleware({
        store: this.deps.store,
        cookieName: context.secureCookies ? `__Secure-${PORTAL_COOKIE}` : PORTAL_COOKIE,
        secret: portalSecrets(context.sessionSecrets),
        secure: context.secureCookies,
        idleMinutes: this.deps.config.sessionIdleMinutes,
        absoluteHours: this.deps.config.sessionAbsoluteHours,
        path: '/portal',
      }),
    );
    r.use(async (req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      const user = req.session.user;
      if (user?.kind === PORTAL_SESSION_KIND) {
        const principal = await this.deps.principals.resolve(user.id);
        if (principal) {
          req.principal = principal;
          res.locals.portalUser = await this.deps.accounts.byId(user.id);
        }
      }
      next();
    });
    beforeCsrf?.(r);
    r.use(createCsrfProtection({ isExempt: () => false }));
    build(r);
    r.use((req, res) => this.send(req, res, 404, { title: 'Page not found', body: html`<p>There is no page at this address. Go to the <a href="${this.portal.basePath}">${this.portal.title} home page</a>.</p>` }));
    r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return;
      if (err instanceof CsrfError) {
        return this.send(req, res, 403, { title: 'This form has expired', body: html`<p>For your security, forms work for a limited time and only from this site. Go back, reload the page and try again.</p>` });
      }
      const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
      if (status === 404) return this.send(req, res, 404, { title: 'Page not found', body: html`<p>There is no such record, or it is not yours. Go to the <a href="${this.portal.basePath}">${this.portal.title} home page</a>.</p>` });
      const client = clientErrorOf(err); // e.g. a broken escape in the address, an oversized form
      if (client) return this.send(req, res, client.status, { title: 'Something is not right', body: html`<p>${sentence(client.message)} Go back and try again, or go to the <a href="${this.portal.basePath}">${this.portal.title} home page</a>.</p>` });
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'portal page error');
      this.send(req, res, 500, { title: 'Something went wrong', body: html`<p>Something went wrong on our side. Try again in a few minutes.</p>` });
    });
    return r;
  }

  /** Throws a CsrfError unless `given` is the session's CSRF token (for multipart forms). */
  assertCsrf(req: Request, given: string | undefined): void {
    const expected = req.session?.csrfToken;
    if (typeof expected !== 'string' || typeof given !== 'string' || given.length !== expected.length || given !== expected) throw new CsrfError();
  }

  /**
   * The user signed in to this portal, or undefined after redirecting to the sign-in page (or
   * to the forced password change).
   */
  signedIn(req: Request, res: Response): PortalUserRow | undefined {
    const row = res.locals.portalUser as PortalUserRow | undefined;
    const portalIds = (req.session as unknown as { portalIds?: string[] }).portalIds ?? [];
    if (!row || !portalIds.includes(this.portal.id)) {
      res.redirect(303, `${this.portal.basePath}/sign-in`);
      return undefined;
    }
    if (row.mustChangePassword) {
      res.redirect(303, `/portal/change-password?portal=${encodeURIComponent(this.portal.id)}`);
      return undefined;
    }
    return row;
  }

  /** The body's name (`PORTAL_BRAND_NAME`). */
  get brandName(): string {
    return this.deps.config.brandName;
  }

  user(row: PortalUserRow): PortalUser {
    return toPortalUser(row);
  }

  csrf(req: Request): string {
    return csrfToken(req);
  }

  /** Sends a page in the portal's layout (header, account navigation, error summary). */
  send(req: Request, res: Response, status: number, options: { title: string; body: SafeHtml; errors?: readonly FieldError[] }): void {
    const row = res.locals.portalUser as PortalUserRow | undefined;
    const portalIds = (req.session as unknown as { portalIds?: string[] } | undefined)?.portalIds ?? [];
    const signedIn = row && portalIds.includes(this.portal.id) && !row.mustChangePassword;
    const markup = page(
      {
        brandName: this.deps.config.brandName,
        brandColor: this.deps.config.brandColor,
        portal: { title: this.portal.title, basePath: this.portal.basePath },
        ...(signedIn ? { signedInAs: row.displayName ?? row.email } : {}),
        csrf: req.session ? csrfToken(req) : '',
      },
      options,
    );
    res.status(status).type('html').send(markup);
  }
}
