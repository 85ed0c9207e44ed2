import { Router, type NextFunction, type Request, type Response } from 'express';
import { inject, injectable } from 'inversify';
import { ZodError } from 'zod';
import { guard, requestIdOf } from '@portico/access';
import { SessionStore, createCsrfProtection, createSessionMiddleware, csrfToken } from '@portico/auth';
import { clientErrorOf, NotFoundError, PorticoError, UnauthorizedError, ValidationError, type PageContribution, type PageRouterContext } from '@portico/core';
import { PORTAL_COOKIE, PORTAL_SESSION_KIND, PortalConfig, PortalPrincipalResolver, portalSecrets } from '@portico/plugin-portal/node';
import { DocumentsCatalog } from './documents-catalog';
import { DocumentsConfig } from './documents-config';
import { DocumentSearchService } from './document-search-service';
import { indexDataField, readMultipart } from './multipart';
import { sendFile } from './documents-routes';
import { searchRequestFromQuery } from './search-query';

export { searchRequestFromQuery };

export const DOCUMENTS_PORTAL_API = '/portal/api/documents';

const portal = guard({ signedIn: ['portal'] });
const userOf = (req: Request): string => {
  const p = req.principal;
  if (!p || p.kind !== 'portal') throw new UnauthorizedError();
  return p.id;
};
const no = (v: unknown): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new NotFoundError();
  return n;
};
/**
 * The portal users' JSON API at `/portal/api/documents`: their searches, search results with
 * their own filters, downloads and uploads. Uses the portal session (cookie `portico.portal.sid`,
 * path `/portal`) and the portal CSRF token (`x-csrf-token` header, from `GET …/session`); a
 * workbench session does not work here, and a portal session does not work under `/api`.
 */
@injectable()
export class DocumentsPortalApi implements PageContribution {
  readonly basePath = DOCUMENTS_PORTAL_API;

  constructor(
    @inject(DocumentSearchService) private readonly service: DocumentSearchService,
    @inject(DocumentsCatalog) private readonly catalog: DocumentsCatalog,
    @inject(DocumentsConfig) private readonly config: DocumentsConfig,
    @inject(PortalPrincipalResolver) private readonly principals: PortalPrincipalResolver,
    @inject(SessionStore) private readonly store: SessionStore,
    @inject(PortalConfig) private readonly portalConfig: PortalConfig,
  ) {}

  createRouter(context: PageRouterContext): Router {
    const r = Router();
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
    r.use(async (req, res, next) => {
      res.setHeader('Cache-Control', 'private, no-store');
      const user = req.session.user;
      if (user?.kind === PORTAL_SESSION_KIND) {
        const principal = await this.principals.resolve(user.id);
        if (principal) req.principal = principal;
      }
      next();
    });
    r.use(createCsrfProtection({ isExempt: () => false }));

    r.get('/session', portal, (req, res) => {
      const p = req.principal!;
      res.json({ user: { id: p.id, displayName: p.displayName }, csrfToken: csrfToken(req) });
    });
    r.get('/searches', portal, async (req, res) => void res.json({ items: await this.service.searchesOf(userOf(req)) }));
    r.get('/searches/:queryNo', portal, async (req, res) => {
      const request = searchRequestFromQuery(req.query as Record<string, unknown>);
      res.json(await this.service.search(userOf(req), no(req.params.queryNo), request));
    });
    r.get('/documents/:id/files/:fileId', portal, async (req, res) => sendFile(res, await this.service.download(userOf(req), String(req.params.id), String(req.params.fileId))));
    r.get('/uploads', portal, async (req, res) => {
      const permissions = await this.service.uploadPermissionsOf(userOf(req));
      const items = await Promise.all(permissions.map(async (p) => {
        const category = await this.catalog.category(p.ctgryNo);
        return { ctgryNo: p.ctgryNo, name: category.name, fields: category.fields.map((f) => ({ fieldNo: f.fieldNo, name: f.name, type: f.type, choices: f.choices, required: f.required })), values: p.values };
      }));
      res.json({ items, maxFileBytes: this.config.maxFileBytes, maxFiles: this.config.maxFiles, allowedTypes: this.config.allowedTypes });
    });
    r.post('/categories/:ctgryNo/documents', portal, async (req, res) => {
      const user = userOf(req);
      const ctgryNo = no(req.params.ctgryNo);
      const { fields, files } = await readMultipart(req, this.config);
      const indexData = indexDataField(fields);
      for (const [k, v] of Object.entries(fields)) {
        const m = /^index\.(\d{1,10})$/.exec(k);
        if (m) indexData[m[1]!] = v;
      }
      const requestId = requestIdOf(req);
      res.status(201).json(await this.service.uploadAsPortalUser(user, ctgryNo, indexData, files, requestId));
    });

    // JSON answers only, before the portal pages' HTML 404 and error pages can see the request.
    r.use((req, res) => void res.status(404).json({ error: { code: 'not_found', message: `No route ${req.method} ${req.originalUrl}` } }));
    r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return;
      const requestId = requestIdOf(req);
      if (err instanceof ZodError) err = new ValidationError(err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
      const client = clientErrorOf(err);
      if (client) {
        return void res.status(client.status).json({ error: { code: client.code, message: client.message, ...(err instanceof ValidationError ? { fields: err.fields } : {}), ...(err instanceof PorticoError && err.details !== undefined ? { details: err.details } : {}), requestId } });
      }
      (req as { log?: { error(o: unknown, m: string): void } }).log?.error({ err }, 'documents portal api error');
      res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong on our side. Quote this request id when reporting it.', requestId } });
    });
    return r;
  }
}
