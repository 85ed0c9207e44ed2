/**
 * Bad input never breaks the server: every /api route the running workbench has registered
 * (walked from the Express app, so a route added later by any plugin is covered without editing
 * this file) is sent hostile path parameters, query strings and bodies by a System Administrator,
 * who passes every privilege check and so reaches the handlers' own validation. Each answer must
 * be below 500 and, when it refuses, use the one JSON error shape `{ error: { code, message } }`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listRoutes, type DeclaredRoute } from '@portico/access';
import { BAD_PARAMS, routeLabel as label } from '../hostile-input';
import { TestClient } from '../http-client';
import { assertErrorShape, createFirstAdmin, signedInClient, startSecurityWorkbench, type SecurityHarness, type Staff } from './fixtures';

let h: SecurityHarness;
let routes: DeclaredRoute[];
let admin: Staff;

/** A query string with wrong types, broken escapes and prototype keys. */
const BAD_QUERY = '?limit=abc&offset=-1&q=%00&keyword=%ZZ&cursor=!!!&sort=%27&order=sideways&page[]=1&filter[__proto__][x]=1&before=tomorrow';

/** Nested 2,000 levels deep. */
const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;

/** Bodies for writes: raw text with its content type. */
const BAD_BODIES: Array<{ what: string; type: string; body: string }> = [
  { what: 'malformed JSON', type: 'application/json', body: '{"email": ' },
  { what: 'an array', type: 'application/json', body: '[]' },
  { what: 'a string', type: 'application/json', body: '"text"' },
  { what: 'a number', type: 'application/json', body: '123' },
  { what: 'null', type: 'application/json', body: 'null' },
  {
    what: 'wrong types',
    type: 'application/json',
    body: JSON.stringify({ email: {}, name: [1], password: 5, id: 'x', ids: 'x', groupIds: 'x', disabled: 'maybe', version: -1, token: 1, records: {}, fields: 7, values: 'x', privileges: [{}], conditions: 3, items: [null] }),
  },
  { what: 'prototype keys', type: 'application/json', body: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
  { what: 'deep nesting', type: 'application/json', body: deep },
  { what: 'a plain-text body', type: 'text/plain', body: 'email=x' },
  { what: 'a form body', type: 'application/x-www-form-urlencoded', body: 'email[$ne]=1&name[]=a&name[]=b' },
  { what: 'an oversized body', type: 'application/json', body: JSON.stringify({ name: 'x'.repeat(3_000_000) }) },
];

function concretePath(pattern: string, param: string): string {
  return pattern
    .replace(/:(\w+)/g, () => param)
    .replace(/\*(\w+)/g, param)
    .replace(/[{}]/g, '');
}

async function send(client: TestClient, method: string, path: string, body?: { type: string; body: string }): Promise<{ status: number; body: unknown }> {
  const res = await client.request(path, { method, ...(body ? { body: body.body, headers: { 'content-type': body.type } } : {}) });
  const text = await res.text();
  try {
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: res.status, body: text };
  }
}

test.before(async () => {
  h = await startSecurityWorkbench();
  routes = listRoutes(h.running.workbench.app!)
    .filter((r) => r.path === '/api' || r.path.startsWith('/api/'))
    .sort((a, b) => label(a).localeCompare(label(b)));
  admin = await createFirstAdmin(h.running);
});

test.after(async () => {
  await h?.stop();
});

test('every /api route answers hostile paths, queries and bodies below 500, refusing in the error shape', async () => {
  const problems: string[] = [];
  let requests = 0;
  for (const route of routes) {
    // A fresh session per route: some routes end it (sign-out) or replace it (sign-in).
    const client = await signedInClient(h.url, admin);
    const method = route.method === '_ALL' ? 'GET' : route.method;
    const check = (what: string, r: { status: number; body: unknown }) => {
      requests++;
      if (r.status >= 500) problems.push(`${label(route)} with ${what} → ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      else if (r.status >= 400) {
        try {
          assertErrorShape(r.body, `${label(route)} with ${what}`);
        } catch (e) {
          problems.push((e as Error).message.slice(0, 400));
        }
      }
    };
    const paths = route.path.includes(':') || route.path.includes('*') ? BAD_PARAMS.map((p) => [`parameter ${p.slice(0, 30)}`, concretePath(route.path, p)] as const) : [['its path', route.path] as const];
    for (const [what, path] of paths) check(what, await send(client, method, path));
    const plain = concretePath(route.path, '00000000-0000-4000-8000-000000000000');
    check('a hostile query', await send(client, method, plain + BAD_QUERY));
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      for (const body of BAD_BODIES) check(body.what, await send(client, method, plain, body));
    }
  }
  assert.ok(routes.length > 40, `only ${routes.length} routes found`);
  assert.ok(requests > routes.length * 3, `only ${requests} requests sent`);
  assert.equal(problems, [], `${problems.length} answers broke the rules:\n${problems.join('\n')}`);
});

test.run();
