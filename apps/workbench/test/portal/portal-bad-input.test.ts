/**
 * Bad input never breaks the portals: every route outside /api (the portals' pages and forms,
 * walked from the Express app, so a portal added later is covered without editing this file) is
 * sent hostile path parameters, query strings and bodies — broken forms, repeated fields, JSON
 * where a form is expected, broken multipart uploads. The senders are signed in with a valid CSRF
 * token and a record of their own, so the handlers' own checks are reached: an applicant with an
 * application; for the Inspector Portal's routes an inspector with an inspection assigned; for the
 * Licensee Portal's a license holder whose license is due for renewal; for the Document Portal's
 * (pages and API) a user with a search and an upload category of their own (both numbered 10).
 * Every answer must be below 500. (The /api routes have their own sweep in
 * test/security/bad-input.test.ts.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listRoutes, type DeclaredRoute } from '@portico/access';
import { BAD_PARAMS, routeLabel as label } from '../hostile-input';
import { createInspector, createLicensee, INSPECTIONS, INSPECTOR, scheduleInspection, type Inspector } from '../inspector/inspector-fixtures';
import { createLicenseType } from '../licensing/licensing-fixtures';
import { APPLICANT, createActiveUser, portalSignIn, startPortalWorkbench, type FormClient, type PageResponse, type PortalAccount, type PortalHarness } from './portal-fixtures';

let p: PortalHarness;
let routes: DeclaredRoute[];
let applicant: PortalAccount;
/** An application the applicant owns: a real id for the first `:param`, so existence checks pass. */
let applicationId: string;
let inspector: Inspector;
/** An inspection assigned to `inspector`. */
let inspectionId: string;
const LICENSEE = '/portal/licensee';
/** A portal user holding a license that is due for renewal, and that license. */
let licensee: PortalAccount;
let licenseId: string;
const DOCUMENTS = '/portal/documents';
const DOCUMENTS_API = '/portal/api/documents';
/** A portal user given search 10 and upload category 10 of the Document Portal. */
let documentsUser: PortalAccount;

const BAD_QUERY = '?portal=%00&token=%ZZ&returnTo=%2F%2Fevil.example&q=%27&page=-1&limit=abc&signed-out[]=1&step=__proto__';

/** Form fields with hostile values (repeated keys become arrays in the parsed body). */
function hostileForm(csrf: string): string {
  const f = new URLSearchParams({ _csrf: csrf });
  for (const name of ['identifier', 'email', 'password', 'confirm', 'token', 'portal', 'name', 'title', 'notes', 'licenseType', 'category', 'result', 'outcome', 'findings', 'decision']) {
    f.append(name, 'a');
    f.append(name, '\u0000<script>x</script>');
  }
  f.append('__proto__[polluted]', '1');
  f.append('password', 'x'.repeat(5000));
  return f.toString();
}

function bodies(csrf: string): Array<{ what: string; type: string; body: string }> {
  const boundary = '----portico-bad-input';
  return [
    { what: 'hostile form fields', type: 'application/x-www-form-urlencoded', body: hostileForm(csrf) },
    { what: 'a broken form', type: 'application/x-www-form-urlencoded', body: `_csrf=${encodeURIComponent(csrf)}&%E0%A4%A=%&==&a` },
    { what: 'JSON instead of a form', type: 'application/json', body: JSON.stringify({ _csrf: csrf, identifier: {}, password: [1], email: null }) },
    { what: 'malformed JSON', type: 'application/json', body: '{"_csrf": ' },
    { what: 'multipart without a boundary', type: 'multipart/form-data', body: 'garbage' },
    { what: 'a truncated multipart body', type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc` },
    { what: 'a multipart file with a hostile name', type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd\u0000.pdf"\r\nContent-Type: text/html\r\n\r\n<html></html>\r\n--${boundary}--\r\n` },
    { what: 'an oversized form', type: 'application/x-www-form-urlencoded', body: `_csrf=${encodeURIComponent(csrf)}&notes=${'x'.repeat(3_000_000)}` },
  ];
}

/** A pattern with its values in place as a path: optional `{…}` parts kept, no `//` (a host to fetch). */
const concrete = (path: string) => path.replace(/[{}]/g, '').replace(/\/{2,}/g, '/');

/** Sends a raw request with the client's cookies and CSRF header; the status. */
async function send(client: FormClient, method: string, path: string, body?: { type: string; body: string }): Promise<{ status: number; text: string }> {
  const headers = new Headers({ accept: 'text/html' });
  if (client.cookies.size) headers.set('cookie', [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  if (client.csrf) headers.set('x-csrf-token', client.csrf);
  if (body) headers.set('content-type', body.type);
  try {
    const res = await fetch(new URL(path, p.h.url), { method, headers, body: body?.body ?? null, redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    // The server may answer a body it will not read (413) and close the connection while the
    // client is still sending it: fetch then fails without a status. Not a server error.
    return { status: 0, text: String((err as Error & { cause?: unknown }).cause ?? err) };
  }
}

test.before(async () => {
  p = await startPortalWorkbench();
  routes = listRoutes(p.h.running.workbench.app!)
    .filter((r) => !r.path.startsWith('/api/'))
    // Sign-in forms last: their hostile posts count against this address's throttle.
    .sort((a, b) => Number(/sign-in|forgot|activate/.test(a.path)) - Number(/sign-in|forgot|activate/.test(b.path)) || label(a).localeCompare(label(b)));
  applicant = await createActiveUser(p);
  const { client } = await portalSignIn(p.h.url, applicant.email, applicant.password);
  const list = await client.get(`${APPLICANT}/applications`);
  assert.is(list.status, 200);
  const created = await client.request(`${APPLICANT}/applications/new`, { form: { licenseType: /name="licenseType" value="([^"]+)"/.exec(list.text)?.[1] ?? '' } });
  applicationId = /\/applications\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] ?? '';
  inspector = await createInspector(p);
  inspectionId = (await scheduleInspection(p.admin, await createLicensee(p.admin), inspector.id)).id;
  licensee = await createActiveUser(p);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const person = await p.admin.post('/api/entities/lic_person/records', { firstName: 'Sam', lastName: 'Sweep', email: licensee.email, portalUserId: licensee.id });
  assert.is(person.status, 201, 'licensee person');
  const typeId = (await createLicenseType(p.admin)).id;
  const license = await p.admin.post('/api/entities/lic_license/records', { licenseTypeId: typeId, personId: ((await person.json()) as { id: string }).id, status: 'active', issuedOn: day(-700), expiresOn: day(30) });
  assert.is(license.status, 201, 'license');
  licenseId = ((await license.json()) as { id: string }).id;
  documentsUser = await createActiveUser(p);
  const staffPut = async (path: string, json: unknown) => assert.is((await p.admin.request(`/api/documents${path}`, { method: 'PUT', json })).status, 200, path);
  await staffPut('/categories/10', { name: 'Sweep letters', fields: [{ fieldNo: 1010, name: 'Company', type: 'text' }] });
  await staffPut('/searches/10', { ctgryNo: 10, name: 'Sweep search', columns: [1010] });
  await staffPut(`/users/${documentsUser.id}/assignments`, { assignments: [{ queryNo: 10, conditions: [{ fieldNo: 1010, filter: 'Sweep' }] }] });
  await staffPut(`/users/${documentsUser.id}/upload-permissions`, { permissions: [{ ctgryNo: 10, values: [{ fieldNo: 1010, value: 'Sweep', mode: 'readonly' }] }] });
});

test.after(async () => {
  await p?.stop();
});

/** Someone signed in to one portal, with a record of their own whose id makes existence checks pass. */
interface Persona {
  name: string;
  /** A new client signed in to the persona's portal, holding a CSRF token. */
  signIn(): Promise<FormClient>;
  /** The id of the persona's own record (an application, an inspection). */
  ownId: string;
}

/**
 * A persona that signs in to the portal at `base` as `account`, then opens `landing` (a page with a
 * form, for the session's CSRF token), which must pass `seesOwnRecord`.
 */
function persona(name: string, account: { email: string; password: string }, base: string, ownId: string, landing: string, seesOwnRecord: (page: PageResponse) => boolean): Persona {
  return {
    name,
    ownId,
    async signIn() {
      const { client } = await portalSignIn(p.h.url, account.email, account.password, base);
      assert.ok(seesOwnRecord(await client.get(landing)), `${name} is signed in and sees their own record at ${landing}`);
      return client;
    },
  };
}

/** Sends every hostile variant to `route` as `persona`; the problems found and the number of requests. */
async function sweep(route: DeclaredRoute, persona: Persona): Promise<{ problems: string[]; requests: number }> {
  const problems: string[] = [];
  let requests = 0;
  // A fresh, signed-in session per route (some routes end or replace it), with its CSRF token.
  const client = await persona.signIn();
  const check = (what: string, r: { status: number; text: string }) => {
    requests++;
    const where = `${label(route)} as ${persona.name} with ${what}`;
    if (r.status === 0 && what !== 'an oversized form') problems.push(`${where}: no answer (${r.text})`);
    if (r.status >= 500) problems.push(`${where} → ${r.status}: ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
  };
  const params = route.path.match(/[:*]\w+/g) ?? [];
  const paths: Array<[string, string]> = params.length
    ? BAD_PARAMS.flatMap((bad): Array<[string, string]> => {
        const all = route.path.replace(/[:*]\w+/g, bad);
        // The first parameter the persona's own record, the rest hostile.
        const owned = params.length > 1 ? [[`their own id then ${bad.slice(0, 20)}`, route.path.replace(/[:*]\w+/, persona.ownId).replace(/[:*]\w+/g, bad)] as [string, string]] : [];
        return [[`parameter ${bad.slice(0, 20)}`, all], ...owned];
      })
    : [['its path', route.path]];
  const method = route.method === '_ALL' ? 'GET' : route.method;
  for (const [what, path] of paths) check(what, await send(client, method, concrete(path)));
  const plain = concrete(route.path.replace(/[:*]\w+/g, persona.ownId));
  check('a hostile query', await send(client, method, plain + BAD_QUERY));
  if (method === 'POST') for (const body of bodies(client.csrf ?? '')) check(body.what, await send(client, method, plain, body));
  return { problems, requests };
}

test('every portal route answers hostile paths, queries and bodies below 500', async () => {
  assert.ok(applicationId, 'the applicant could not start an application');
  assert.ok(inspectionId, 'no inspection was scheduled');
  const applicantPersona = persona('an applicant', applicant, APPLICANT, applicationId, APPLICANT, (page) => page.status === 200); // a page with a form: the session's CSRF token
  const inspectorPersona = persona('an inspector', inspector, INSPECTOR, inspectionId, `${INSPECTIONS}/${inspectionId}`, (page) => page.status === 200);
  const licenseePersona = persona('a licensee', licensee, LICENSEE, licenseId, LICENSEE, (page) => page.status === 200 && page.text.includes(licenseId));
  // Search 10 and upload category 10: the one id opens both, so the upload handlers read the body.
  const documentsPersona = persona('a Document Portal user', documentsUser, DOCUMENTS, '10', `${DOCUMENTS}/upload?category=10`, (page) => page.status === 200 && page.text.includes('Sweep letters') && page.text.includes('enctype="multipart/form-data"'));
  const problems: string[] = [];
  let requests = 0;
  for (const route of routes) {
    // The Inspector, Licensee and Document Portals' routes as their users, every other route as the applicant.
    const persona = route.path.startsWith(INSPECTOR) ? inspectorPersona : route.path.startsWith(LICENSEE) ? licenseePersona
      : route.path.startsWith(DOCUMENTS) || route.path.startsWith(DOCUMENTS_API) ? documentsPersona : applicantPersona;
    const result = await sweep(route, persona);
    problems.push(...result.problems);
    requests += result.requests;
  }
  assert.ok(routes.length > 30, `only ${routes.length} routes found`);
  assert.ok(routes.filter((r) => r.path.startsWith(INSPECTOR)).length > 3, 'the Inspector Portal is not mounted');
  assert.ok(routes.filter((r) => r.path.startsWith(LICENSEE)).length > 3, 'the Licensee Portal is not mounted');
  assert.ok(routes.filter((r) => r.path.startsWith(DOCUMENTS)).length > 3, 'the Document Portal is not mounted');
  assert.ok(requests > routes.length * 3, `only ${requests} requests sent`);
  assert.equal(problems, [], `${problems.length} answers broke the rule:\n${problems.join('\n')}`);
});

test('a broken address gets the portal\'s own 400 page, its message one sentence', async () => {
  const client = await persona('an applicant', applicant, APPLICANT, applicationId, APPLICANT, (page) => page.status === 200).signIn();
  const res = await send(client, 'GET', `${APPLICANT}/applications/%E0%A4%A`);
  assert.is(res.status, 400);
  assert.match(res.text, 'Something is not right');
  assert.match(res.text, /<p>[^<]*[^.]\. Go back and try again/, 'the message, then the page\'s sentence');
  assert.not.match(res.text, '.. Go back', 'no doubled full stop');
});

test.run();
