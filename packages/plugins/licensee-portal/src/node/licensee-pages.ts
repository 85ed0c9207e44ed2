import type { Request, Response, Router } from 'express';
import { inject, injectable } from 'inversify';
import { requestIdOf } from '@portico/access';
import { SessionStore } from '@portico/auth';
import { ConflictError, type PageContribution, type PageRouterContext } from '@portico/core';
import { PortalAccounts, PortalConfig, PortalPrincipalResolver, html, notice, type PortalContribution, type PortalUserRow } from '@portico/plugin-portal/node';
import {
  LICENSING_CSS, LicensingService, PortalPageKit, formatDate, renewalProblem, statusTag, stylesheet, summaryList, textarea, todayIso,
} from '@portico/plugin-licensing/node';
import { LicenseePortalConfig } from './licensee-portal-config';
import { LICENSEE_CSS_PATH, LICENSEE_PORTAL, LICENSES_PATH, licenseeEligibility, licenseePortal } from './licensee-portal';

/**
 * The Licensee Portal's pages beyond home, at `/portal/licensee/licenses`: a license's printable
 * certificate and the renewal request. Each request re-checks the portal's eligibility rule, so
 * a license revoked during a session closes these pages at once.
 */
@injectable()
export class LicenseePages implements PageContribution {
  readonly basePath = LICENSES_PATH;
  private readonly kit: PortalPageKit;
  private readonly portal: PortalContribution;

  constructor(
    @inject(LicensingService) private readonly service: LicensingService,
    @inject(LicenseePortalConfig) private readonly config: LicenseePortalConfig,
    @inject(PortalAccounts) accounts: PortalAccounts,
    @inject(PortalPrincipalResolver) principals: PortalPrincipalResolver,
    @inject(SessionStore) store: SessionStore,
    @inject(PortalConfig) portalConfig: PortalConfig,
  ) {
    this.kit = new PortalPageKit({ accounts, principals, store, config: portalConfig }, LICENSEE_PORTAL);
    this.portal = licenseePortal(service, config);
  }

  createRouter(context: PageRouterContext): Router {
    return this.kit.router(
      context,
      (r) => {
        r.get('/', (_req, res) => res.redirect(303, LICENSEE_PORTAL.basePath));
        r.get('/:id/certificate', (req, res) => this.certificate(req, res));
        r.get('/:id/renewal', (req, res) => this.renewalPage(req, res));
        r.post('/:id/renewal', (req, res) => this.renewalSubmit(req, res));
      },
      (r) => {
        r.get('/assets/licensing.css', (_req, res) => {
          res.setHeader('Cache-Control', 'public, max-age=3600');
          res.type('text/css').send(LICENSING_CSS);
        });
      },
    );
  }

  /** The signed-in licensee, still eligible; otherwise a redirect or the reason (403). */
  private async licensee(req: Request, res: Response): Promise<PortalUserRow | undefined> {
    const user = this.kit.signedIn(req, res);
    if (!user) return undefined;
    const verdict = await licenseeEligibility(this.service, this.config)(this.kit.user(user), { portal: this.portal });
    if (verdict.allow) return user;
    this.kit.send(req, res, 403, {
      title: `You cannot use the ${LICENSEE_PORTAL.title}`,
      body: html`${notice(verdict.message)}${verdict.link ? html`<p><a class="button" href="${verdict.link.href}">${verdict.link.label}</a></p>` : ''}`,
    });
    return undefined;
  }

  private async certificate(req: Request, res: Response): Promise<void> {
    const user = await this.licensee(req, res);
    if (!user) return;
    const today = todayIso();
    const l = await this.service.licenseOfPortalUser(user.id, String(req.params.id), today);
    const valid = l.effectiveStatus === 'active';
    const body = html`${stylesheet(LICENSEE_CSS_PATH)}
<p class="no-print">This is the certificate of your license. Print it, or save it as PDF from the print dialog.</p>
<div class="actions no-print"><a class="button button-secondary button-link" href="${LICENSEE_PORTAL.basePath}">Back to my licenses</a></div>
<p class="no-print print-hint muted">To print: use your browser's Print command (Ctrl+P, or ⌘P on a Mac).</p>
<section class="certificate" aria-labelledby="cert-title">
  <p class="issuer">${this.kit.brandName} · Individual license</p>
  <h2 id="cert-title">${l.licenseTypeName} License</h2>
  <p>This certifies that</p>
  <p class="holder">${l.person.firstName} ${l.person.lastName}</p>
  <p>${l.person.dateOfBirth ? `born ${formatDate(l.person.dateOfBirth)}, ` : ''}holds license number <strong>${l.licenseNumber}</strong>${l.typeDescription ? html` — ${l.typeDescription.replace(/[.\s]+$/, '')}` : ''}.</p>
  ${valid ? '' : html`<p class="void">Not valid: this license is ${l.effectiveStatus}</p>`}
  <dl>
    <div><dt>License number</dt><dd>${l.licenseNumber}</dd></div>
    <div><dt>Status</dt><dd>${statusTag(l.effectiveStatus)}</dd></div>
    <div><dt>Issued on</dt><dd>${formatDate(l.issuedOn)}</dd></div>
    <div><dt>Valid until</dt><dd>${formatDate(l.expiresOn)}</dd></div>
  </dl>
</section>`;
    this.kit.send(req, res, 200, { title: `Certificate of license ${l.licenseNumber}`, body });
  }

  private async renewalPage(req: Request, res: Response, status = 200, error?: string, note?: string): Promise<void> {
    const user = await this.licensee(req, res);
    if (!user) return;
    const today = todayIso();
    const l = await this.service.licenseOfPortalUser(user.id, String(req.params.id), today);
    const done = req.query.done === '1';
    const problem = renewalProblem(l, this.config.renewalWindowDays, today);
    const details = summaryList([
      { label: 'License', value: `${l.licenseTypeName} · ${l.licenseNumber}` },
      { label: 'Status', value: l.effectiveStatus.charAt(0).toUpperCase() + l.effectiveStatus.slice(1) },
      { label: 'Expires on', value: formatDate(l.expiresOn) },
    ]);
    const back = html`<ul class="links"><li><a href="${LICENSEE_PORTAL.basePath}">Back to my licenses</a></li></ul>`;
    if (done || (problem && !error)) {
      const message = done ? notice('Your renewal request has been sent. Our staff will contact you; you will see the new expiry date here once the license is renewed.', 'success') : notice(problem!);
      return this.kit.send(req, res, done ? 200 : 409, { title: 'Request a renewal', body: html`${stylesheet(LICENSEE_CSS_PATH)}${message}<section class="panel">${details}</section>${back}` });
    }
    const errors = error ? [{ path: 'note', message: error }] : [];
    const body = html`${stylesheet(LICENSEE_CSS_PATH)}<section class="panel" aria-label="License">${details}</section>
<p>Ask us to renew this license. We will review the request and tell you what we need.</p>
<form method="post" action="${LICENSES_PATH}/${l.id}/renewal" novalidate>
  <input type="hidden" name="_csrf" value="${this.kit.csrf(req)}">
  ${textarea({ name: 'note', label: 'Anything we should know? (optional)', value: note ?? '', hint: 'For example a change of address or of your qualifications.', errors, rows: 4 })}
  <div class="actions"><button type="submit" class="button">Send renewal request</button><a href="${LICENSEE_PORTAL.basePath}">Cancel</a></div>
</form>`;
    this.kit.send(req, res, status, { title: 'Request a renewal', body, errors });
  }

  private async renewalSubmit(req: Request, res: Response): Promise<void> {
    const user = await this.licensee(req, res);
    if (!user) return;
    const id = String(req.params.id);
    const raw = (req.body as Record<string, unknown> | undefined)?.note;
    const note = typeof raw === 'string' ? raw : '';
    if (note.length > 2000) return this.renewalPage(req, res, 400, 'Use at most 2000 characters.', note);
    try {
      await this.service.requestRenewal(user.id, id, note, this.config.renewalWindowDays, { actor: { kind: 'portal', id: user.id, name: user.displayName ?? user.email }, requestId: requestIdOf(req) });
    } catch (error) {
      if (error instanceof ConflictError) return this.renewalPage(req, res);
      throw error;
    }
    res.redirect(303, `${LICENSES_PATH}/${id}/renewal?done=1`);
  }
}
