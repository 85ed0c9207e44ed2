/**
 * The documents plugin in a running workbench, through HTTP only: staff set up a category, searches
 * and documents (multipart through the real route), assign searches to portal users with
 * ConditionXML and copy a user's settings; a signed-in portal user then uses the portal JSON API
 * at /portal/api/documents and sees exactly the documents inside the conditions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listRoutes } from '@portico/access';
import { assertErrorShape, type ApiError } from '../security/fixtures';
import { DEFAULT_PLUGINS, createActiveUser, createPortalUser, expectStatus, startPortalWorkbench, type FormClient, type PortalAccount, type PortalHarness } from '../portal/portal-fixtures';
import { TestClient } from '../http-client';

const API = '/api/documents';
const PORTAL_API = '/portal/api/documents';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body>not a pdf</body></html>');
const COMPANY = 1020, DATE = 1030, AMOUNT = 1040;
const CONDITIONS = `<?xml version="1.0" encoding="UTF-8"?>
<Conds>
  <C><FieldNo>${COMPANY}</FieldNo><Filter>Moya River Trading</Filter></C>
  <C><FieldNo>${DATE}</FieldNo><Filter>2018-02-01..2018-02-28</Filter></C>
</Conds>`;

let p: PortalHarness;
let alice: PortalAccount & { client: FormClient };
let bob: PortalAccount & { client: FormClient };
const docs: Record<string, { id: string; files: Array<{ id: string; name: string; contentType: string; size: number }> }> = {};

function form(indexData: Record<string, unknown>, files: Array<{ name: string; bytes: Buffer; type?: string }>, extra: Record<string, string> = {}): FormData {
  const f = new FormData();
  f.set('indexData', JSON.stringify(indexData));
  for (const [k, v] of Object.entries(extra)) f.set(k, v);
  for (const file of files) f.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/pdf' }), file.name);
  return f;
}

/** A JSON-API call with a portal form client's cookies (and its CSRF token, if given). */
async function portal(client: FormClient | undefined, path: string, init: { method?: string; body?: FormData | string; csrf?: string; cookie?: string } = {}): Promise<Response> {
  const headers = new Headers({ accept: 'application/json' });
  const cookie = init.cookie ?? (client ? [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '');
  if (cookie) headers.set('cookie', cookie);
  if (init.csrf) headers.set('x-csrf-token', init.csrf);
  return fetch(new URL(path, p.h.url), { method: init.method ?? 'GET', headers, body: init.body ?? null, redirect: 'manual' });
}

async function portalCsrf(client: FormClient): Promise<string> {
  const body = await expectStatus<{ csrfToken: string; user: { id: string } }>(await portal(client, `${PORTAL_API}/session`), 200, 'portal session');
  return body.csrfToken;
}

async function expectError(res: Response, status: number, what: string): Promise<ApiError> {
  const body = await expectStatus<ApiError>(res, status, what);
  assertErrorShape(body, what);
  return body;
}

test.before(async () => {
  p = await startPortalWorkbench({ PORTICO_PLUGINS: `${DEFAULT_PLUGINS},@portico/plugin-documents`, DOCUMENTS_MAX_FILE_MB: '0.01' });
  alice = await createActiveUser(p, { displayName: 'Alice Applicant' });
  bob = await createActiveUser(p, { displayName: 'Bob Applicant' });
});

test.after(async () => {
  await p?.stop();
});

test('staff: a category with fields and searches over it', async () => {
  const category = await expectStatus<{ ctgryNo: number; fields: unknown[] }>(await p.admin.request(`${API}/categories/10`, {
    method: 'PUT',
    json: { name: 'Invoices', fields: [{ fieldNo: COMPANY, name: 'Company', type: 'text', required: true }, { fieldNo: DATE, name: 'Invoice Date', type: 'date' }, { fieldNo: AMOUNT, name: 'Amount', type: 'number' }] },
  }), 200, 'put category');
  assert.is(category.fields.length, 3);
  await expectStatus(await p.admin.request(`${API}/categories/11`, { method: 'PUT', json: { name: 'Letters', fields: [{ fieldNo: 1, name: 'Subject', type: 'text' }] } }), 200);
  await expectStatus(await p.admin.request(`${API}/searches/1`, { method: 'PUT', json: { ctgryNo: 10, name: 'My invoices', columns: [COMPANY, DATE, AMOUNT], sort: { fieldNo: DATE, dir: 'asc' } } }), 200, 'put search 1');
  await expectStatus(await p.admin.request(`${API}/searches/2`, { method: 'PUT', json: { ctgryNo: 10, name: 'Amounts', columns: [AMOUNT] } }), 200, 'put search 2');
  const bad = await expectError(await p.admin.request(`${API}/searches/3`, { method: 'PUT', json: { ctgryNo: 10, name: 'Bad', columns: [9999] } }), 400, 'search with unknown column');
  assert.match(JSON.stringify(bad.error.fields), '9999');
  const list = await expectStatus<{ items: Array<{ queryNo: number }> }>(await p.admin.get(`${API}/searches`), 200);
  assert.equal(list.items.map((s) => s.queryNo), [1, 2]);
  await expectError(await p.admin.get(`${API}/categories/12`), 404, 'unknown category');
});

test('staff: upload documents through the multipart route; too large → 413, wrong type → 415', async () => {
  const upload = (name: string, data: Record<string, unknown>, file = { name: `${name}.pdf`, bytes: PDF }) =>
    p.admin.request(`${API}/categories/10/documents`, { method: 'POST', body: form(data, [file]) });
  const rows: Array<[string, Record<string, unknown>]> = [
    ['inside1', { [COMPANY]: 'Moya River Trading', [DATE]: '2018-02-14', [AMOUNT]: '120.5' }],
    ['inside2', { [COMPANY]: 'Moya River Trading', [DATE]: '2018-02-20', [AMOUNT]: 80 }],
    ['laterDate', { [COMPANY]: 'Moya River Trading', [DATE]: '2018-03-01' }],
    ['otherCompany', { [COMPANY]: 'Other Company', [DATE]: '2018-02-10' }],
  ];
  for (const [name, data] of rows) {
    const created = await expectStatus<(typeof docs)[string] & { indexData: Record<string, unknown> }>(await upload(name, data), 201, `upload ${name}`);
    assert.is(created.files[0]!.contentType, 'application/pdf');
    docs[name] = created;
  }
  const numeric = await expectStatus<{ indexData: Record<string, unknown> }>(await upload('numeric', { [COMPANY]: 'X', [AMOUNT]: '7' }), 201);
  assert.is(numeric.indexData[String(AMOUNT)], 7, 'a number field stores a number');

  const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024, 0x20)]);
  const tooLarge = await expectError(await upload('big', { [COMPANY]: 'X' }, { name: 'big.pdf', bytes: big }), 413, 'too large');
  assert.match(tooLarge.error.message, 'big.pdf');
  const wrong = await expectError(await upload('page', { [COMPANY]: 'X' }, { name: 'page.pdf', bytes: HTML }), 415, 'wrong type');
  assert.is(wrong.error.code, 'unsupported_file_type');
  await expectError(await upload('missing', { [DATE]: '2018-02-01' }), 400, 'required field missing');
  await expectError(await p.admin.request(`${API}/categories/10/documents`, { method: 'POST', json: { indexData: {} } }), 400, 'not multipart');
  await expectError(await p.admin.request(`${API}/categories/99/documents`, { method: 'POST', body: form({}, [{ name: 'a.pdf', bytes: PDF }]) }), 404, 'unknown category');
  const forged = await p.admin.request(`${API}/categories/10/documents`, { method: 'POST', body: form({ [COMPANY]: 'X' }, [{ name: 'a.pdf', bytes: PDF }]), noCsrf: true });
  assert.is(forged.status, 403);

  const download = await p.admin.get(`${API}/documents/${docs.inside1!.id}/files/${docs.inside1!.files[0]!.id}`);
  assert.is(download.status, 200);
  assert.is(Buffer.from(await download.arrayBuffer()).toString(), PDF.toString());
});

test('staff: assign searches with ConditionXML (malformed → 400, nothing saved); copy a user', async () => {
  await expectStatus(await p.admin.request(`${API}/users/${alice.id}/assignments`, { method: 'PUT', json: { assignments: [{ queryNo: 1 }] } }), 200, 'assign');
  const xml = (body: string) => p.admin.request(`${API}/users/${alice.id}/assignments/1/conditions.xml`, { method: 'PUT', body, headers: { 'content-type': 'application/xml' } });
  const imported = await expectStatus<{ conditions: unknown[] }>(await xml(CONDITIONS), 200, 'import ConditionXML');
  assert.equal(imported.conditions, [{ fieldNo: COMPANY, filter: 'Moya River Trading' }, { fieldNo: DATE, filter: '2018-02-01..2018-02-28' }]);

  const malformed = await expectError(await xml('<Conds><C><FieldNo>1020</FieldNo><Filter>x</C></Conds>'), 400, 'malformed XML');
  assert.match(JSON.stringify(malformed.error.fields), /Malformed XML at line 1/);
  const unknownField = await expectError(await xml('<Conds><C><FieldNo>4242</FieldNo><Filter>x</Filter></C></Conds>'), 400, 'unknown field');
  assert.match(JSON.stringify(unknownField.error.fields), /Conds\.C\[1\]\.FieldNo.*4242/);
  const badDate = await expectError(await xml(`<Conds><C><FieldNo>${DATE}</FieldNo><Filter>2018-02-30</Filter></C></Conds>`), 400, 'bad date');
  assert.match(JSON.stringify(badDate.error.fields), /Conds\.C\[1\]\.Filter/);
  await expectError(await p.admin.request(`${API}/users/${alice.id}/assignments/1/conditions.xml`, { method: 'PUT', json: { Conds: [] } }), 415, 'JSON instead of XML');
  const exported = await p.admin.get(`${API}/users/${alice.id}/assignments/1/conditions.xml`);
  assert.is(exported.status, 200);
  assert.match(exported.headers.get('content-type') ?? '', 'application/xml');
  assert.is(await exported.text(), `<Conds><C><FieldNo>${COMPANY}</FieldNo><Filter>Moya River Trading</Filter></C><C><FieldNo>${DATE}</FieldNo><Filter>2018-02-01..2018-02-28</Filter></C></Conds>`, 'nothing saved by the failed imports');
  await expectError(await p.admin.get(`${API}/users/${alice.id}/assignments/2/conditions.xml`), 404, 'unassigned search');

  await expectStatus(await p.admin.request(`${API}/users/${alice.id}/upload-permissions`, {
    method: 'PUT',
    json: { permissions: [{ ctgryNo: 10, values: [{ fieldNo: COMPANY, value: 'Moya River Trading', mode: 'readonly' }, { fieldNo: AMOUNT, value: '1', mode: 'write' }] }] },
  }), 200, 'upload permissions');

  // Copy alice → bob through the API, then give alice one more search that bob does not have.
  const copied = await expectStatus<{ assignments: unknown[]; permissions: unknown[] }>(await p.admin.post(`${API}/users/${alice.id}/copy-to/${bob.id}`), 200, 'copy user');
  assert.equal(copied.assignments, (await expectStatus<{ assignments: unknown[] }>(await p.admin.get(`${API}/users/${alice.id}/assignments`), 200)).assignments);
  assert.is(copied.permissions.length, 1);
  await expectError(await p.admin.post(`${API}/users/${alice.id}/copy-to/${alice.id}`), 400, 'copy to self');
  await expectError(await p.admin.post(`${API}/users/${alice.id}/copy-to/00000000-0000-4000-8000-000000000000`), 404, 'copy to unknown user');
  await expectStatus(await p.admin.request(`${API}/users/${alice.id}/assignments`, {
    method: 'PUT',
    json: { assignments: [{ queryNo: 1, conditions: imported.conditions }, { queryNo: 2, conditions: [{ fieldNo: COMPANY, filter: 'Moya*' }] }] },
  }), 200, 'second search for alice');
  const invalid = await expectError(await p.admin.request(`${API}/users/${alice.id}/assignments`, { method: 'PUT', json: { assignments: [{ queryNo: 1, conditions: [{ fieldNo: 9999, filter: 'x' }] }] } }), 400, 'invalid assignment');
  assert.match(JSON.stringify(invalid.error.fields), '9999');
  const after = await expectStatus<{ assignments: unknown[] }>(await p.admin.get(`${API}/users/${alice.id}/assignments`), 200);
  assert.is(after.assignments.length, 2, 'the invalid assignment saved nothing');
  const unknownUser = await createPortalUser(p.admin);
  assert.equal((await expectStatus<{ assignments: unknown[] }>(await p.admin.get(`${API}/users/${unknownUser.id}/assignments`), 200)).assignments, []);
});

test('portal: a signed-in portal user sees only the documents inside the conditions, with exact counts', async () => {
  const searches = await expectStatus<{ items: Array<{ queryNo: number; name: string; columns: unknown[] }> }>(await portal(alice.client, `${PORTAL_API}/searches`), 200, 'searches');
  assert.equal(searches.items.map((s) => s.queryNo), [1, 2]);

  type Result = { total: number; rows: Array<{ id: string; values: Record<string, unknown>; files: Array<{ id: string }> }> };
  const all = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/1`), 200, 'search 1');
  assert.is(all.total, 2);
  assert.equal(all.rows.map((r) => r.id), [docs.inside1!.id, docs.inside2!.id], 'default sort: date ascending');
  assert.equal(all.rows[0]!.values, { [COMPANY]: 'Moya River Trading', [DATE]: '2018-02-14', [AMOUNT]: 120.5 });

  const desc = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/1?sort=-${DATE}`), 200);
  assert.equal(desc.rows.map((r) => r.id), [docs.inside2!.id, docs.inside1!.id]);
  const page2 = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/1?limit=1&offset=1`), 200);
  assert.is(page2.total, 2, 'the total does not depend on the page');
  assert.equal(page2.rows.map((r) => r.id), [docs.inside2!.id]);
  const filtered = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/1?filters.${DATE}=2018-02-15..`), 200);
  assert.equal([filtered.total, filtered.rows.map((r) => r.id)], [1, [docs.inside2!.id]]);
  const widened = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/1?filters[${COMPANY}]=*&filters.${DATE}=2018-01-01..2018-12-31`), 200);
  assert.is(widened.total, 2, 'a user filter cannot widen the assigned conditions');
  const broad = await expectStatus<Result>(await portal(alice.client, `${PORTAL_API}/searches/2`), 200);
  assert.is(broad.total, 3, 'search 2: Moya* of any date');

  const badFilter = await expectError(await portal(alice.client, `${PORTAL_API}/searches/1?filters.${DATE}=tomorrow`), 400, 'bad filter');
  assert.match(JSON.stringify(badFilter.error.fields), `filters.${DATE}`);
  await expectError(await portal(alice.client, `${PORTAL_API}/searches/1?sort=sideways`), 400, 'bad sort');
  await expectError(await portal(alice.client, `${PORTAL_API}/searches/1?limit=100000`), 400, 'limit too large');

  const file = (d: string) => `${PORTAL_API}/documents/${docs[d]!.id}/files/${docs[d]!.files[0]!.id}`;
  const ok = await portal(alice.client, file('inside1'));
  assert.is(ok.status, 200);
  assert.match(ok.headers.get('content-disposition') ?? '', 'inside1.pdf');
  assert.is(Buffer.from(await ok.arrayBuffer()).toString(), PDF.toString());
  await expectError(await portal(alice.client, file('otherCompany')), 404, 'outside the conditions');
  const later = await portal(alice.client, file('laterDate'));
  assert.is(later.status, 200, 'visible through search 2 (Moya* of any date)');
  await later.arrayBuffer();

  // bob got search 1 by copy, not search 2
  const bobs = await expectStatus<{ items: Array<{ queryNo: number }> }>(await portal(bob.client, `${PORTAL_API}/searches`), 200);
  assert.equal(bobs.items.map((s) => s.queryNo), [1]);
  assert.is((await expectStatus<Result>(await portal(bob.client, `${PORTAL_API}/searches/1`), 200)).total, 2);
  await expectError(await portal(bob.client, `${PORTAL_API}/searches/2`), 404, "another user's search");
  await expectError(await portal(bob.client, file('laterDate')), 404, 'outside bob’s conditions');
});

test('portal: sessions are separate — anonymous 401, a workbench cookie does not work, a portal cookie does not reach /api', async () => {
  await expectError(await portal(undefined, `${PORTAL_API}/searches`), 401, 'anonymous');
  const staffCookie = `portico.sid=${p.admin.cookie('portico.sid')}`;
  assert.ok(p.admin.cookie('portico.sid'), 'admin has a workbench session');
  await expectError(await portal(undefined, `${PORTAL_API}/searches`, { cookie: staffCookie }), 401, 'workbench cookie on the portal API');
  // the workbench cookie's value under the portal cookie's name does not verify either
  await expectError(await portal(undefined, `${PORTAL_API}/searches`, { cookie: `portico.portal.sid=${p.admin.cookie('portico.sid')}` }), 401, 'renamed workbench cookie');
  const portalCookie = [...alice.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const onApi = await fetch(new URL(`${API}/searches`, p.h.url), { headers: { cookie: portalCookie } });
  assert.is(onApi.status, 401, 'portal cookie on the staff API');
  await onApi.text();
  await expectError(await portal(alice.client, `${PORTAL_API}/nothing/here`), 404, 'unknown portal API path answers JSON');
});

test('portal: upload into an allowed category — CSRF required, read-only values enforced', async () => {
  const upload = (client: FormClient, ctgryNo: number, data: Record<string, unknown>, files = [{ name: 'mine.pdf', bytes: PDF }], csrf?: string) =>
    portal(client, `${PORTAL_API}/categories/${ctgryNo}/documents`, { method: 'POST', body: form(data, files), ...(csrf ? { csrf } : {}) });
  const forged = await expectError(await upload(alice.client, 10, { [COMPANY]: 'X' }), 403, 'no CSRF token');
  assert.is(forged.error.code, 'csrf_failed');
  const csrf = await portalCsrf(alice.client);
  const workbenchToken = await p.admin.csrfToken();
  await expectError(await upload(alice.client, 10, { [COMPANY]: 'X' }, undefined, workbenchToken), 403, 'the workbench CSRF token');

  const created = await expectStatus<{ id: string; indexData: Record<string, unknown> }>(await upload(alice.client, 10, { [COMPANY]: 'Somebody Else', [DATE]: '2018-02-25' }, undefined, csrf), 201, 'portal upload');
  assert.equal(created.indexData, { [COMPANY]: 'Moya River Trading', [DATE]: '2018-02-25', [AMOUNT]: 1 }, 'read-only company wins, write amount is a default');
  const res = await expectStatus<{ total: number; rows: Array<{ id: string }> }>(await portal(alice.client, `${PORTAL_API}/searches/1`), 200);
  assert.is(res.total, 3);
  assert.ok(res.rows.some((r) => r.id === created.id));

  await expectError(await upload(alice.client, 11, { 1: 'x' }, undefined, csrf), 404, 'category without permission');
  await expectError(await upload(alice.client, 10, { [DATE]: '2018-02-25' }, [{ name: 'x.pdf', bytes: HTML }], csrf), 415, 'wrong type');
  await expectError(await upload(alice.client, 10, { [DATE]: '2018-02-25' }, [{ name: 'x.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(20 * 1024, 0x20)]) }], csrf), 413, 'too large');
  const uploads = await expectStatus<{ items: Array<{ ctgryNo: number; values: unknown[] }> }>(await portal(alice.client, `${PORTAL_API}/uploads`), 200);
  assert.equal(uploads.items.map((u) => u.ctgryNo), [10]);
  const bobCsrf = await portalCsrf(bob.client);
  assert.is.not(bobCsrf, csrf);
  await expectError(await upload(bob.client, 10, { [DATE]: '2018-02-25' }, undefined, csrf), 403, "alice's token in bob's session");
});

test('every documents route declares its access: staff routes a privilege, portal routes signed-in portal users', async () => {
  const routes = listRoutes(p.h.running.workbench.app!);
  const staff = routes.filter((r) => r.path.startsWith(`${API}/`));
  const portalRoutes = routes.filter((r) => r.path.startsWith(`${PORTAL_API}/`));
  assert.is(staff.length, 23, `staff routes: ${staff.length}`);
  assert.equal(portalRoutes.map((r) => `${r.method} ${r.path}`).sort(), [
    `GET ${PORTAL_API}/documents/:id/files/:fileId`, `GET ${PORTAL_API}/searches`, `GET ${PORTAL_API}/searches/:queryNo`,
    `GET ${PORTAL_API}/session`, `GET ${PORTAL_API}/uploads`, `POST ${PORTAL_API}/categories/:ctgryNo/documents`,
  ]);
  // Every staff route needs a documents privilege (the preview also the portal-user read privilege).
  for (const r of staff) assert.ok(r.access && 'privilege' in r.access && [r.access.privilege].flat().some((x) => String(x).startsWith('entity.documents_')), `${r.method} ${r.path}: ${JSON.stringify(r.access)}`);
  const preview = staff.find((r) => r.path.endsWith('/preview'));
  assert.equal(preview?.access, { privilege: ['entity.tc_portaluser.read', 'entity.documents_assignment.read', 'entity.documents_document.read'] });
  for (const r of portalRoutes) assert.equal(r.access, { signedIn: ['portal'] }, `${r.method} ${r.path}`);
  await expectError(await new TestClient(p.h.url).get(`${API}/categories`), 401, 'anonymous on the staff API');
});

test.run();
