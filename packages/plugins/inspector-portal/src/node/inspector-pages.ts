import { readFileSync } from 'node:fs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { inject, injectable } from 'inversify';
import { ZodError } from 'zod';
import { requestIdOf } from '@portico/access';
import { CsrfError, SessionStore, createCsrfProtection, createSessionMiddleware, csrfToken } from '@portico/auth';
import { clientErrorOf, ConflictError, NotFoundError, PorticoError, ValidationError, sendDownload, type FieldError, type PageContribution, type PageRouterContext } from '@portico/core';
import { PORTAL_COOKIE, PORTAL_SESSION_KIND, PortalConfig, PortalPrincipalResolver, html, portalSecrets, sentence, type SafeHtml } from '@portico/plugin-portal/node';
import { INSPECTION_RESULTS, INSPECTION_STATUSES, INSPECTION_TYPES, INSPECTOR_PORTAL_ID, INSPECTOR_PORTAL_PATH, InspectionReportForm, labelOf, type AttachmentSummary } from '../common/index';
import { InspectorConfig } from './inspector-config';
import { fieldId, notice, page, type LayoutContext } from '@portico/plugin-portal/node';

/** The Inspector Portal's stylesheet (textareas, radios, file inputs), after the portal's own. */
const ASSETS_PATH = '/assets/inspector.css';
import { INACTIVE_INSPECTOR, INSPECTIONS_PATH, NOT_AN_INSPECTOR, when } from './inspector-portal';
import { InspectionService, type ActingContext, type AssignedInspection } from './inspection-service';
import { readMultipartWithCsrf } from './multipart';

const CSS = readFileSync(new URL('./assets/inspector.css', import.meta.url), 'utf8');
const STYLESHEET = `${INSPECTIONS_PATH}${ASSETS_PATH}`;
const DONE: Record<string, string> = {
  draft: 'Your draft is saved. You can come back to it and submit it later.',
  uploaded: 'The files are attached.',
  removed: 'The attachment is removed.',
};

type Inspector = { id: string; name: string };
const inspectorOf = (res: Response): Inspector => res.locals.inspector as Inspector;
const str = (body: unknown, name: string): string => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : '';
};
const kb = (size: number): string => (size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(size / 1024))} KB`);

/**
 * The Inspector Portal's inspection pages, under `/portal/inspector/inspections`: the list of
 * the inspector's inspections, one inspection with its report form (findings, result,
 * conditions; Save draft / Submit), attachments (multipart upload with the CSRF field checked
 * before any file is accepted, downloads). Server-rendered, no client-side JavaScript.
 *
 * Uses the portal session (cookie `portico.portal.sid`, path `/portal`). Every request needs a
 * user signed in to the Inspector Portal whose Inspector record is still active; every query
 * is scoped in SQL to the inspections assigned to them, so another inspector's inspection is 404.
 */
@injectable()
export class InspectorPages implements PageContribution {
  readonly basePath = INSPECTIONS_PATH;

  constructor(
    @inject(InspectionService) private readonly service: InspectionService,
    @inject(InspectorConfig) private readonly config: InspectorConfig,
    @inject(PortalPrincipalResolver) private readonly principals: PortalPrincipalResolver,
    @inject(SessionStore) private readonly store: SessionStore,
    @inject(PortalConfig) private readonly portalConfig: PortalConfig,
  ) {}

  createRouter(context: PageRouterContext): Router {
    const r = Router();
    r.get(ASSETS_PATH, (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.type('text/css').send(CSS);
    });
    r.use(
      createSessionMiddleware({
        store: this.store,
        cookieName: context.secureCookies ? `__Secure-${PORTAL_COOKIE}` : PORTAL_COOKIE,
        secret: portalSecrets(context.sessionSecrets),
        secure: context.secureCookies,
        idleMinutes: this.portalConfig.sessionIdleMinutes,
        absoluteHours: this.portalConfig.sessionAbsoluteHours,
        path: '/portal',
      }),
    );
    // Multipart uploads carry their CSRF token in the `_csrf` field, checked by readMultipartWithCsrf before any file is kept.
    r.use(createCsrfProtection({ isExempt: (req) => req.method === 'POST' && /\/attachments$/.test(req.path) && req.is('multipart/form-data') === 'multipart/form-data' }));
    r.use((req, res, next) => void this.requireInspector(req, res, next).catch(next));

    r.get('/', async (req, res) => this.listPage(req, res));
    r.get('/:id', async (req, res) => this.detailPage(req, res, String(req.params.id), 200, []));
    r.post('/:id', async (req, res) => this.saveReport(req, res, String(req.params.id)));
    r.post('/:id/attachments', async (req, res) => this.upload(req, res, String(req.params.id)));
    r.post('/:id/attachments/:aid/delete', async (req, res) => {
      await this.service.removeAttachment(inspectorOf(res).id, String(req.params.id), String(req.params.aid), this.acting(req, res));
      res.redirect(303, `${INSPECTIONS_PATH}/${String(req.params.id)}?done=removed#attachments`);
    });
    r.get('/:id/attachments/:aid', async (req, res) => {
      const file = await this.service.attachmentForInspector(inspectorOf(res).id, String(req.params.id), String(req.params.aid));
      // Photos and PDFs open in the browser tab; anything else downloads.
      sendDownload(res, { name: file.fileName, contentType: file.contentType, content: file.content }, { inline: true });
    });

    r.use((req, res) => this.send(req, res, 404, 'Page not found', html`<p>There is no such inspection, or it is not assigned to you.</p><ul class="links"><li><a href="${INSPECTIONS_PATH}">Your inspections</a></li></ul>`));
    r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return;
      if (err instanceof CsrfError) return this.send(req, res, 403, 'This form has expired', html`<p>For your security, forms work for a limited time and only from this site. Go back, reload the page and try again.</p>`);
      if (err instanceof NotFoundError) return this.send(req, res, 404, 'Page not found', html`<p>There is no such inspection, or it is not assigned to you.</p><ul class="links"><li><a href="${INSPECTIONS_PATH}">Your inspections</a></li></ul>`);
      if (err instanceof ConflictError) return this.send(req, res, 409, 'This inspection is submitted', html`${notice(err.message)}<ul class="links"><li><a href="${INSPECTIONS_PATH}/${String(req.params.id ?? '')}">Back to the inspection</a></li></ul>`);
      const client = clientErrorOf(err); // e.g. a broken escape in the address, an oversized form
      if (client) return this.send(req, res, client.status, 'Something is not right', html`<p>${sentence(client.message)}</p><ul class="links"><li><a href="${INSPECTIONS_PATH}">Your inspections</a></li></ul>`);
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'inspector portal page error');
      this.send(req, res, 500, 'Something went wrong', html`<p>Something went wrong on our side. Try again in a few minutes.</p>`);
    });
    return r;
  }

  /** Signed in to the Inspector Portal (this session) as a usable portal account with an active Inspector record. */
  private async requireInspector(req: Request, res: Response, next: NextFunction): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const user = req.session.user;
    const portalIds = (req.session as unknown as { portalIds?: string[] }).portalIds ?? [];
    const principal = user?.kind === PORTAL_SESSION_KIND && portalIds.includes(INSPECTOR_PORTAL_ID) ? await this.principals.resolve(user.id) : undefined;
    if (!principal) return void res.redirect(303, `${INSPECTOR_PORTAL_PATH}/sign-in`);
    req.principal = principal;
    res.locals.inspector = { id: principal.id, name: principal.displayName } satisfies Inspector;
    const state = await this.service.eligibility(principal.id);
    if (state !== 'active') {
      return this.send(req, res, 403, 'You cannot use the Inspector Portal', html`${notice(state === 'inactive' ? INACTIVE_INSPECTOR : NOT_AN_INSPECTOR)}<p><a href="/portal">Back to the portals</a></p>`, [], false);
    }
    next();
  }

  private acting(req: Request, res: Response): ActingContext {
    const me = inspectorOf(res);
    const requestId = requestIdOf(req);
    return { actor: { kind: 'portal', id: me.id, name: me.name }, ...(requestId ? { requestId } : {}) };
  }

  private layout(req: Request, res: Response, signedIn = true): LayoutContext {
    const me = res.locals.inspector as Inspector | undefined;
    return {
      brandName: this.portalConfig.brandName, brandColor: this.portalConfig.brandColor, portal: { title: 'Inspector Portal', basePath: INSPECTOR_PORTAL_PATH },
      ...(me && signedIn ? { signedInAs: me.name } : {}), csrf: csrfToken(req),
    };
  }

  private send(req: Request, res: Response, status: number, title: string, body: SafeHtml, errors: readonly FieldError[] = [], signedIn = true): void {
    res.status(status).type('html').send(page(this.layout(req, res, signedIn), { title, body, errors, stylesheets: [STYLESHEET] }));
  }

  // ---- pages ----

  private async listPage(req: Request, res: Response): Promise<void> {
    const all = await this.service.assignedTo(inspectorOf(res).id);
    const card = (x: AssignedInspection) => html`<li><a class="inspection-card" href="${INSPECTIONS_PATH}/${x.id}">
  <span class="card-row"><span class="ref">${x.reference}</span><span class="tag tag-${x.status}">${labelOf(INSPECTION_STATUSES, x.status)}</span></span>
  <span class="meta">${x.premisesAddress}</span>
  <span class="meta">${when(x.scheduledFor)} · ${labelOf(INSPECTION_TYPES, x.inspectionType)} · ${x.licenseeName ?? '—'}</span>
</a></li>`;
    const open = all.filter((x) => x.status === 'scheduled' || x.status === 'in-progress');
    const done = all.filter((x) => !open.includes(x));
    const body = html`<h2>Open</h2>
${open.length ? html`<ul class="inspection-list" aria-label="Open inspections">${open.map(card)}</ul>` : html`<p class="empty">No open inspections.</p>`}
<h2>Submitted and closed</h2>
${done.length ? html`<ul class="inspection-list" aria-label="Submitted and closed inspections">${done.map(card)}</ul>` : html`<p class="empty">None yet.</p>`}`;
    this.send(req, res, 200, 'Your inspections', body);
  }

  private async detailPage(req: Request, res: Response, id: string, status: number, errors: readonly FieldError[], values?: Partial<InspectionReportForm>): Promise<void> {
    const me = inspectorOf(res);
    const x = await this.service.assigned(me.id, id);
    const files = await this.service.attachmentsForInspector(me.id, id);
    const editable = x.status === 'scheduled' || x.status === 'in-progress';
    const csrf = csrfToken(req);
    const done = typeof req.query.done === 'string' && !errors.length ? DONE[req.query.done] : undefined;
    const v = { findings: values?.findings ?? x.findings ?? '', result: values?.result ?? x.result ?? '', conditions: values?.conditions ?? x.conditions ?? '' };
    const err = (name: string) => errors.find((e) => e.path === name);
    const errorLine = (name: string) => (err(name) ? html`<p class="error-message" id="${fieldId(name)}-error"><span class="visually-hidden">Error: </span>${err(name)!.message}</p>` : '');
    const details = html`<section class="panel" aria-labelledby="h-details"><h2 id="h-details">Inspection</h2>
<dl class="details">
  <div><dt>Status</dt><dd><span class="tag tag-${x.status}">${labelOf(INSPECTION_STATUSES, x.status)}</span></dd></div>
  <div><dt>Scheduled for</dt><dd>${when(x.scheduledFor)}</dd></div>
  <div><dt>Type</dt><dd>${labelOf(INSPECTION_TYPES, x.inspectionType)}</dd></div>
  <div><dt>Licensee</dt><dd>${x.licenseeName ?? '—'}</dd></div>
  <div><dt>License</dt><dd>${x.licenseNumber ?? '—'}</dd></div>
  <div><dt>Premises</dt><dd>${x.premisesAddress}</dd></div>
</dl></section>`;
    const report = editable
      ? html`<section class="panel" aria-labelledby="h-report"><h2 id="h-report">Your report</h2>
<form method="post" action="${INSPECTIONS_PATH}/${x.id}" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  <div class="field${err('findings') ? ' field-error' : ''}">
    <label for="${fieldId('findings')}">Findings</label>
    <p class="hint" id="${fieldId('findings')}-hint">What you saw and checked. Plain text; you can save a draft and come back.</p>
    ${errorLine('findings')}
    <textarea id="${fieldId('findings')}" name="findings" rows="8" aria-describedby="${fieldId('findings')}-hint${err('findings') ? ` ${fieldId('findings')}-error` : ''}"${err('findings') ? html` aria-invalid="true"` : ''}>${v.findings}</textarea>
  </div>
  <fieldset class="field${err('result') ? ' field-error' : ''}" id="${fieldId('result')}"${err('result') ? html` aria-describedby="${fieldId('result')}-error"` : ''}>
    <legend>Result</legend>
    ${errorLine('result')}
    ${INSPECTION_RESULTS.map((r, n) => html`<div class="choice"><input type="radio" id="${fieldId('result')}-${n}" name="result" value="${r.value}"${v.result === r.value ? html` checked` : ''}><label for="${fieldId('result')}-${n}">${r.label}</label></div>`)}
  </fieldset>
  <div class="field${err('conditions') ? ' field-error' : ''}">
    <label for="${fieldId('conditions')}">Conditions</label>
    <p class="hint" id="${fieldId('conditions')}-hint">Only for “Pass with conditions”: what the licensee must do, and by when.</p>
    ${errorLine('conditions')}
    <textarea id="${fieldId('conditions')}" name="conditions" rows="4" aria-describedby="${fieldId('conditions')}-hint${err('conditions') ? ` ${fieldId('conditions')}-error` : ''}"${err('conditions') ? html` aria-invalid="true"` : ''}>${v.conditions}</textarea>
  </div>
  <div class="field${err('confirm') ? ' field-error' : ''}">
    ${errorLine('confirm')}
    <div class="choice"><input type="checkbox" id="${fieldId('confirm')}" name="confirm" value="yes"${err('confirm') ? html` aria-invalid="true" aria-describedby="${fieldId('confirm')}-error"` : ''}><label for="${fieldId('confirm')}">I confirm this report is complete and accurate (needed to submit)</label></div>
  </div>
  <div class="actions">
    <button type="submit" name="intent" value="submit" class="button">Submit result</button>
    <button type="submit" name="intent" value="draft" class="button button-secondary">Save draft</button>
  </div>
  <p class="hint">After you submit, the report can no longer be changed.</p>
</form></section>`
      : html`<section class="panel" aria-labelledby="h-report"><h2 id="h-report">Submitted report</h2>
<dl class="details">
  <div><dt>Result</dt><dd>${labelOf(INSPECTION_RESULTS, x.result)}</dd></div>
  <div><dt>Submitted</dt><dd>${when(x.submittedAt)}</dd></div>
  <div><dt>Findings</dt><dd class="prewrap">${x.findings ?? '—'}</dd></div>
  ${x.conditions ? html`<div><dt>Conditions</dt><dd class="prewrap">${x.conditions}</dd></div>` : ''}
</dl></section>`;
    const attachments = html`<section class="panel" id="attachments" aria-labelledby="h-attachments"><h2 id="h-attachments">Photos and documents</h2>
${files.length ? html`<ul class="attachments">${files.map((f: AttachmentSummary) => html`<li><span><a href="${INSPECTIONS_PATH}/${x.id}/attachments/${f.id}">${f.fileName}</a> <span class="size">${kb(f.size)}</span></span>${editable ? html`<form method="post" action="${INSPECTIONS_PATH}/${x.id}/attachments/${f.id}/delete" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="link-button">Remove<span class="visually-hidden"> ${f.fileName}</span></button></form>` : ''}</li>`)}</ul>` : html`<p class="empty">No files attached.</p>`}
${editable ? html`<form method="post" action="${INSPECTIONS_PATH}/${x.id}/attachments" enctype="multipart/form-data">
  <input type="hidden" name="_csrf" value="${csrf}">
  <div class="field${err('files') ? ' field-error' : ''}">
    <label for="${fieldId('files')}">Add photos or documents</label>
    <p class="hint" id="${fieldId('files')}-hint">JPEG, PNG, WebP, HEIC or GIF photos and PDF documents, up to ${kb(this.config.maxFileBytes)} each, ${this.config.maxFiles} at a time.</p>
    ${errorLine('files')}
    <input type="file" id="${fieldId('files')}" name="files" multiple accept="image/jpeg,image/png,image/webp,image/heic,image/gif,application/pdf" aria-describedby="${fieldId('files')}-hint${err('files') ? ` ${fieldId('files')}-error` : ''}"${err('files') ? html` aria-invalid="true"` : ''}>
  </div>
  <div class="actions"><button type="submit" class="button button-secondary">Attach files</button></div>
</form>` : ''}
</section>`;
    const body = html`${done ? notice(done, 'success') : ''}${x.status === 'submitted' && req.query.done === 'submitted' ? notice('Your result is submitted. Thank you.', 'success') : ''}
<p><a href="${INSPECTIONS_PATH}">All your inspections</a></p>
${details}${report}${attachments}`;
    this.send(req, res, status, `Inspection ${x.reference}`, body, errors);
  }

  private async saveReport(req: Request, res: Response, id: string): Promise<void> {
    const raw = { findings: str(req.body, 'findings'), result: str(req.body, 'result'), conditions: str(req.body, 'conditions'), intent: str(req.body, 'intent') || 'draft', confirm: str(req.body, 'confirm') };
    let form: InspectionReportForm;
    try {
      form = InspectionReportForm.parse(raw);
    } catch (e) {
      if (!(e instanceof ZodError)) throw e;
      const errors = e.issues.map((i) => ({ path: String(i.path[0] ?? 'findings'), message: `${i.path[0] === 'result' ? 'Choose one of the results.' : i.message}` }));
      return this.detailPage(req, res, id, 400, errors, raw as Partial<InspectionReportForm>);
    }
    try {
      await this.service.saveReport(inspectorOf(res).id, id, form, this.acting(req, res));
    } catch (e) {
      if (e instanceof ValidationError) return this.detailPage(req, res, id, 400, e.fields, form);
      throw e;
    }
    res.redirect(303, `${INSPECTIONS_PATH}/${id}?done=${form.intent === 'submit' ? 'submitted' : 'draft'}`);
  }

  private async upload(req: Request, res: Response, id: string): Promise<void> {
    const me = inspectorOf(res);
    await this.service.assigned(me.id, id); // 404 before reading a stranger's upload
    try {
      const { files } = await readMultipartWithCsrf(req, this.config);
      await this.service.addAttachments(me.id, id, files, this.acting(req, res));
    } catch (e) {
      if (e instanceof ValidationError) return this.detailPage(req, res, id, 400, e.fields.map((f) => ({ ...f, path: 'files' })));
      if (e instanceof PorticoError && (e.status === 413 || e.status === 415)) {
        req.unpipe();
        return this.detailPage(req, res, id, e.status, [{ path: 'files', message: e.message }]);
      }
      throw e;
    }
    res.redirect(303, `${INSPECTIONS_PATH}/${id}?done=uploaded#attachments`);
  }
}
