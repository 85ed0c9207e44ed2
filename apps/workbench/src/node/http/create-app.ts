import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { PluginError, type Logger, type MigrationContribution, type NavContribution, type PageContribution, type RouteContribution } from '@portico/core';
import type { DatabaseHandle } from '@portico/db';
import type { PrincipalResolver } from '@portico/access';
import { createCsrfProtection, createSessionMiddleware, VisitorCsrf, type SessionStore } from '@portico/auth';
import { principalMiddleware } from './principal-middleware';
import type { HostConfig } from '../config';
import { apiNotFound, errorHandler } from './error-handler';
import { healthRoutes } from './health-routes';
import { shellRoutes } from './shell-routes';

export interface AppParts {
  config: HostConfig;
  logger: Logger;
  db: DatabaseHandle;
  routes: readonly RouteContribution[];
  /** Server-rendered pages outside /api (portals), mounted before the SPA fallback. */
  pages?: readonly PageContribution[];
  migrations: readonly MigrationContribution[];
  nav: readonly NavContribution[];
  principals: readonly PrincipalResolver[];
  sessionStore: SessionStore;
  sessionSecrets: string[];
  /** Folder of the built browser shell; absent folder = API only. */
  staticDir: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The Express application: security headers, request ids and logs, body limits, health
 * probes, the shell's API, each plugin's router under `/api/<path>`, the built shell with
 * an SPA fallback, and one error handler.
 */
export async function createApp(parts: AppParts): Promise<Express> {
  const { config, logger } = parts;
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);

  const requestId = (req: IncomingMessage, res: ServerResponse): string => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  if (logger.isLevelEnabled('info')) {
    app.use(pinoHttp({ logger, genReqId: requestId, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' } }));
  } else {
    // No request log would be written at this level (LOG_LEVEL=warn and above): only the request
    // id and `req.log` (with it, for error logs), without pino-http's per-request child logger
    // and serialisers (~0.14 ms of CPU per request, measured with the sign-in benchmark).
    app.use((req, res, next) => {
      const id = requestId(req, res);
      Object.assign(req, { id });
      Object.defineProperty(req, 'log', { get: () => logger.child({ reqId: id }), configurable: true });
      next();
    });
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      // The embedded default runs on plain http://localhost; HSTS is the proxy's job.
      strictTransportSecurity: config.publicUrl.startsWith('https://'),
    }),
  );
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit }));

  app.use(healthRoutes(parts.db, parts.migrations));

  // Every API request: the workbench session, who is signed in, CSRF check on writes. Visitors
  // who have not signed in get a signed cookie token instead of a session: the sign-in page
  // costs no session row, and a session is written only at sign-in.
  const secure = config.publicUrl.startsWith('https://');
  // The session read also loads the signed-in principal (one round trip, not two), for every
  // kind whose resolver offers a sessionQuery.
  const sessionStore = parts.sessionStore.withCompanions(
    parts.principals.flatMap((r) => (r.sessionQuery ? [{ kind: r.kind, select: r.sessionQuery.select }] : [])),
  );
  app.use(
    '/api',
    createSessionMiddleware({
      store: sessionStore,
      cookieName: secure ? '__Host-portico.sid' : 'portico.sid',
      secret: parts.sessionSecrets,
      secure,
      idleMinutes: config.sessionIdleMinutes,
      absoluteHours: config.sessionAbsoluteHours,
    }),
    principalMiddleware(parts.principals, (sid) => sessionStore.takeCompanionRows(sid)),
    createCsrfProtection({
      visitor: new VisitorCsrf({
        secret: parts.sessionSecrets,
        cookieName: secure ? '__Host-portico.csrf' : 'portico.csrf',
        secure,
        maxAgeHours: config.sessionAbsoluteHours,
      }),
    }),
  );
  app.use('/api/shell', shellRoutes(parts.nav));

  const mounted = new Set<string>(['shell']);
  for (const route of parts.routes) {
    const path = route.path.replace(/^\/+|\/+$/g, '');
    if (!/^[a-z0-9][a-z0-9/-]*$/.test(path)) throw new PluginError(path || '(empty)', `route path "${route.path}" is not a valid /api sub-path`);
    if (mounted.has(path)) throw new PluginError(path, `two route contributions claim /api/${path}`);
    mounted.add(path);
    app.use(`/api/${path}`, await route.createRouter());
  }
  app.use('/api', apiNotFound);

  // Server-rendered pages (the public portals): each brings its own session and CSRF handling.
  // Longest base path first, so that `/portal/api/documents` is reached before `/portal` (whose
  // router answers every path below it, if only with its 404 page).
  const pageBases = new Set<string>();
  const pages: Array<{ base: string; page: PageContribution }> = [];
  for (const page of parts.pages ?? []) {
    const base = `/${page.basePath.replace(/^\/+|\/+$/g, '')}`;
    if (!/^\/[a-z0-9][a-z0-9/-]*$/.test(base) || /^\/(api|assets)(\/|$)/.test(base)) {
      throw new PluginError(base, `page base path "${page.basePath}" is not valid (not /, /api or /assets)`);
    }
    if (pageBases.has(base)) throw new PluginError(base, `two page contributions claim ${base}`);
    pageBases.add(base);
    pages.push({ base, page });
  }
  const segments = (base: string) => base.split('/').length;
  for (const { base, page } of pages.sort((a, b) => segments(b.base) - segments(a.base))) {
    app.use(base, await page.createRouter({ sessionSecrets: parts.sessionSecrets, secureCookies: secure }));
  }

  if (existsSync(join(parts.staticDir, 'index.html'))) {
    app.use(express.static(parts.staticDir, { index: false, maxAge: '1h', setHeaders: cacheHeaders }));
    // Client-side routes: any other GET that accepts HTML gets the shell.
    app.get('{/*path}', (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(parts.staticDir, 'index.html'));
    });
  } else {
    logger.warn({ staticDir: parts.staticDir }, 'browser shell not built: run `pnpm --filter @portico/workbench build:browser`');
  }
  app.use(errorHandler);
  return app;
}

function cacheHeaders(res: express.Response, path: string): void {
  // Vite puts content hashes in asset names: cache them for a year.
  if (path.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
