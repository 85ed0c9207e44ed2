import { timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { requestIdOf } from '@portico/access';
import { CSRF_FIELD, CSRF_HEADER, CsrfError, SessionStore, createCsrfProtection, createSessionMiddleware, csrfToken } from '@portico/auth';
import { clientErrorOf, NotFoundError, PorticoError, ValidationError, type FieldError, type PageContribution, type PageRouterContext } from '@portico/core';
import {
  PORTAL_COOKIE, PORTAL_SESSION_KIND, PortalAccounts, PortalConfig, PortalPrincipalResolver, fieldId, html, notice, page, portalSecrets,
  type PortalUserRow, type SafeHtml,
} from '@portico/plugin-portal/node';
import { ZodError } from 'zod';
import { DocumentsCatalog } from './documents-catalog';
import { DocumentsConfig } from './documents-config';
import { DOCUMENT_PORTAL, DOCUMENT_PORTAL_SEARCHES, DOCUMENT_PORTAL_UPLOAD } from './documents-portal';
import { DocumentSearchService, type SearchResult } from './document-search-service';
import { readMultipartSettled } from './multipart';
import { sendFile } from './documents-routes';
import { searchRequestFromQuery } from './search-query';

type Field = { fieldNo: number; name: string; type: string; choices?: readonly string[] | null; required?: boolean };

const HINTS: Record<string, string> = {
  text: 'Exact text, or use * and ? as wildcards (Moya*). Separate alternatives with ;',
  number: 'A number, or a range such as 10..250',
  date: 'A date (YYYY-MM-DD), or a range such as 2018-02-01..2018-02-28',
  choice: '',
};
/** Wider column and table styles for the document pages (CSP allows inline styles; the portal sheet has no tables). */
const STYLES = html`<style>
main.wrap { max-width: 64rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 16px; }
.field select { display: block; width: 100%; min-height: 44px; padding: 8px 12px; font: inherit; color: inherit; background: var(--portal-surface); border: 2px solid var(--portal-border); border-radius: var(--portal-radius); }
.field input[disabled] { background: var(--portal-bg); color: var(--portal-muted); border-style: dashed; }
.table-wrap { overflow-x: auto; background: var(--portal-surface); border: 1px solid var(--portal-line); border-radius: var(--portal-radius); margin: 0 0 16px; }
table.results { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
table.results th, table.results td { text-align: left; padding: 10px 12px; border-bottom: 1px solid var(--portal-line); vertical-align: top; }
table.results tbody tr:last-child td { border-bottom: 0; }
table.results thead th { background: var(--portal-bg); white-space: nowrap; }
table.results th a { color: var(--portal-text); text-decoration: none; display: inline-flex; min-height: 32px; align-items: center; gap: 4px; }
table.results th a:hover { text-decoration: underline; }
table.results td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.results ul { list-style: none; margin: 0; padding: 0; }
.result-count { font-weight: 600; }
.pager { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 24px; }
.pager a { min-height: 44px; display: inline-flex; align-items: center; }
</style>`;

const portalIdsOf = (req: Request): string[] => (req.session as unknown as { portalIds?: string[] }).portalIds ?? [];
const queryString = (params: Record<string, string | number | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
const sizeText = (n: number): string => (n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * "My documents" in the Document Portal, server-rendered without JavaScript: each search with a
 * form over its category's fields, a sortable, paged results table with download links
 * (`/portal/documents/searches/…`), and the upload form (`/portal/documents/upload`). Uses the
 * portal session of the Document Portal and the portal CSRF token — also in multipart upload
 * forms, whose `_csrf` field is read from the multipart body and checked before anything is
 * stored. Every list, count and download goes through {@link DocumentSearchService}, which puts
 * the user's conditions in the SQL: a document outside them is a 404.
 *
 * Bound twice, once per base path (the portal runtime mounts `/portal`; deeper paths win).
 */
export class DocumentsPortalPages implements PageContribution {
  constructor(
    readonly basePath: string,
    private readonly deps: {
      service: DocumentSearchService; catalog: DocumentsCatalog; config: DocumentsConfig; principals: PortalPrincipalResolver;
      accounts: PortalAccounts; store: SessionStore; portalConfig: PortalConfig;
    },
  ) {}

  createRouter(context: PageRouterContext): Router {
    const { store, portalConfig } = this.deps;
    const r = Router();
    r.use(
      createSessionMiddleware({
        store,
        cookieName: context.secureCookies ? `__Secure-${PORTAL_COOKIE}` : PORTAL_COOKIE,
        secret: portalSecrets(context.sessionSecrets),
        secure: context.secureCookies,
        idleMinutes: portalConfig.sessionIdleMinutes,
        absoluteHours: portalConfig.sessionAbsoluteHours,
        path: '/portal',
      }),
    );
    r.use(async (req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      const user = req.session.user;
      if (user?.kind === PORTAL_SESSION_KIND && (await this.deps.principals.resolve(user.id))) {
        res.locals.portalUser = await this.deps.accounts.byId(user.id);
      }
      next();
    });
    // Multipart forms carry `_csrf` in a body that is only read by the upload handler, which
    // checks it itself (checkMultipartCsrf) before storing anything.
    r.use(createCsrfProtection({ isExempt: (req) => this.basePath === DOCUMENT_PORTAL_UPLOAD && req.method === 'POST' && Boolean(req.is('multipart/form-data')) }));

    if (this.basePath === DOCUMENT_PORTAL_SEARCHES) {
      r.get('/', (_req, res) => res.redirect(303, DOCUMENT_PORTAL.basePath));
      r.get('/:queryNo', (req, res) => this.searchPage(req, res));
      r.get('/:queryNo/documents/:id/files/:fileId', async (req, res) => {
        const user = this.signedIn(req, res);
        if (!user) return;
        sendFile(res, await this.deps.service.download(user.id, String(req.params.id), String(req.params.fileId)));
      });
    } else {
      r.get('/', (req, res) => this.uploadPage(req, res, 200, {}, []));
      r.post('/:ctgryNo', (req, res) => this.uploadSubmit(req, res));
    }

    r.use((req, res) => this.send(req, res, 404, 'Page not found', html`<p>There is no page at this address. Go to <a href="${DOCUMENT_PORTAL.basePath}">My documents</a>.</p>`));
    r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return;
      if (err instanceof CsrfError) return this.send(req, res, 403, 'This form has expired', html`<p>For your security, forms work for a limited time and only from this site. Go back, reload the page and try again.</p>`);
      if (err instanceof NotFoundError) return this.send(req, res, 404, 'Not found', html`<p>There is nothing here for you. Go to <a href="${DOCUMENT_PORTAL.basePath}">My documents</a>.</p>`);
      const client = clientErrorOf(err); // also a broken escape in the address, an oversized form
      if (client) return this.send(req, res, client.status, 'Something is not right', html`<p>${client.message}</p>`);
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'document portal page error');
      this.send(req, res, 500, 'Something went wrong', html`<p>Something went wrong on our side. Try again later; quote ${requestIdOf(req) ?? 'the time'} when reporting it.</p>`);
    });
    return r;
  }

  // ---- frame ----

  /** The user signed in to the Document Portal, or a redirect to its sign-in (or the forced password change). */
  private signedIn(req: Request, res: Response): PortalUserRow | undefined {
    const user = res.locals.portalUser as PortalUserRow | undefined;
    if (!user || !portalIdsOf(req).includes(DOCUMENT_PORTAL.id)) {
      res.redirect(303, `${DOCUMENT_PORTAL.basePath}/sign-in`);
      return undefined;
    }
    if (user.mustChangePassword) {
      res.redirect(303, `/portal/change-password?portal=${DOCUMENT_PORTAL.id}`);
      return undefined;
    }
    return user;
  }

  private send(req: Request, res: Response, status: number, title: string, body: SafeHtml, errors: readonly FieldError[] = []): void {
    const user = res.locals.portalUser as PortalUserRow | undefined;
    const signedIn = user && portalIdsOf(req).includes(DOCUMENT_PORTAL.id) && !user.mustChangePassword;
    const markup = page(
      {
        brandName: this.deps.portalConfig.brandName,
        brandColor: this.deps.portalConfig.brandColor,
        portal: { title: DOCUMENT_PORTAL.title, basePath: DOCUMENT_PORTAL.basePath },
        ...(signedIn ? { signedInAs: user.displayName ?? user.email } : {}),
        csrf: csrfToken(req),
      },
      { title, body: html`${STYLES}${body}`, errors },
    );
    res.status(status).type('html').send(markup);
  }

  // ---- search ----

  private async searchPage(req: Request, res: Response): Promise<void> {
    const user = this.signedIn(req, res);
    if (!user) return;
    const queryNo = Number(req.params.queryNo);
    const search = Number.isInteger(queryNo) ? (await this.deps.service.searchesOf(user.id)).find((s) => s.queryNo === queryNo) : undefined;
    if (!search) throw new NotFoundError();
    const q = req.query as Record<string, unknown>;
    const asked = Number(q.limit);
    const limit = Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : 20;
    const request = searchRequestFromQuery({ ...q, limit: String(limit) });
    delete request.after; // the pages page by offset (page numbers); the JSON API also has keyset cursors
    const filters = request.filters as Record<string, string>;
    const sortParam = typeof q.sort === 'string' ? q.sort : '';
    let result: SearchResult | undefined;
    let errors: FieldError[] = [];
    try {
      result = await this.deps.service.search(user.id, queryNo, request);
    } catch (e) {
      if (e instanceof ZodError) errors = e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      else if (e instanceof ValidationError) errors = e.fields.map((f) => ({ ...f, path: f.path.startsWith('filters.') ? f.path : 'filters' }));
      else throw e;
    }
    const fields = search.fields as Field[];
    const base = `${DOCUMENT_PORTAL_SEARCHES}/${queryNo}`;
    const keep = (extra: Record<string, string | number | undefined>) =>
      `${base}${queryString({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '').map(([k, v]) => [`filters.${k}`, v])), sort: sortParam, limit: limit === 20 ? undefined : limit, ...extra })}`;

    const form = html`<form method="get" action="${base}" class="panel" role="search" aria-label="Filter ${search.name}">
  <h2>Find documents</h2>
  <div class="filters">${fields.map((f) => this.filterField(f, filters[String(f.fieldNo)] ?? '', errors))}</div>
  ${sortParam ? html`<input type="hidden" name="sort" value="${sortParam}">` : ''}
  ${limit !== 20 ? html`<input type="hidden" name="limit" value="${limit}">` : ''}
  <div class="actions"><button type="submit" class="button">Search</button><a href="${base}">Clear the filters</a></div>
</form>`;
    const body = html`<p><a href="${DOCUMENT_PORTAL.basePath}">← My documents</a></p>${form}${result ? this.results(result, search, sortParam, keep) : ''}`;
    this.send(req, res, errors.length ? 400 : 200, search.name, body, errors);
  }

  private filterField(f: Field, value: string, errors: readonly FieldError[]): SafeHtml {
    const name = `filters.${f.fieldNo}`;
    const id = fieldId(name);
    const error = errors.find((e) => e.path === name);
    const hint = HINTS[f.type] ?? '';
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const control = f.type === 'choice'
      ? html`<select id="${id}" name="${name}"${described ? html` aria-describedby="${described}"` : ''}><option value="">Any</option>${(f.choices ?? []).map((c) => html`<option${c === value ? html` selected` : ''}>${c}</option>`)}</select>`
      : html`<input id="${id}" name="${name}" type="text" value="${value}"${f.type === 'number' ? html` inputmode="decimal"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''} spellcheck="false" autocapitalize="off">`;
    return html`<div class="field${error ? ' field-error' : ''}">
  <label for="${id}">${f.name}</label>
  ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
  ${control}
</div>`;
  }

  private results(result: SearchResult, search: { queryNo: number; name: string; sort: { fieldNo: number; dir: string } | null }, sortParam: string, keep: (extra: Record<string, string | number | undefined>) => string): SafeHtml {
    const { total, offset, limit, rows, columns } = result;
    const current = /^(-)?(\d+)/.exec(sortParam);
    const sortField = current ? Number(current[2]) : search.sort?.fieldNo;
    const sortDesc = current ? Boolean(current[1]) || sortParam.endsWith(':desc') : search.sort?.dir === 'desc';
    const header = columns.map((c) => {
      const active = c.fieldNo === sortField;
      const next = active && !sortDesc ? `-${c.fieldNo}` : String(c.fieldNo);
      const label = active ? `${c.name}, sorted ${sortDesc ? 'descending' : 'ascending'}` : `${c.name}, sort ascending`;
      return html`<th scope="col"${active ? html` aria-sort="${sortDesc ? 'descending' : 'ascending'}"` : ''}><a href="${keep({ sort: next })}" aria-label="${label}">${c.name}${active ? (sortDesc ? ' ▼' : ' ▲') : ''}</a></th>`;
    });
    const first = total === 0 ? 0 : offset + 1;
    const last = offset + rows.length;
    const pages = Math.max(1, Math.ceil(total / limit));
    const pageNo = Math.floor(offset / limit) + 1;
    const summary = total === 0 ? 'No documents match.' : total === 1 ? '1 document' : rows.length === total ? `${total} documents` : `Showing ${first}–${last} of ${total} documents`;
    return html`<h2 id="results-title">Results</h2>
<p class="result-count" role="status">${summary}</p>
${rows.length ? html`<div class="table-wrap"><table class="results" aria-labelledby="results-title">
  <thead><tr>${header}<th scope="col">Files</th></tr></thead>
  <tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td${c.type === 'number' ? html` class="num"` : ''}>${row.values[String(c.fieldNo)] ?? ''}</td>`)}<td><ul>${row.files.map((f) => html`<li><a href="${DOCUMENT_PORTAL_SEARCHES}/${search.queryNo}/documents/${row.id}/files/${f.id}" download>${f.name}</a> <span class="hint">(${sizeText(f.size)})</span></li>`)}</ul></td></tr>`)}</tbody>
</table></div>` : ''}
${pages > 1 ? html`<nav class="pager" aria-label="Pages">
  ${offset > 0 ? html`<a href="${keep({ offset: Math.max(0, offset - limit) || undefined })}" rel="prev">← Previous page</a>` : ''}
  <span>Page ${pageNo} of ${pages}</span>
  ${last < total ? html`<a href="${keep({ offset: offset + limit })}" rel="next">Next page →</a>` : ''}
</nav>` : ''}`;
  }

  // ---- upload ----

  private async uploadPage(req: Request, res: Response, status: number, values: Record<string, string>, errors: readonly FieldError[], ctgryNo?: number): Promise<void> {
    const user = this.signedIn(req, res);
    if (!user) return;
    const permissions = await this.deps.service.uploadPermissionsOf(user.id);
    if (!permissions.length) throw new NotFoundError();
    const chosen = ctgryNo ?? (req.query.category !== undefined ? Number(req.query.category) : permissions.length === 1 ? permissions[0]!.ctgryNo : undefined);
    const back = html`<p><a href="${DOCUMENT_PORTAL.basePath}">← My documents</a></p>`;
    const done = typeof req.query.uploaded === 'string' ? notice('Your document has been uploaded. It shows up in your searches if it matches them.', 'success') : '';
    if (chosen === undefined) {
      const categories = await Promise.all(permissions.map(async (p) => this.deps.catalog.category(p.ctgryNo)));
      return this.send(req, res, status, 'Upload a document', html`${back}${done}<p>What kind of document do you want to send?</p>
<ul class="links">${categories.map((c) => html`<li><a href="${DOCUMENT_PORTAL_UPLOAD}?category=${c.ctgryNo}">${c.name}</a></li>`)}</ul>`);
    }
    const permission = permissions.find((p) => p.ctgryNo === chosen);
    if (!permission) throw new NotFoundError();
    const category = await this.deps.catalog.category(permission.ctgryNo);
    const preset = new Map(permission.values.map((v) => [v.fieldNo, v]));
    const { maxFileBytes, maxFiles, allowedTypes } = this.deps.config;
    const csrf = csrfToken(req);
    const fileError = errors.find((e) => e.path === 'file');
    const fieldsHtml = category.fields.map((f) => {
      const name = `index.${f.fieldNo}`;
      const id = fieldId(name);
      const p = preset.get(f.fieldNo);
      const readonly = p?.mode === 'readonly';
      const value = readonly ? p.value : (values[name] ?? p?.value ?? '');
      const error = errors.find((e) => e.path === name);
      const hint = readonly ? 'Filled in for you; it cannot be changed.' : f.type === 'date' ? 'For example 2018-02-14' : f.type === 'number' ? 'A number, for example 120.50' : '';
      const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
      const attrs = html`${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}${readonly ? html` disabled` : ''}${f.required && !readonly ? html` required` : ''}`;
      const control = f.type === 'choice'
        ? html`<select id="${id}" name="${name}"${attrs}><option value="">Choose…</option>${(f.choices ?? []).map((c) => html`<option${c === value ? html` selected` : ''}>${c}</option>`)}</select>`
        : html`<input id="${id}" name="${name}" type="${f.type === 'date' ? 'date' : 'text'}" value="${value}"${f.type === 'number' ? html` inputmode="decimal"` : ''}${attrs} spellcheck="false">`;
      return html`<div class="field${error ? ' field-error' : ''}">
  <label for="${id}">${f.name}${f.required ? '' : html` <span class="hint">(optional)</span>`}</label>
  ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
  ${control}
</div>`;
    });
    const fileId = fieldId('file');
    const body = html`${back}${done}
<form method="post" action="${DOCUMENT_PORTAL_UPLOAD}/${category.ctgryNo}" enctype="multipart/form-data" novalidate class="panel">
  <input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
  <h2>${category.name}</h2>
  ${fieldsHtml}
  <div class="field${fileError ? ' field-error' : ''}">
    <label for="${fileId}">Files</label>
    <p class="hint" id="${fileId}-hint">Up to ${maxFiles} files of at most ${sizeText(maxFileBytes)} each (${allowedTypes.map((t) => t.split('/')[1]!.toUpperCase()).join(', ')}).</p>
    ${fileError ? html`<p class="error-message" id="${fileId}-error"><span class="visually-hidden">Error: </span>${fileError.message}</p>` : ''}
    <input id="${fileId}" name="file" type="file" multiple required accept="${allowedTypes.join(',')}" aria-describedby="${fileId}-hint${fileError ? ` ${fileId}-error` : ''}"${fileError ? html` aria-invalid="true"` : ''}>
  </div>
  <div class="actions"><button type="submit" class="button">Upload</button>${permissions.length > 1 ? html`<a href="${DOCUMENT_PORTAL_UPLOAD}">Choose another kind of document</a>` : ''}</div>
</form>`;
    this.send(req, res, status, 'Upload a document', body, errors);
  }

  private async uploadSubmit(req: Request, res: Response): Promise<void> {
    const user = this.signedIn(req, res);
    if (!user) return;
    const ctgryNo = Number(req.params.ctgryNo);
    if (!Number.isInteger(ctgryNo) || ctgryNo < 1) throw new NotFoundError();
    let errors: FieldError[];
    // A body that is not multipart or is malformed carries no token we could check: refused like a forged post.
    const { fields, files, error } = await readMultipartSettled(req, this.deps.config).catch(() => { throw new CsrfError(); });
    // The `_csrf` field of the multipart body (or the header), checked before anything is stored.
    const expected = req.session.csrfToken;
    const header = req.headers[CSRF_HEADER];
    const given = fields[CSRF_FIELD] ?? (typeof header === 'string' ? header : undefined);
    if (typeof expected !== 'string' || typeof given !== 'string' || !sameToken(given, expected)) throw new CsrfError();
    const indexData: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      const m = /^index\.(\d{1,10})$/.exec(k);
      if (m) indexData[m[1]!] = v;
    }
    const realFiles = files.filter((f) => f.bytes.length > 0); // an empty file input still sends a part
    try {
      if (error) throw error;
      if (realFiles.length === 0) throw new ValidationError([{ path: 'files', message: 'Choose at least one file to upload.' }]);
      const doc = await this.deps.service.uploadAsPortalUser(user.id, ctgryNo, indexData, realFiles, requestIdOf(req));
      res.redirect(303, `${DOCUMENT_PORTAL_UPLOAD}${queryString({ category: ctgryNo, uploaded: doc.id })}`);
    } catch (e) {
      if (e instanceof ValidationError) errors = e.fields.map((f) => ({ ...f, path: f.path.startsWith('indexData.') ? `index.${f.path.slice('indexData.'.length)}` : f.path === 'files' ? 'file' : f.path }));
      else if (e instanceof PorticoError && (e.status === 413 || e.status === 415)) errors = [{ path: 'file', message: e.message }];
      else throw e;
      const values = Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('index.')));
      await this.uploadPage(req, res, 400, values, errors, ctgryNo);
    }
  }
}

