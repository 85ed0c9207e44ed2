import type { Request, Response, Router } from 'express';
import { inject, injectable } from 'inversify';
import { requestIdOf } from '@portico/access';
import { SessionStore } from '@portico/auth';
import { ConflictError, ValidationError, sendDownload, type FieldError, type PageContribution, type PageRouterContext } from '@portico/core';
import {
  PortalAccounts, PortalConfig, PortalPrincipalResolver, html, notice, readUpload,
  type PortalHomeContribution, type PortalPageSection, type PortalUser, type PortalUserRow, type SafeHtml,
} from '@portico/plugin-portal/node';
import { APPLICATION_STEPS, stepIndex, type ApplicationStepId } from '../common/index';
import { LicensingConfig } from './licensing-config';
import { LicensingService, formatBytes, type IncomingFile, type LicensingActionContext } from './licensing-service';
import type { ApplicationRow } from './licensing-schema';
import { PortalPageKit } from './portal-page-kit';
import { LICENSING_CSS, buttonForm, checkbox, formatDate, formatDay, input, radios, statusTag, stylesheet, summaryList, textarea } from './portal-form';

/** The Applicant Portal (owned by the portal plugin) that these pages join. */
export const APPLICANT_PORTAL = { id: 'applicant', title: 'Applicant Portal', basePath: '/portal/applicant' } as const;
/** Where the license application pages live, inside the Applicant Portal. */
export const APPLICATIONS_PATH = `${APPLICANT_PORTAL.basePath}/applications`;
const CSS_PATH = `${APPLICATIONS_PATH}/assets/licensing.css`;

type FormStep = Exclude<ApplicationStepId, 'review'>;
const isStep = (s: string): s is ApplicationStepId => APPLICATION_STEPS.some((x) => x.id === s);
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const actorOf = (user: PortalUserRow, req: Request): LicensingActionContext => ({ actor: { kind: 'portal', id: user.id, name: user.displayName ?? user.email }, requestId: requestIdOf(req) });
const STATUS_LABEL: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Not approved' };

/**
 * License applications in the Applicant Portal, as server-rendered pages (no JavaScript): the
 * list of the user's applications, a multi-step form whose every step is saved on the server
 * (save and continue, or come back later), documents attached by a plain multipart upload
 * (size and type checked), a review page and submission. Mounted at
 * `/portal/applicant/applications` with the Applicant Portal's session.
 */
@injectable()
export class ApplicantApplicationPages implements PageContribution {
  readonly basePath = APPLICATIONS_PATH;
  private readonly kit: PortalPageKit;

  constructor(
    @inject(LicensingService) private readonly service: LicensingService,
    @inject(LicensingConfig) private readonly config: LicensingConfig,
    @inject(PortalAccounts) accounts: PortalAccounts,
    @inject(PortalPrincipalResolver) principals: PortalPrincipalResolver,
    @inject(SessionStore) store: SessionStore,
    @inject(PortalConfig) portalConfig: PortalConfig,
  ) {
    this.kit = new PortalPageKit({ accounts, principals, store, config: portalConfig }, APPLICANT_PORTAL);
  }

  createRouter(context: PageRouterContext): Router {
    return this.kit.router(
      context,
      (r) => {
        r.get('/', (req, res) => this.listPage(req, res));
        r.post('/new', (req, res) => this.start(req, res));
        r.get('/:id', (req, res) => this.resume(req, res));
        r.get('/:id/documents/:fileId', (req, res) => this.download(req, res));
        r.post('/:id/documents/:fileId/remove', (req, res) => this.removeFile(req, res));
        r.get('/:id/:step', (req, res) => this.stepPage(req, res));
        r.post('/:id/:step', (req, res) => this.stepSubmit(req, res));
      },
      (r) => {
        r.get('/assets/licensing.css', (_req, res) => {
          res.setHeader('Cache-Control', 'public, max-age=3600');
          res.type('text/css').send(LICENSING_CSS);
        });
        // Multipart: read before the CSRF middleware (which reads urlencoded bodies), checked by hand.
        r.post('/:id/documents/upload', (req, res) => this.upload(req, res));
      },
    );
  }

  // ---- pages ----

  private async listPage(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const [items, types] = await Promise.all([this.service.applicationsOf(user.id), this.service.openLicenseTypes()]);
    const csrf = this.kit.csrf(req);
    const saved = req.query.saved === '1' ? notice('Your answers are saved. You can come back and finish the application at any time.', 'success') : '';
    const table = items.length
      ? html`<div class="table-wrap"><table class="records">
<caption class="visually-hidden">Your license applications</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">License</th><th scope="col">Status</th><th scope="col">Last change</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${items.map((a) => html`<tr><td data-label="Reference">${a.reference}</td><td data-label="License">${a.licenseTypeName ?? '—'}</td><td data-label="Status">${statusTag(a.status, STATUS_LABEL[a.status])}</td><td data-label="Last change">${formatDay(a.updatedAt)}</td>
<td class="row-action"><a href="${APPLICATIONS_PATH}/${a.id}">${a.status === 'draft' ? html`Continue<span class="visually-hidden"> application ${a.reference}</span>` : html`View<span class="visually-hidden"> application ${a.reference}</span>`}</a></td></tr>`)}</tbody>
</table></div>`
      : html`<p>You have not applied for a license yet.</p>`;
    const start = types.length
      ? html`<div class="actions">${buttonForm(`${APPLICATIONS_PATH}/new`, csrf, 'Start a new application', 'primary')}</div>`
      : notice('No licenses are open for applications at the moment.');
    this.kit.send(req, res, 200, {
      title: 'Your license applications',
      body: html`${stylesheet(CSS_PATH)}${saved}
<p>Apply for an individual license in a few steps. Your answers are saved at every step, so you can stop and come back later.</p>
${table}${start}`,
    });
  }

  private async start(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const app = await this.service.startApplication(user, actorOf(user, req));
    res.redirect(303, `${APPLICATIONS_PATH}/${app.id}/type`);
  }

  /** Opens an application where the user left off (or its status page once submitted). */
  private async resume(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const app = await this.service.applicationOf(user.id, String(req.params.id));
    if (app.status !== 'draft') return this.statusPage(req, res, app);
    const next = APPLICATION_STEPS[Math.min(app.step, APPLICATION_STEPS.length - 1)]!;
    res.redirect(303, `${APPLICATIONS_PATH}/${app.id}/${next.id}`);
  }

  private async stepPage(req: Request, res: Response, status = 200, errors: readonly FieldError[] = [], values?: Record<string, unknown>): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const step = String(req.params.step);
    const app = await this.service.applicationOf(user.id, String(req.params.id));
    if (!isStep(step)) return void res.redirect(303, `${APPLICATIONS_PATH}/${app.id}`);
    if (app.status !== 'draft') return void res.redirect(303, `${APPLICATIONS_PATH}/${app.id}`);
    // Steps open in order: a later step than the next one goes back to where the user left off.
    if (stepIndex(step) > app.step) return void res.redirect(303, `${APPLICATIONS_PATH}/${app.id}/${APPLICATION_STEPS[app.step]!.id}`);
    const v = { ...app, ...(values ?? {}) } as Record<string, unknown>;
    const csrf = this.kit.csrf(req);
    const index = stepIndex(step);
    const title = APPLICATION_STEPS[index]!.title;
    const content = await this.stepContent(step, app, v, errors, csrf);
    const page = html`${stylesheet(CSS_PATH)}
<p class="caption">Application ${app.reference} · Step ${index + 1} of ${APPLICATION_STEPS.length}</p>
${progress(app, step)}
${content}`;
    this.kit.send(req, res, status, { title, body: page, errors });
  }

  private async stepContent(step: ApplicationStepId, app: ApplicationRow, v: Record<string, unknown>, errors: readonly FieldError[], csrf: string): Promise<SafeHtml> {
    const action = `${APPLICATIONS_PATH}/${app.id}/${step}`;
    const s = (name: string): string | null => (typeof v[name] === 'string' ? (v[name] as string) : null);
    switch (step) {
      case 'type': {
        const types = await this.service.openLicenseTypes();
        return stepForm(action, csrf, radios({
          name: 'licenseTypeId', legend: 'Which license are you applying for?', value: s('licenseTypeId'), errors,
          options: types.map((t) => ({ value: t.id, label: t.name, hint: [t.description, `Valid for ${t.validityMonths} months.`].filter(Boolean).join(' ') })),
        }));
      }
      case 'about':
        return stepForm(action, csrf, html`
${input({ name: 'firstName', label: 'First name', value: s('firstName'), autocomplete: 'given-name', errors })}
${input({ name: 'lastName', label: 'Last name', value: s('lastName'), autocomplete: 'family-name', errors })}
${input({ name: 'dateOfBirth', label: 'Date of birth', type: 'date', value: s('dateOfBirth'), autocomplete: 'bday', hint: 'For example 1990-04-27.', errors })}
${input({ name: 'phone', label: 'Phone number (optional)', type: 'tel', value: s('phone'), autocomplete: 'tel', required: false, errors })}
<p class="muted">We will write to you at <strong>${app.email ?? ''}</strong>, the address of your account.</p>`);
      case 'address':
        return stepForm(action, csrf, html`
${input({ name: 'addressLine1', label: 'Address line 1', value: s('addressLine1'), autocomplete: 'address-line1', errors })}
${input({ name: 'addressLine2', label: 'Address line 2 (optional)', value: s('addressLine2'), autocomplete: 'address-line2', required: false, errors })}
${input({ name: 'city', label: 'Town or city', value: s('city'), autocomplete: 'address-level2', errors })}
${input({ name: 'postalCode', label: 'Postal code', value: s('postalCode'), autocomplete: 'postal-code', errors })}
${input({ name: 'country', label: 'Country', value: s('country'), autocomplete: 'country-name', errors })}`);
      case 'documents': {
        const files = await this.service.filesOf(app.id);
        const fileError = errors.find((e) => e.path === 'files');
        const kinds = this.config.allowedTypes.map((t) => ({ 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' })[t] ?? t).join(', ');
        return html`<section class="panel" aria-labelledby="h-docs"><h2 id="h-docs">Documents</h2>
<p>Attach proof of identity and any certificates of your qualifications. ${kinds} files, up to ${formatBytes(this.config.maxFileBytes)} each, at most ${this.config.maxFiles} documents.</p>
${files.length
  ? html`<ul class="files" aria-label="Attached documents">${files.map((f) => html`<li><span><a href="${APPLICATIONS_PATH}/${app.id}/documents/${f.id}">${f.name}</a> <span class="muted">(${formatBytes(f.size)})</span></span>${buttonForm(`${APPLICATIONS_PATH}/${app.id}/documents/${f.id}/remove`, csrf, 'Remove', 'link', {}, f.name)}</li>`)}</ul>`
  : html`<p class="muted">No documents attached yet.</p>`}
<form method="post" action="${APPLICATIONS_PATH}/${app.id}/documents/upload" enctype="multipart/form-data" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  <div class="field${fileError ? ' field-error' : ''}">
    <label for="f-files">Choose files</label>
    ${fileError ? html`<p class="error-message" id="f-files-error"><span class="visually-hidden">Error: </span>${fileError.message}</p>` : ''}
    <input id="f-files" name="files" type="file" multiple accept="${this.config.allowedTypes.join(',')}"${fileError ? html` aria-invalid="true" aria-describedby="f-files-error"` : ''}>
  </div>
  <div class="actions"><button type="submit" class="button button-secondary">Upload</button></div>
</form></section>
${stepForm(action, csrf, textarea({ name: 'qualifications', label: 'Qualifications and experience (optional)', value: s('qualifications'), hint: 'Courses, certificates and years of relevant work.', errors }))}`;
      }
      case 'review':
        return this.reviewContent(app, errors, csrf);
    }
  }

  private async reviewContent(app: ApplicationRow, errors: readonly FieldError[], csrf: string): Promise<SafeHtml> {
    const [type, files, missing] = await Promise.all([this.service.licenseType(app.licenseTypeId), this.service.filesOf(app.id), this.service.missing(app)]);
    const change = (step: ApplicationStepId, what: string) => html`<a href="${APPLICATIONS_PATH}/${app.id}/${step}">Change<span class="visually-hidden"> ${what}</span></a>`;
    const panel = (id: string, title: string, step: ApplicationStepId, content: SafeHtml) =>
      html`<section class="panel" aria-labelledby="h-${id}"><div class="panel-head"><h2 id="h-${id}">${title}</h2>${change(step, title.toLowerCase())}</div>${content}</section>`;
    const blocking = missing.length
      ? html`<div class="error-summary" role="alert"><h2>Before you can submit</h2><ul>${missing.map((m) => html`<li><a href="${APPLICATIONS_PATH}/${app.id}/${m.step}">${m.message}</a></li>`)}</ul></div>`
      : '';
    return html`${blocking}<p>Check your answers before you submit the application. After you submit, you cannot change them.</p>
${panel('type', 'License', 'type', summaryList([{ label: 'License', value: type?.name }]))}
${panel('about', 'About you', 'about', summaryList([
  { label: 'Name', value: [app.firstName, app.lastName].filter(Boolean).join(' ') },
  { label: 'Date of birth', value: formatDate(app.dateOfBirth) },
  { label: 'E-mail address', value: app.email },
  { label: 'Phone number', value: app.phone },
]))}
${panel('address', 'Your address', 'address', summaryList([{ label: 'Address', value: [app.addressLine1, app.addressLine2, app.city, app.postalCode, app.country].filter(Boolean).join('\n') }]))}
${panel('documents', 'Qualifications and documents', 'documents', summaryList([
  { label: 'Qualifications', value: app.qualifications },
  { label: 'Documents', value: files.map((f) => f.name).join('\n') },
]))}
<form method="post" action="${APPLICATIONS_PATH}/${app.id}/review" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  <h2>Declaration</h2>
  ${checkbox({ name: 'declaration', value: 'yes', label: 'I confirm that the information I have given is true and complete, and I understand that a false statement may lead to the license being refused or revoked.', errors })}
  <div class="actions"><button type="submit" class="button">Submit application</button><a href="${APPLICATIONS_PATH}">Back to your applications</a></div>
</form>`;
  }

  private statusPage(req: Request, res: Response, app: ApplicationRow, justSubmitted = false): void {
    const messages: Record<string, SafeHtml> = {
      submitted: notice(`${justSubmitted ? 'Thank you, your application is submitted. ' : ''}We received it on ${formatDay(app.submittedAt)}. Our staff will review it and e-mail you when it has been decided.`, 'success'),
      approved: html`${notice(`Your application was approved on ${formatDay(app.decidedAt)} and your license has been issued.`, 'success')}<p><a class="button button-link" href="/portal/licensee/sign-in">Go to the Licensee Portal</a></p>`,
      rejected: html`${notice(`Your application was not approved (${formatDay(app.decidedAt)}).`)}${app.decisionNote ? html`<p><strong>Reason:</strong> ${app.decisionNote}</p>` : ''}`,
    };
    this.kit.send(req, res, 200, {
      title: `Application ${app.reference}`,
      body: html`${stylesheet(CSS_PATH)}<p>${statusTag(app.status, STATUS_LABEL[app.status])}</p>${messages[app.status] ?? ''}
<section class="panel" aria-labelledby="h-answers"><h2 id="h-answers">Your answers</h2>${summaryList([
        { label: 'Name', value: [app.firstName, app.lastName].filter(Boolean).join(' ') },
        { label: 'Date of birth', value: formatDate(app.dateOfBirth) },
        { label: 'Address', value: [app.addressLine1, app.addressLine2, app.city, app.postalCode, app.country].filter(Boolean).join('\n') },
        { label: 'Qualifications', value: app.qualifications },
      ])}</section>
<ul class="links"><li><a href="${APPLICATIONS_PATH}">Back to your applications</a></li></ul>`,
    });
  }

  // ---- form posts ----

  private async stepSubmit(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const step = String(req.params.step);
    const id = String(req.params.id);
    if (!isStep(step)) return void res.redirect(303, `${APPLICATIONS_PATH}/${id}`);
    const ctx = actorOf(user, req);
    const values = body(req);
    try {
      if (step === 'review') {
        const app = await this.service.submit(user.id, id, values, ctx);
        return this.statusPage(req, res, app, true);
      }
      const saved = await this.service.saveStep(user.id, id, step as FormStep, values, ctx);
      if (values.action === 'later') return void res.redirect(303, `${APPLICATIONS_PATH}?saved=1`);
      const next = APPLICATION_STEPS[stepIndex(step) + 1]!;
      res.redirect(303, `${APPLICATIONS_PATH}/${saved.id}/${next.id}`);
    } catch (error) {
      if (error instanceof ValidationError) return this.stepPage(req, res, 400, error.fields, values);
      if (error instanceof ConflictError) return void res.redirect(303, `${APPLICATIONS_PATH}/${id}`);
      throw error;
    }
  }

  private async upload(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) {
      req.resume();
      return;
    }
    const id = String(req.params.id);
    let parsed: { fields: Record<string, string>; files: IncomingFile[] };
    try {
      parsed = await readMultipart(req, this.config.maxFileBytes, this.config.maxFiles);
    } catch (error) {
      if (error instanceof UploadRejected) {
        // Checked before anything is shown: a forged cross-site upload gets the CSRF page.
        this.kit.assertCsrf(req, error.fields._csrf);
        req.params.step = 'documents';
        return this.stepPage(req, res, error.status, [{ path: 'files', message: error.message }]);
      }
      throw error;
    }
    this.kit.assertCsrf(req, parsed.fields._csrf);
    try {
      await this.service.addFiles(user.id, id, parsed.files, actorOf(user, req));
      res.redirect(303, `${APPLICATIONS_PATH}/${id}/documents`);
    } catch (error) {
      if (error instanceof ValidationError) {
        req.params.step = 'documents';
        return this.stepPage(req, res, 400, error.fields);
      }
      if (error instanceof ConflictError) return void res.redirect(303, `${APPLICATIONS_PATH}/${id}`);
      throw error;
    }
  }

  private async removeFile(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const id = String(req.params.id);
    await this.service.removeFile(user.id, id, String(req.params.fileId), actorOf(user, req));
    res.redirect(303, `${APPLICATIONS_PATH}/${id}/documents`);
  }

  private async download(req: Request, res: Response): Promise<void> {
    const user = this.kit.signedIn(req, res);
    if (!user) return;
    const app = await this.service.applicationOf(user.id, String(req.params.id));
    sendDownload(res, await this.service.file(app.id, String(req.params.fileId)));
  }
}

/** The step form: fields, then "Save and continue" and "Save and come back later". */
function stepForm(action: string, csrf: string, fields: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  ${fields}
  <div class="actions"><button type="submit" class="button" name="action" value="continue">Save and continue</button><button type="submit" class="button button-secondary" name="action" value="later">Save and come back later</button></div>
</form>`;
}

/** The steps as a list: done ones ticked, the current one marked. */
function progress(app: ApplicationRow, current: ApplicationStepId): SafeHtml {
  return html`<ol class="steps" aria-label="Steps">${APPLICATION_STEPS.map((s, i) => {
    const done = i < app.step && s.id !== current;
    const reachable = i <= app.step && s.id !== current;
    const label = reachable ? html`<a href="${APPLICATIONS_PATH}/${app.id}/${s.id}">${s.title}</a>` : s.title;
    return html`<li class="${done ? 'done' : ''}"${s.id === current ? html` aria-current="step"` : ''}>${label}${done ? html`<span class="visually-hidden"> (completed)</span>` : ''}</li>`;
  })}</ol>`;
}

/** An upload refused with a message for the documents step (status 400 or 413), with the form's fields read so far. */
class UploadRejected extends Error {
  constructor(message: string, readonly status: 400 | 413, readonly fields: Record<string, string>) {
    super(message);
  }
}

/** Reads a multipart form: text fields and files, each file at most `maxFileBytes`. */
async function readMultipart(req: Request, maxFileBytes: number, maxFiles: number): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const { fields, files, problem } = await readUpload(req, { maxFileBytes, maxFiles, fallbackName: 'document' });
  switch (problem?.kind) {
    case undefined:
      return { fields, files };
    case 'file_too_large':
      throw new UploadRejected(`"${problem.file}" is larger than ${formatBytes(maxFileBytes)}.`, 413, fields);
    case 'too_many_files':
      throw new UploadRejected(`Upload at most ${maxFiles} files at a time.`, 400, fields);
    case 'not_multipart':
      throw new UploadRejected('Choose a file to upload.', 400, fields);
    default: // malformed, cut off, too many parts
      throw new UploadRejected('The upload was interrupted. Try again.', 400, fields);
  }
}

/** "License applications" on the Applicant Portal's home page. */
export function applicantHomeSection(service: LicensingService): PortalHomeContribution {
  return {
    portalId: APPLICANT_PORTAL.id,
    async sections(user: PortalUser): Promise<PortalPageSection[]> {
      const items = await service.applicationsOf(user.id);
      const open = items.filter((a) => a.status === 'draft').length;
      const waiting = items.filter((a) => a.status === 'submitted').length;
      const summary = items.length
        ? `You have ${items.length} application${items.length === 1 ? '' : 's'}${open ? `, ${open} not yet submitted` : ''}${waiting ? `, ${waiting} waiting for a decision` : ''}.`
        : 'Apply for an individual license online. You can save your answers and finish later.';
      return [{
        title: 'License applications',
        html: html`${stylesheet(CSS_PATH)}<p>${summary}</p><p><a class="button button-link" href="${APPLICATIONS_PATH}">${items.length ? 'Your applications' : 'Apply for a license'}</a></p>`,
      }];
    },
  };
}

