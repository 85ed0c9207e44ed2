/**
 * The access matrix: every /api route the running workbench has registered (found by walking
 * the Express app, so a route added later by any plugin is covered without editing this file)
 * declares its access, and the server enforces it:
 * - `{ privilege }`: anonymous → 401; staff without it → 403; staff holding exactly it → neither;
 * - `{ signedIn }`: anonymous → 401; a signed-in principal of an allowed kind → neither;
 * - `{ public }`: anonymous → neither 401 nor 403;
 * and every refusal uses the one JSON error shape `{ error: { code, message } }`.
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { guard, listRoutes, type DeclaredRoute, type RouteAccess } from '@portico/access';
import { TestClient } from '../http-client';
import { assertErrorShape, createFirstAdmin, createGroup, createStaffUser, signedInClient, startSecurityWorkbench, type SecurityHarness, type Staff } from './fixtures';

let h: SecurityHarness;
let routes: DeclaredRoute[];
let admin: TestClient;
/** Privilege set key → credentials of a staff user holding exactly those privileges. */
const holders = new Map<string, Staff>();
/** Privilege set key → credentials of a staff user holding every other route privilege. */
const allButThese = new Map<string, Staff>();
let nobody: Staff; // a staff user in no group

const privilegesOf = (access: RouteAccess): string[] =>
  'privilege' in access ? [...(typeof access.privilege === 'string' ? [access.privilege] : access.privilege)].sort() : [];
const keyOf = (privileges: string[]) => privileges.join(' + ');
const label = (r: DeclaredRoute) => `${r.method} ${r.path}`;

/** A concrete URL for a route pattern: `:params` become random UUIDs, `*wildcards` a segment, `{optional}` parts kept. */
function concretePath(pattern: string): string {
  return pattern
    .replace(/:(\w+)/g, () => randomUUID())
    .replace(/\*(\w+)/g, 'x')
    .replace(/[{}]/g, '');
}

/** Sends the route's request as `client` (`{}` body on writes, the client's CSRF token included). */
async function call(client: TestClient, route: DeclaredRoute): Promise<{ status: number; body: unknown }> {
  const method = route.method === '_ALL' ? 'GET' : route.method;
  const init: RequestInit & { json?: unknown } = { method };
  if (!['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method)) init.json = {};
  const res = await client.request(concretePath(route.path), init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: the shape check below reports it */
  }
  return { status: res.status, body };
}

test.before(async () => {
  h = await startSecurityWorkbench();
  const app = h.running.workbench.app;
  assert.ok(app, 'workbench.app is not set after listen()');
  routes = listRoutes(app)
    .filter((r) => r.path === '/api' || r.path.startsWith('/api/'))
    .sort((a, b) => label(a).localeCompare(label(b)));

  const first = await createFirstAdmin(h.running);
  admin = await signedInClient(h.url, first);

  const sets = new Map<string, string[]>();
  for (const r of routes) if (r.access && 'privilege' in r.access) sets.set(keyOf(privilegesOf(r.access)), privilegesOf(r.access));
  const everyPrivilege = [...new Set([...sets.values()].flat())].sort();
  for (const [key, privileges] of sets) {
    const own = await createGroup(admin, privileges);
    holders.set(key, await createStaffUser(admin, { groupIds: [own.id] }));
    const others = everyPrivilege.filter((p) => !privileges.includes(p));
    const rest = others.length ? [(await createGroup(admin, others)).id] : [];
    allButThese.set(key, await createStaffUser(admin, { groupIds: rest }));
  }
  nobody = await createStaffUser(admin);
});

test.after(async () => {
  await h?.stop();
});

test('the route walk sees the whole API, and would notice a route without a guard', () => {
  const seen = new Set(routes.map(label));
  for (const expected of ['GET /api/shell/session', 'GET /api/shell/navigation', 'POST /api/security/sign-in', 'GET /api/security/staff-users/:id', 'DELETE /api/security/groups/:id', 'GET /api/entities/:entity/records', 'POST /api/portal/users/:id/notify']) {
    assert.ok(seen.has(expected), `listRoutes did not find ${expected}; found: ${[...seen].join(', ')}`);
  }
  // The detector itself: an unguarded route on a router mounted like a plugin's is reported without access.
  const probe = express();
  const r = Router();
  r.get('/guarded', guard({ public: true }), (_req, res) => void res.end());
  r.get('/naked', (_req, res) => void res.end());
  probe.use('/api/probe', r);
  const found = listRoutes(probe);
  assert.equal(found.find((x) => x.path === '/api/probe/naked')?.access, undefined);
  assert.equal(found.find((x) => x.path === '/api/probe/guarded')?.access, { public: true });
});

test('every /api route declares its access', () => {
  const undeclared = routes.filter((r) => !r.access).map(label);
  assert.equal(undeclared, [], `routes without guard(): ${undeclared.join(', ')}`);
});

test('privilege routes: anonymous → 401, staff without the privilege → 403, staff holding exactly it → allowed', async () => {
  const problems: string[] = [];
  const anonymous = new TestClient(h.url);
  const none = await signedInClient(h.url, nobody);
  let checked = 0;
  for (const route of routes) {
    if (!route.access || !('privilege' in route.access)) continue;
    checked++;
    const key = keyOf(privilegesOf(route.access));
    const staffAllowed = (route.access.kinds ?? ['staff', 'api']).includes('staff');

    const anon = await call(anonymous, route);
    if (anon.status !== 401) problems.push(`${label(route)} anonymous → ${anon.status}, expected 401`);

    const bare = await call(none, route);
    if (bare.status !== 403) problems.push(`${label(route)} staff with no privilege → ${bare.status}, expected 403`);

    const others = await call(await signedInClient(h.url, allButThese.get(key)!), route);
    if (others.status !== 403) problems.push(`${label(route)} staff with every other route privilege but not ${key} → ${others.status}, expected 403`);

    const holder = await call(await signedInClient(h.url, holders.get(key)!), route);
    if (staffAllowed) {
      if (holder.status === 401 || holder.status === 403) problems.push(`${label(route)} staff holding exactly ${key} → ${holder.status}`);
      if (holder.status >= 500) problems.push(`${label(route)} staff holding ${key} → ${holder.status} (server error): ${JSON.stringify(holder.body)}`);
    } else if (holder.status !== 403) {
      problems.push(`${label(route)} is for ${route.access.kinds?.join('/')} only, staff holding ${key} → ${holder.status}, expected 403`);
    }
  }
  assert.ok(checked >= 9, `only ${checked} privilege routes found`);
  assert.equal(problems, [], problems.join('\n'));
});

test('signed-in routes: anonymous → 401, a signed-in principal of an allowed kind → allowed', async () => {
  const problems: string[] = [];
  const anonymous = new TestClient(h.url);
  let checked = 0;
  for (const route of routes) {
    if (!route.access || !('signedIn' in route.access)) continue;
    checked++;
    const anon = await call(anonymous, route);
    if (anon.status !== 401) problems.push(`${label(route)} anonymous → ${anon.status}, expected 401`);
    if (route.access.signedIn.includes('staff')) {
      const staff = await call(await signedInClient(h.url, nobody), route); // fresh session: the route may end it (sign-out)
      if (staff.status === 401 || staff.status === 403 || staff.status >= 500) problems.push(`${label(route)} signed-in staff → ${staff.status}`);
    }
  }
  assert.ok(checked >= 1, 'no signed-in route found (POST /api/security/sign-out is one)');
  assert.equal(problems, [], problems.join('\n'));
});

test('public routes: anonymous is neither 401 nor 403', async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const route of routes) {
    if (!route.access || !('public' in route.access)) continue;
    checked++;
    const anon = await call(new TestClient(h.url), route);
    if (anon.status === 401 || anon.status === 403 || anon.status >= 500) problems.push(`${label(route)} anonymous → ${anon.status}: ${JSON.stringify(anon.body)}`);
  }
  assert.ok(checked >= 4, `only ${checked} public routes found`);
  assert.equal(problems, [], problems.join('\n'));
});

test('every refusal and error answer of every route is { error: { code, message } }', async () => {
  const anonymous = new TestClient(h.url);
  const none = await signedInClient(h.url, nobody);
  let errors = 0;
  for (const route of routes) {
    for (const [who, client] of [['anonymous', anonymous], ['staff without privileges', none]] as const) {
      if (route.access && 'signedIn' in route.access && who !== 'anonymous') continue; // may sign the client out
      const { status, body } = await call(client, route);
      if (status < 400) continue;
      errors++;
      assertErrorShape(body, `${label(route)} as ${who} → ${status}`);
      if (status === 401) assert.is(body.error.code, 'unauthorized', `${label(route)} 401 code`);
      if (status === 403) assert.is(body.error.code, 'forbidden', `${label(route)} 403 code`);
    }
  }
  assert.ok(errors >= 10, `only ${errors} error answers seen`);
  // An unknown API path and a write without the CSRF token use the same shape.
  const unknown = await anonymous.get(`/api/security/${randomUUID()}/nothing`);
  assert.is(unknown.status, 404);
  assertErrorShape(await unknown.json(), 'unknown /api path');
  const forged = await none.request('/api/security/groups', { method: 'POST', json: {}, noCsrf: true });
  assert.is(forged.status, 403);
  const forgedBody = await forged.json();
  assertErrorShape(forgedBody, 'write without CSRF token');
  assert.is(forgedBody.error.code, 'csrf_failed');
});

test.run();
