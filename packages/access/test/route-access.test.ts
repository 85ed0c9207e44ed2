import type { AddressInfo } from 'node:net';
import express, { Router, type ErrorRequestHandler } from 'express';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PorticoError } from '@portico/core';
import { PrivilegeSet, guard, listRoutes, type Principal } from '../src/index';

function buildApp(principal?: Principal) {
  const app = express();
  app.use((req, _res, next) => {
    if (principal) req.principal = principal;
    next();
  });
  const records = Router();
  records.get('/', guard({ privilege: 'entity.case.read' }), (_req, res) => void res.json({ ok: true }));
  records.post('/', guard({ privilege: ['entity.case.read', 'entity.case.create'] }), (_req, res) => void res.status(201).json({ ok: true }));
  const admin = Router();
  admin.use(guard({ privilege: 'module.security' }));
  admin.get('/settings', (_req, res) => void res.json({ ok: true }));
  const open = Router();
  open.get('/ping', guard({ public: true }), (_req, res) => void res.json({ ok: true }));
  open.get('/forgotten', (_req, res) => void res.json({ ok: true }));
  app.use('/api/cases', records);
  app.use('/api/admin', admin);
  app.use('/api/open', open);
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    res.status(err instanceof PorticoError ? err.status : 500).json({ error: { code: err.code } });
  };
  app.use(onError);
  return app;
}

async function call(principal: Principal | undefined, method: string, path: string): Promise<number> {
  const server = buildApp(principal).listen(0);
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { method });
    return res.status;
  } finally {
    server.close();
  }
}

const staff = (privileges: string[]): Principal => ({
  kind: 'staff', id: 's1', displayName: 'S', privileges: new PrivilegeSet(privileges.map((privilege) => ({ privilege, scope: 'all' as const }))),
});

test('anonymous → 401, signed in without the privilege → 403, with it → success', async () => {
  assert.is(await call(undefined, 'GET', '/api/cases'), 401);
  assert.is(await call(staff([]), 'GET', '/api/cases'), 403);
  assert.is(await call(staff(['entity.case.read']), 'GET', '/api/cases'), 200);
  assert.is(await call(staff(['entity.case.read']), 'POST', '/api/cases'), 403, 'an array needs every privilege');
  assert.is(await call(staff(['entity.case.read', 'entity.case.create']), 'POST', '/api/cases'), 201);
  assert.is(await call(undefined, 'GET', '/api/admin/settings'), 401, 'router-level guard');
  assert.is(await call(staff(['module.security']), 'GET', '/api/admin/settings'), 200);
});

test('a portal user is refused staff routes even with the same privilege name', async () => {
  const portal: Principal = { ...staff(['entity.case.read']), kind: 'portal' };
  assert.is(await call(portal, 'GET', '/api/cases'), 403);
});

test('listRoutes finds every route of mounted routers with its declared access', () => {
  const routes = listRoutes(buildApp());
  const byKey = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.access]));
  assert.equal(byKey['GET /api/cases'], { privilege: 'entity.case.read' });
  assert.equal(byKey['POST /api/cases'], { privilege: ['entity.case.read', 'entity.case.create'] });
  assert.equal(byKey['GET /api/admin/settings'], { privilege: 'module.security' });
  assert.equal(byKey['GET /api/open/ping'], { public: true });
  assert.ok('GET /api/open/forgotten' in byKey);
  assert.is(byKey['GET /api/open/forgotten'], undefined, 'a route without a guard is reported as undeclared');
});

test.run();
