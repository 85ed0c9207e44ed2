import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { inject, injectable } from 'inversify';
import { requestIdOf } from '@portico/access';
import { CsrfError, SessionStore, createCsrfProtection, createSessionMiddleware, csrfToken, destroySession, regenerateSession } from '@portico/auth';
import { clientErrorOf, ContributionProvider, PluginError, type FieldError, type PageContribution, type PageRouterContext } from '@portico/core';
import { PortalConfig } from '../portal-config';
import { PortalContribution, PortalHomeContribution, type PortalPageContent } from '../portal-contribution';
import type { PortalUserRow } from '../portal-schema';
import { html, sentence, type SafeHtml } from './html';
import { PortalAccounts, PORTAL_SESSION_KIND, toPortalUser } from './portal-accounts';
import { field, form, notice, page, type LayoutContext } from './portal-layout';
import { PortalPrincipalResolver } from './portal-principal-resolver';

/** Portals (ids) the signed-in portal user has signed in to in this session (kept in the session data). */
type PortalSessionData = { portalIds?: string[] };
const portalIdsOf = (req: Request): string[] => (req.session as unknown as PortalSessionData).portalIds ?? [];
const sessionData = (userId: string, portalIds: string[]) =>
  ({ user: { kind: PORTAL_SESSION_KIND, id: userId }, portalIds }) as Parameters<typeof regenerateSession>[1];

/** The one reply to every failed portal sign-in, whatever the reason. */
export const PORTAL_SIGN_IN_FAILED = 'Sign-in failed. Check your e-mail address or user name and your password, and try again.';
/** Cookie of portal sessions (path `/portal`), separate from the workbench's. */
export const PORTAL_COOKIE = 'portico.portal.sid';
const RESERVED = new Set(['api', 'assets', 'set-password', 'activate', 'change-password', 'verify-email']);
const CSS = readFileSync(new URL('../assets/portal.css', import.meta.url), 'utf8');
const CSS_ETAG = `"${createHash('sha256').update(CSS).digest('base64url').slice(0, 16)}"`;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Body = Record<string, unknown>;
const str = (body: unknown, name: string, max = 1024): string => {
  const v = body && typeof body === 'object' ? (body as Body)[name] : undefined;
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/**
 * Signing secrets of portal cookies, derived from the host's: a workbench cookie never verifies
 * as a portal cookie and vice versa, even though both sessions live in one store.
 */
export function portalSecrets(hostSecrets: readonly string[]): string[] {
  return hostSecrets.map((s) => createHash('sha256').update(`portico.portal.session:${s}`).digest('base64url'));
}

/**
 * The portal runtime: server-rendered pages under `/portal` for every {@link PortalContribution},
 * with their own session cookie and CSRF protection. Works without client-side JavaScript.
 */
@injectable()
export class PortalPages implements PageContribution {
  readonly basePath = '/portal';

  constructor(
    @inject(PortalAccounts) private readonly accounts: PortalAccounts,
    @inject(PortalPrincipalResolver) private readonly principals: PortalPrincipalResolver,
    @inject(ContributionProvider.for(PortalContribution)) private readonly provider: ContributionProvider<PortalContribution>,
    @inject(SessionStore) private readonly store: SessionStore,
    @inject(PortalConfig) private readonly config: PortalConfig,
    @inject(ContributionProvider.for(PortalHomeContribution)) private readonly homeExtensions: ContributionProvider<PortalHomeContribution>,
  ) {}

  /** The registered portals, checked. */
  portals(): readonly PortalContribution[] {
    const portals = this.provider.getContributions();
    const ids = new Set<string>(), bases = new Set<string>();
    for (const p of portals) {
      if (!/^[a-z][a-z0-9-]{0,39}$/.test(p.id)) throw new PluginError('portal', `portal id "${p.id}" must be lower-case letters, digits and dashes`);
      const segment = /^\/portal\/([a-z0-9][a-z0-9-]*)$/.exec(p.basePath)?.[1];
      if (!segment || RESERVED.has(segment)) throw new PluginError('portal', `portal "${p.id}": basePath "${p.basePath}" must be /portal/<segment> (not a reserved name)`);
      if (ids.has(p.id) || bases.has(p.basePath)) throw new PluginError('portal', `two portals claim the id "${p.id}" or the path "${p.basePath}"`);
      ids.add(p.id);
      bases.add(p.basePath);
    }
    return portals;
  }

  createRouter(context: PageRouterContext): Router {
    const portals = this.portals();
    const r = Router();
    r.get('/assets/portal.css', (req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.setHeader('ETag', CSS_ETAG);
      if (req.headers['if-none-match'] === CSS_ETAG) return void res.status(304).end();
      res.type('text/css').send(CSS);
    });
    r.use(
      createSessionMiddleware({
        store: this.store,
        cookieName: context.secureCookies ? `__Secure-${PORTAL_COOKIE}` : PORTAL_COOKIE,
        secret: portalSecrets(context.sessionSecrets),
        secure: context.secureCookies,
        idleMinutes: this.config.sessionIdleMinutes,
        absoluteHours: this.config.sessionAbsoluteHours,
        path: '/portal',
      }),
    );
    r.use(async (req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      const user = req.session.user;
      if (user) {
        const principal = user.kind === PORTAL_SESSION_KIND ? await this.principals.resolve(user.id) : undefined;
        if (principal) {
          req.principal = principal;
          res.locals.portalUser = await this.accounts.byId(user.id);
        } else {
          delete req.session.user;
          delete (req.session as unknown as PortalSessionData).portalIds;
        }
      }
      next();
    });
    r.use(createCsrfProtection({ isExempt: () => false }));

    r.get('/', (req, res) => {
      if (portals.length === 1) return res.redirect(303, portals[0]!.basePath);
      const body = html`<ul class="links">${portals.map((p) => html`<li><a href="${p.basePath}">${p.title}</a></li>`)}</ul>`;
      this.send(req, res, 200, undefined, { title: 'Portals', body });
    });

    // ---- shared pages ----
    r.get('/set-password', (req, res) => this.setPasswordPage(req, res));
    r.post('/set-password', (req, res) => this.setPasswordSubmit(req, res));
    r.get('/activate', (req, res) => this.activatePage(req, res, []));
    r.post('/activate', (req, res) => this.activateSubmit(req, res));
    r.get('/change-password', (req, res) => this.changePasswordPage(req, res, []));
    r.post('/change-password', (req, res) => this.changePasswordSubmit(req, res));
    r.get('/verify-email', (req, res) => this.verifyEmailPage(req, res));
    r.post('/verify-email', (req, res) => this.verifyEmailSubmit(req, res));

    // ---- per portal ----
    for (const portal of portals) {
      const base = portal.basePath.slice('/portal'.length);
      r.get(base, (req, res) => this.homePage(portal, req, res));
      r.get(`${base}/sign-in`, (req, res) => this.signInPage(portal, req, res, 200, []));
      r.post(`${base}/sign-in`, (req, res) => this.signInSubmit(portal, req, res));
      r.get(`${base}/forgot-password`, (req, res) => this.forgotPage(portal, req, res, 200, []));
      r.post(`${base}/forgot-password`, (req, res) => this.forgotSubmit(portal, req, res));
      r.get(`${base}/activate-now`, (req, res) => this.activateNowPage(portal, req, res, 200, []));
      r.post(`${base}/activate-now`, (req, res) => this.activateNowSubmit(portal, req, res));
      r.get(`${base}/account`, (req, res) => this.accountPage(portal, req, res, 200, []));
      r.post(`${base}/account/profile`, (req, res) => this.accountProfile(portal, req, res));
      r.post(`${base}/account/email`, (req, res) => this.accountEmail(portal, req, res));
      r.post(`${base}/account/password`, (req, res) => this.accountPassword(portal, req, res));
      r.post(`${base}/account/sign-out-everywhere`, (req, res) => this.signOutEverywhere(portal, req, res));
      r.post(`${base}/sign-out`, async (req, res) => {
        await destroySession(req);
        res.redirect(303, `${portal.basePath}/sign-in?signed-out=1`);
      });
    }

    r.use((req, res) => this.send(req, res, 404, this.portalOfPath(req.originalUrl), { title: 'Page not found', body: html`<p>There is no page at this address. Check the address, or go to the <a href="/portal">portal home page</a>.</p>` }));
    r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return;
      const portal = this.portalOfPath(req.originalUrl);
      if (err instanceof CsrfError) {
        return this.send(req, res, 403, portal, { title: 'This form has expired', body: html`<p>For your security, forms work for a limited time and only from this site. Go back, reload the page and try again.</p>` });
      }
      const client = clientErrorOf(err); // e.g. a broken escape in the address, an oversized form
      if (client) return this.send(req, res, client.status, portal, { title: 'Something is not right', body: html`<p>${sentence(client.message)} Go back and try again, or go to the <a href="/portal">portal home page</a>.</p>` });
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'portal page error');
      this.send(req, res, 500, portal, { title: 'Something went wrong', body: html`<p>Something went wrong on our side. Try again in a few minutes.</p>` });
    });
    return r;
  }

  // ---- rendering ----

  private portalOfPath(path: string): PortalContribution | undefined {
    return this.portals().find((p) => path === p.basePath || path.startsWith(`${p.basePath}/`) || path.startsWith(`${p.basePath}?`));
  }

  private portalById(id: unknown): PortalContribution | undefined {
    const portals = this.portals();
    return portals.find((p) => p.id === id) ?? portals[0];
  }

  private user(req: Request, res: Response, portal?: PortalContribution): PortalUserRow | undefined {
    const user = res.locals.portalUser as PortalUserRow | undefined;
    if (!user) return undefined;
    if (portal && !portalIdsOf(req).includes(portal.id)) return undefined;
    return user;
  }

  private layout(req: Request, res: Response, portal: PortalContribution | undefined): LayoutContext {
    const user = portal ? this.user(req, res, portal) : undefined;
    return {
      brandName: this.config.brandName,
      brandColor: this.config.brandColor,
      ...(portal ? { portal: { title: portal.title, basePath: portal.basePath } } : {}),
      ...(user && !user.mustChangePassword ? { signedInAs: user.displayName ?? user.email } : {}),
      csrf: csrfToken(req),
    };
  }

  private send(req: Request, res: Response, status: number, portal: PortalContribution | undefined, options: { title: string; body: SafeHtml; errors?: readonly FieldError[] }): void {
    res.status(status).type('html').send(page(this.layout(req, res, portal), options));
  }

  /**
   * Runs `work` once the reply has been handed to the socket (or the client went away), so
   * its duration, which differs for existing and unknown accounts, cannot be timed from
   * outside. Failures are logged; the reply is the same either way.
   */
  private afterReply(req: Request, res: Response, work: () => Promise<void>): void {
    let started = false;
    const run = () => {
      if (started) return;
      started = true;
      work().catch((err: unknown) => (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'portal deferred account work failed'));
    };
    if (res.writableFinished) return run();
    res.once('finish', run);
    res.once('close', run);
  }

  /** A new session for `user` (`writes`: statements to run in its insert, see `PortalAccounts.signIn`). */
  private async signIn(req: Request, user: PortalUserRow, portalId: string, writes: readonly SQL[] = []): Promise<void> {
    const same = req.session.user?.kind === PORTAL_SESSION_KIND && req.session.user.id === user.id;
    const portalIds = [...new Set([...(same ? portalIdsOf(req) : []), portalId])];
    await regenerateSession(req, sessionData(user.id, portalIds), { alongside: writes });
  }

  /** Redirects a signed-in user who must change the password to the forced step. */
  private forceChange(portal: PortalContribution, user: PortalUserRow, res: Response): boolean {
    if (!user.mustChangePassword) return false;
    res.redirect(303, `/portal/change-password?portal=${encodeURIComponent(portal.id)}`);
    return true;
  }

  // ---- sign-in ----

  private signInPage(portal: PortalContribution, req: Request, res: Response, status: number, errors: readonly FieldError[], identifier = ''): void {
    if (status === 200 && this.user(req, res, portal)) return res.redirect(303, portal.basePath);
    const signedOut = req.query['signed-out'] === '1';
    const body = html`${signedOut ? notice('You have signed out.', 'success') : ''}
${form(`${portal.basePath}/sign-in`, csrfToken(req), html`
  ${field({ name: 'identifier', label: 'E-mail address or user name', type: 'text', value: identifier, autocomplete: 'username', errors })}
  ${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', errors })}`, 'Sign in')}
<ul class="links">
  <li><a href="${portal.basePath}/forgot-password">Forgot Password</a></li>
  <li>New here, or never set a password? <a href="${portal.basePath}/activate-now">Activate now</a></li>
</ul>`;
    this.send(req, res, status, portal, { title: 'Sign in', body, errors });
  }

  private async signInSubmit(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const identifier = str(req.body, 'identifier', 320).trim();
    const password = str(req.body, 'password');
    const missing: FieldError[] = [];
    if (!identifier) missing.push({ path: 'identifier', message: 'Enter your e-mail address or user name.' });
    if (!password) missing.push({ path: 'password', message: 'Enter your password.' });
    if (missing.length) return this.signInPage(portal, req, res, 400, missing, identifier);
    const outcome = await this.accounts.signIn(portal, identifier, password, req.ip, requestIdOf(req));
    if (outcome.kind === 'failed' || outcome.kind === 'throttled') {
      if (outcome.kind === 'throttled') res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      return this.signInPage(portal, req, res, outcome.kind === 'throttled' ? 429 : 401, [{ path: 'identifier', message: PORTAL_SIGN_IN_FAILED }], identifier);
    }
    if (outcome.kind === 'ineligible') {
      return this.send(req, res, 403, portal, { title: `You cannot use the ${portal.title}`, body: html`${notice(outcome.message)}${denialLink(outcome)}<p><a href="/portal">Back to the portals</a></p>` });
    }
    await this.signIn(req, outcome.user, portal.id, outcome.writes);
    if (this.forceChange(portal, outcome.user, res)) return;
    res.redirect(303, portal.basePath);
  }

  // ---- Forgot Password ----

  private forgotPage(portal: PortalContribution, req: Request, res: Response, status: number, errors: readonly FieldError[]): void {
    const body = html`<p>Enter the e-mail address or user name of your account. If it can be used, we will e-mail you a link to choose a new password.</p>
${form(`${portal.basePath}/forgot-password`, csrfToken(req), field({ name: 'identifier', label: 'E-mail address or user name', autocomplete: 'username', errors }), 'Send the link')}
<ul class="links"><li><a href="${portal.basePath}/sign-in">Back to sign in</a></li></ul>`;
    this.send(req, res, status, portal, { title: 'Forgot Password', body, errors });
  }

  private async forgotSubmit(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const identifier = str(req.body, 'identifier', 320).trim();
    if (!identifier) return this.forgotPage(portal, req, res, 400, [{ path: 'identifier', message: 'Enter your e-mail address or user name.' }]);
    const body = html`${notice('If an account matches what you entered and can be used, we have sent it an e-mail with a link to choose a new password.', 'success')}
<p>The link works once and expires in ${this.config.resetMinutes} minutes. If no e-mail arrives within a few minutes, check your spam folder or try again.</p>
<ul class="links"><li><a href="${portal.basePath}/sign-in">Back to sign in</a></li></ul>`;
    this.send(req, res, 200, portal, { title: 'Check your e-mail', body });
    // After the reply: its timing must not tell whether the account exists (docs/benchmarks.md, "Portal timing").
    this.afterReply(req, res, () => this.accounts.forgotPassword(portal, identifier));
  }

  // ---- Activate now ----

  private activateNowPage(portal: PortalContribution, req: Request, res: Response, status: number, errors: readonly FieldError[]): void {
    const body = html`<p>Enter your e-mail address. We will e-mail you what to do next${portal.selfActivation ? ', and create an account if you do not have one yet' : ''}.</p>
${form(`${portal.basePath}/activate-now`, csrfToken(req), html`${field({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'email', inputmode: 'email', errors })}
${portal.selfActivation ? field({ name: 'displayName', label: 'Your name', hint: 'Optional. How we address you in e-mails and on your pages.', autocomplete: 'name', required: false, errors }) : ''}`, 'Continue')}
<ul class="links">
  <li>Were you given a user name? <a href="/portal/activate?portal=${portal.id}">Activate with your user name</a></li>
  <li><a href="${portal.basePath}/sign-in">Back to sign in</a></li>
</ul>`;
    this.send(req, res, status, portal, { title: 'Activate now', body, errors });
  }

  private async activateNowSubmit(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const email = str(req.body, 'email', 320).trim();
    if (!EMAIL.test(email)) return this.activateNowPage(portal, req, res, 400, [{ path: 'email', message: 'Enter an e-mail address like name@example.org.' }]);
    const displayName = str(req.body, 'displayName', 200);
    const body = html`${notice('Thank you. If this address can be activated, we have sent it an e-mail telling you what to do next.', 'success')}
<p>If no e-mail arrives within a few minutes, check your spam folder.</p>
<ul class="links"><li><a href="${portal.basePath}/sign-in">Back to sign in</a></li></ul>`;
    this.send(req, res, 200, portal, { title: 'Check your e-mail', body });
    // After the reply: its timing must not tell whether the account exists (docs/benchmarks.md, "Portal timing").
    this.afterReply(req, res, () => this.accounts.activateNow(portal, email, displayName));
  }

  private activatePage(req: Request, res: Response, errors: readonly FieldError[], status = 200): void {
    const portal = this.portalById(req.query.portal ?? str(req.body, 'portal'));
    const body = html`<p>If we created an account for you with a user name, enter it here. We will e-mail a one-time password to the address on the account; you will choose your own password when you first sign in.</p>
${form('/portal/activate', csrfToken(req), html`<input type="hidden" name="portal" value="${portal?.id ?? ''}">${field({ name: 'userName', label: 'User name', autocomplete: 'username', errors })}`, 'Activate')}`;
    this.send(req, res, status, portal, { title: 'Activate your account', body, errors });
  }

  private async activateSubmit(req: Request, res: Response): Promise<void> {
    const portal = this.portalById(str(req.body, 'portal'));
    const userName = str(req.body, 'userName', 100).trim();
    if (!userName) return this.activatePage(req, res, [{ path: 'userName', message: 'Enter your user name.' }], 400);
    await this.accounts.activateByUserName(userName, portal);
    const body = html`${notice('Thank you. If this user name can be activated, we have e-mailed a one-time password to the address on the account.', 'success')}
${portal ? html`<ul class="links"><li><a href="${portal.basePath}/sign-in">Go to sign in</a></li></ul>` : ''}`;
    this.send(req, res, 200, portal, { title: 'Check your e-mail', body });
  }

  // ---- set-password (e-mailed links) ----

  private expiredLink(req: Request, res: Response, portal: PortalContribution | undefined): void {
    const body = html`<p>This link has expired or has already been used. Links work once and for a limited time.</p>
${portal ? html`<ul class="links"><li><a href="${portal.basePath}/forgot-password">Forgot Password: get a new link</a></li><li><a href="${portal.basePath}/sign-in">Sign in</a></li></ul>` : ''}`;
    this.send(req, res, 410, portal, { title: 'This link cannot be used', body });
  }

  private setPasswordForm(req: Request, res: Response, token: string, email: string, portal: PortalContribution | undefined, status: number, errors: readonly FieldError[]): void {
    const min = this.accounts.minPasswordLength;
    const body = html`<p>Choose the password for <strong>${email}</strong>.</p>
${form('/portal/set-password', csrfToken(req), html`<input type="hidden" name="token" value="${token}">
  <input type="text" name="username" value="${email}" autocomplete="username" hidden>
  ${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: `At least ${min} characters. A few unrelated words make a strong, memorable password.`, errors })}
  ${field({ name: 'confirm', label: 'Type the new password again', type: 'password', autocomplete: 'new-password', errors })}`, 'Set password and sign in')}`;
    this.send(req, res, status, portal, { title: 'Choose your password', body, errors });
  }

  private async setPasswordPage(req: Request, res: Response): Promise<void> {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const grant = await this.accounts.inspectSetPasswordToken(token);
    if (!grant) return this.expiredLink(req, res, this.portals()[0]);
    this.setPasswordForm(req, res, token, grant.user.email, this.portalById(grant.portalId), 200, []);
  }

  private async setPasswordSubmit(req: Request, res: Response): Promise<void> {
    const token = str(req.body, 'token', 100);
    const password = str(req.body, 'password');
    const confirm = str(req.body, 'confirm');
    const grant = await this.accounts.inspectSetPasswordToken(token);
    if (!grant) return this.expiredLink(req, res, this.portals()[0]);
    const portal = this.portalById(grant.portalId);
    const errors = this.accounts.checkNewPassword(grant.user, password, confirm);
    if (errors.length) return this.setPasswordForm(req, res, token, grant.user.email, portal, 400, errors);
    const user = await this.accounts.completeSetPassword(grant, token, password);
    if (!user) return this.expiredLink(req, res, portal);
    if (!portal) return this.send(req, res, 200, undefined, { title: 'Your password is set', body: notice('Your password is set.', 'success') });
    const verdict = await this.accounts.checkEligibility(portal, user, requestIdOf(req));
    if (!verdict.allow) {
      return this.send(req, res, 403, portal, { title: 'Your password is set', body: html`${notice('Your password is set.', 'success')}${notice(verdict.message)}${denialLink(verdict)}` });
    }
    await this.signIn(req, user, portal.id);
    res.redirect(303, portal.basePath);
  }

  // ---- forced password change ----

  private changePasswordPage(req: Request, res: Response, errors: readonly FieldError[], status = 200): void {
    const portal = this.portalById(req.query.portal ?? str(req.body, 'portal'));
    const user = res.locals.portalUser as PortalUserRow | undefined;
    if (!user) return res.redirect(303, portal ? `${portal.basePath}/sign-in` : '/portal');
    if (!user.mustChangePassword) return res.redirect(303, portal?.basePath ?? '/portal');
    const body = html`${notice('You must choose a new password before you continue.')}
${form('/portal/change-password', csrfToken(req), html`<input type="hidden" name="portal" value="${portal?.id ?? ''}">
  <input type="text" name="username" value="${user.userName ?? user.email}" autocomplete="username" hidden>
  ${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: `At least ${this.accounts.minPasswordLength} characters.`, errors })}
  ${field({ name: 'confirm', label: 'Type the new password again', type: 'password', autocomplete: 'new-password', errors })}`, 'Change password')}`;
    this.send(req, res, status, portal, { title: 'Choose a new password', body, errors });
  }

  private async changePasswordSubmit(req: Request, res: Response): Promise<void> {
    const portal = this.portalById(str(req.body, 'portal'));
    const user = res.locals.portalUser as PortalUserRow | undefined;
    if (!user) return res.redirect(303, portal ? `${portal.basePath}/sign-in` : '/portal');
    if (!user.mustChangePassword) return res.redirect(303, portal?.basePath ?? '/portal');
    const errors = await this.accounts.changePassword(user, undefined, str(req.body, 'password'), str(req.body, 'confirm'), req.sessionID);
    if (errors.length) return this.changePasswordPage(req, res, errors, 400);
    await regenerateSession(req, sessionData(user.id, portalIdsOf(req)));
    res.redirect(303, portal?.basePath ?? '/portal');
  }

  // ---- e-mail change confirmation ----

  private async verifyEmailPage(req: Request, res: Response): Promise<void> {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const pending = await this.accounts.inspectEmailChange(token);
    const portal = this.portals()[0];
    if (!pending) return this.expiredLink(req, res, portal);
    const body = html`<p>Use <strong>${pending.email}</strong> as the e-mail address of your account?</p>
${form('/portal/verify-email', csrfToken(req), html`<input type="hidden" name="token" value="${token}">`, 'Confirm the new address')}`;
    this.send(req, res, 200, portal, { title: 'Confirm your new e-mail address', body });
  }

  private async verifyEmailSubmit(req: Request, res: Response): Promise<void> {
    const portal = this.portals()[0];
    if (!(await this.accounts.confirmEmailChange(str(req.body, 'token', 100)))) return this.expiredLink(req, res, portal);
    this.send(req, res, 200, portal, { title: 'Your e-mail address is changed', body: html`${notice('Your e-mail address is changed. Use it to sign in from now on.', 'success')}${portal ? html`<p><a href="${portal.basePath}">Continue</a></p>` : ''}` });
  }

  // ---- signed-in pages ----

  /** The signed-in user of this portal, or a redirect (sign-in or forced change) and undefined. */
  private signedIn(portal: PortalContribution, req: Request, res: Response): PortalUserRow | undefined {
    const user = this.user(req, res, portal);
    if (!user) {
      res.redirect(303, `${portal.basePath}/sign-in`);
      return undefined;
    }
    return this.forceChange(portal, user, res) ? undefined : user;
  }

  private async homePage(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    const content = await portal.home(toPortalUser(user));
    const extra = await Promise.all(this.homeExtensions.getContributions().filter((e) => e.portalId === portal.id).map((e) => e.sections(toPortalUser(user))));
    const sections = [...content.sections, ...extra.flat()];
    this.send(req, res, 200, portal, { title: content.heading, body: renderContent({ ...content, sections }) });
  }

  private accountPage(portal: PortalContribution, req: Request, res: Response, status: number, errors: readonly FieldError[], values: Record<string, string> = {}): void {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    const csrf = csrfToken(req);
    const done: Record<string, string> = {
      profile: 'Your display name is saved.',
      email: 'If the new address can be used, we have sent it a link. Your address changes when you follow it.',
      password: 'Your password is changed. Every other session has been signed out.',
    };
    const message = typeof req.query.done === 'string' ? done[req.query.done] : undefined;
    const base = `${portal.basePath}/account`;
    const body = html`${message && !errors.length ? notice(message, 'success') : ''}
<section class="panel" aria-labelledby="h-profile"><h2 id="h-profile">Your details</h2>
${form(`${base}/profile`, csrf, field({ name: 'displayName', label: 'Display name', value: values.displayName ?? user.displayName ?? '', autocomplete: 'name', required: false, errors }), 'Save display name', '', 'secondary')}
</section>
<section class="panel" aria-labelledby="h-email"><h2 id="h-email">E-mail address</h2>
<p>Your e-mail address is <strong>${user.email}</strong>. To change it, enter the new address and your password; we will send a link to the new address to confirm it.</p>
${form(`${base}/email`, csrf, html`${field({ name: 'newEmail', label: 'New e-mail address', type: 'email', value: values.newEmail, autocomplete: 'email', inputmode: 'email', errors })}
${field({ name: 'emailPassword', label: 'Your password', type: 'password', autocomplete: 'current-password', errors })}`, 'Change e-mail address', '', 'secondary')}
</section>
<section class="panel" aria-labelledby="h-password"><h2 id="h-password">Password</h2>
${form(`${base}/password`, csrf, html`<input type="text" name="username" value="${user.userName ?? user.email}" autocomplete="username" hidden>
${field({ name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password', errors })}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: `At least ${this.accounts.minPasswordLength} characters.`, errors })}
${field({ name: 'confirm', label: 'Type the new password again', type: 'password', autocomplete: 'new-password', errors })}`, 'Change password', '', 'secondary')}
</section>
<section class="panel" aria-labelledby="h-sessions"><h2 id="h-sessions">Sign out everywhere</h2>
<p>Ends every session of your account, on every device, including this one.</p>
${form(`${base}/sign-out-everywhere`, csrf, html``, 'Sign out everywhere', '', 'secondary')}
</section>`;
    this.send(req, res, status, portal, { title: 'Your account', body, errors });
  }

  private async accountProfile(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    const displayName = str(req.body, 'displayName', 1000);
    const errors = await this.accounts.updateDisplayName(user, displayName);
    if (errors.length) return this.accountPage(portal, req, res, 400, errors, { displayName });
    res.redirect(303, `${portal.basePath}/account?done=profile`);
  }

  private async accountEmail(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    const newEmail = str(req.body, 'newEmail', 320);
    const errors = await this.accounts.requestEmailChange(user, newEmail, str(req.body, 'emailPassword'));
    if (errors.length) return this.accountPage(portal, req, res, 400, errors, { newEmail });
    res.redirect(303, `${portal.basePath}/account?done=email`);
  }

  private async accountPassword(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    const errors = await this.accounts.changePassword(user, str(req.body, 'currentPassword'), str(req.body, 'password'), str(req.body, 'confirm'), req.sessionID);
    if (errors.length) return this.accountPage(portal, req, res, 400, errors);
    res.redirect(303, `${portal.basePath}/account?done=password`);
  }

  private async signOutEverywhere(portal: PortalContribution, req: Request, res: Response): Promise<void> {
    const user = this.signedIn(portal, req, res);
    if (!user) return;
    await this.accounts.signOutEverywhere(user);
    await destroySession(req).catch(() => undefined);
    res.redirect(303, `${portal.basePath}/sign-in?signed-out=1`);
  }
}

/** The link of an eligibility denial ("Go to the Applicant Portal"), if it has one. */
function denialLink(verdict: { link?: { href: string; label: string } }): SafeHtml | string {
  const link = verdict.link;
  return link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : '';
}

function formatValue(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return String(value);
}

/** A portal's home content as panels of label/value rows and paragraphs (all escaped). */
export function renderContent(content: PortalPageContent): SafeHtml {
  return html`${content.intro ? html`<p>${content.intro}</p>` : ''}
${content.sections.map((s, i) => html`<section class="panel" aria-labelledby="h-s${i}"><h2 id="h-s${i}">${s.title}</h2>
${(s.paragraphs ?? []).map((p) => html`<p>${p}</p>`)}
${s.items?.length ? html`<dl class="details">${s.items.map((item) => html`<div><dt>${item.label}</dt><dd>${formatValue(item.value)}</dd></div>`)}</dl>` : ''}
${s.html ?? ''}
</section>`)}`;
}

