/**
 * The Document Portal's server-rendered "My documents" pages (no JavaScript: plain GETs and form
 * posts, including a multipart upload whose `_csrf` field is in the multipart body), and the staff
 * routes behind the workbench views: live count of draft conditions, "Preview as this user",
 * category document lists with keyset paging, one document and its index data.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_PLUGINS, FormClient, createActiveUser, expectStatus, portalSignIn, startPortalWorkbench, type PortalAccount, type PortalHarness } from '../portal/portal-fixtures';

const API = '/api/documents';
const PORTAL = '/portal/documents';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const COMPANY = 1020, DATE = 1030, AMOUNT = 1040, STATUS = 1050;
const MOYA = 'Moya River Trading';

let p: PortalHarness;
let alice: PortalAccount & { client: FormClient };
let bob: PortalAccount & { client: FormClient };
let portal: FormClient;
const ids: Record<string, string> = {};

async function staffUpload(name: string, indexData: Record<string, unknown>): Promise<{ id: string; files: Array<{ id: string }> }> {
  const form = new FormData();
  form.set('indexData', JSON.stringify(indexData));
  form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), `${name}.pdf`);
  const res = await p.admin.request(`${API}/categories/10/documents`, { method: 'POST', body: form });
  return expectStatus(res, 201, `upload ${name}`);
}

/** The result table's rows as cell texts. */
function tableRows(page: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()));
}
const companies = (page: string): string[] => tableRows(page).map((r) => r[0]!);
const decode = (s: string): string => s.replace(/&amp;/g, '&');

/** A multipart post from a form client (its cookies; `_csrf` in the body unless left out). */
async function multipart(client: FormClient, path: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer }): Promise<{ status: number; text: string; location: string | null }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: 'application/pdf' }), file.name);
  const res = await fetch(new URL(path, p.h.url), { method: 'POST', body: form, redirect: 'manual', headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

test.before(async () => {
  p = await startPortalWorkbench({ PORTICO_PLUGINS: `${DEFAULT_PLUGINS},@portico/plugin-documents` });
  alice = await createActiveUser(p, { displayName: 'Alice Applicant' });
  bob = await createActiveUser(p, { displayName: 'Bob Applicant' });
  await expectStatus(await p.admin.request(`${API}/categories/10`, {
    method: 'PUT',
    json: { name: 'Invoices', fields: [
      { fieldNo: COMPANY, name: 'Company', type: 'text', required: true }, { fieldNo: DATE, name: 'Invoice Date', type: 'date' },
      { fieldNo: AMOUNT, name: 'Amount', type: 'number' }, { fieldNo: STATUS, name: 'Status', type: 'choice', choices: ['open', 'paid'] },
    ] },
  }), 200, 'category');
  await expectStatus(await p.admin.request(`${API}/searches/1`, { method: 'PUT', json: { ctgryNo: 10, name: 'My invoices', columns: [COMPANY, DATE, AMOUNT], sort: { fieldNo: DATE, dir: 'asc' } } }), 200);
  await expectStatus(await p.admin.request(`${API}/searches/2`, { method: 'PUT', json: { ctgryNo: 10, name: 'Everything', columns: [COMPANY] } }), 200);
  const docs: Array<[string, Record<string, unknown>]> = [
    ['feb-03', { [COMPANY]: MOYA, [DATE]: '2018-02-03', [AMOUNT]: 120.5, [STATUS]: 'open' }],
    ['feb-14', { [COMPANY]: MOYA, [DATE]: '2018-02-14', [AMOUNT]: 80, [STATUS]: 'paid' }],
    ['feb-28', { [COMPANY]: MOYA, [DATE]: '2018-02-28', [AMOUNT]: 300 }],
    ['mar-01', { [COMPANY]: MOYA, [DATE]: '2018-03-01', [AMOUNT]: 10 }],
    ['acme', { [COMPANY]: 'Acme', [DATE]: '2018-02-10', [AMOUNT]: 55 }],
  ];
  for (const [name, data] of docs) {
    const d = await staffUpload(name, data);
    ids[name] = d.id;
    ids[`${name}.file`] = d.files[0]!.id;
  }
  await expectStatus(await p.admin.request(`${API}/users/${alice.id}/assignments`, {
    method: 'PUT', json: { assignments: [{ queryNo: 1, conditions: [{ fieldNo: COMPANY, filter: MOYA }, { fieldNo: DATE, filter: '2018-02-01..2018-02-28' }] }] },
  }), 200, 'assign');
  await expectStatus(await p.admin.request(`${API}/users/${alice.id}/upload-permissions`, {
    method: 'PUT', json: { permissions: [{ ctgryNo: 10, values: [{ fieldNo: COMPANY, value: MOYA, mode: 'readonly' }, { fieldNo: STATUS, value: 'open', mode: 'write' }] }] },
  }), 200, 'upload permission');
});

test.after(async () => {
  await p?.stop();
});

test('the Document Portal admits only users who were given documents', async () => {
  const denied = await portalSignIn(p.h.url, bob.email, bob.password, PORTAL);
  assert.is(denied.res.status, 403);
  assert.match(denied.res.text, 'The Document Portal is for users who have been given access to documents');
  // Not signed in to the Document Portal (only to the Applicant Portal): the pages send to its sign-in.
  const other = await bob.client.get(`${PORTAL}/searches/1`);
  assert.is(other.status, 303);
  assert.is(other.location, `${PORTAL}/sign-in`);

  const signedIn = await portalSignIn(p.h.url, alice.email, alice.password, PORTAL);
  assert.is(signedIn.res.status, 303);
  portal = signedIn.client;
  const home = await portal.get(PORTAL);
  assert.is(home.status, 200);
  assert.match(home.text, '<h1>My documents</h1>');
  assert.match(home.text, `href="${PORTAL}/searches/1">My invoices</a>`);
  assert.not.match(home.text, 'Everything', 'a search not assigned is not listed');
  assert.match(home.text, `href="${PORTAL}/upload"`);
});

test('a search lists exactly the documents inside the conditions, sorted and paged', async () => {
  const page = await portal.get(`${PORTAL}/searches/1`);
  assert.is(page.status, 200);
  assert.match(page.text, '3 documents');
  assert.equal(tableRows(page.text).map((r) => r.slice(0, 3)), [[MOYA, '2018-02-03', '120.5'], [MOYA, '2018-02-14', '80'], [MOYA, '2018-02-28', '300']]);
  assert.match(page.text, 'aria-sort="ascending"');
  // Sort by Amount descending through the header link.
  const sorted = await portal.get(`${PORTAL}/searches/1?sort=-${AMOUNT}`);
  assert.equal(tableRows(sorted.text).map((r) => r[2]), ['300', '120.5', '80']);
  // Paging: exact counts whatever the page.
  const p1 = await portal.get(`${PORTAL}/searches/1?limit=2`);
  assert.match(p1.text, 'Showing 1–2 of 3 documents');
  assert.match(p1.text, 'Page 1 of 2');
  const next = decode(/href="([^"]+)" rel="next"/.exec(p1.text)![1]!);
  const p2 = await portal.get(next);
  assert.match(p2.text, 'Showing 3–3 of 3 documents');
  assert.equal(tableRows(p2.text).map((r) => r[1]), ['2018-02-28']);
  // The user's own filter narrows inside the conditions; it never widens them.
  const own = await portal.get(`${PORTAL}/searches/1?filters.${AMOUNT}=100..400`);
  assert.equal(tableRows(own.text).map((r) => r[1]), ['2018-02-03', '2018-02-28']);
  const wider = await portal.get(`${PORTAL}/searches/1?filters.${COMPANY}=${encodeURIComponent('*')}&filters.${DATE}=2018-01-01..2018-12-31`);
  assert.equal(companies(wider.text), [MOYA, MOYA, MOYA], 'Acme and March stay out');
  // A malformed filter is a 400 page naming the field.
  const bad = await portal.get(`${PORTAL}/searches/1?filters.${DATE}=2018-02-30`);
  assert.is(bad.status, 400);
  assert.match(bad.text, 'There is a problem');
  assert.match(bad.text, `href="#f-filters.${DATE}"`);
  assert.match(bad.text, 'is not a date');
  // A search not assigned: 404.
  assert.is((await portal.get(`${PORTAL}/searches/2`)).status, 404);
  assert.is((await portal.get(`${PORTAL}/searches/999`)).status, 404);
});

test('downloads: inside the conditions the file, outside 404', async () => {
  const ok = await fetch(new URL(`${PORTAL}/searches/1/documents/${ids['feb-14']}/files/${ids['feb-14.file']}`, p.h.url), { headers: { cookie: [...portal.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.is(ok.status, 200);
  assert.equal(Buffer.from(await ok.arrayBuffer()), PDF);
  for (const name of ['mar-01', 'acme']) {
    const res = await portal.get(`${PORTAL}/searches/1/documents/${ids[name]}/files/${ids[`${name}.file`]}`);
    assert.is(res.status, 404, name);
  }
  const anonymous = await new FormClient(p.h.url).get(`${PORTAL}/searches/1/documents/${ids['feb-14']}/files/${ids['feb-14.file']}`);
  assert.is(anonymous.status, 303);
});

test('upload: read-only pre-filled values win, _csrf in the multipart body is required, the document shows up in the search', async () => {
  const form = await portal.get(`${PORTAL}/upload`);
  assert.is(form.status, 200);
  assert.match(form.text, 'enctype="multipart/form-data"');
  assert.match(form.text, new RegExp(`name="index.${COMPANY}" type="text" value="${MOYA}"[^>]* disabled`));
  assert.match(form.text, 'Filled in for you; it cannot be changed.');
  assert.match(form.text, '<option selected>open</option>', 'write value pre-filled');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;

  // Without the token: refused, nothing stored.
  const forged = await multipart(portal, `${PORTAL}/upload/10`, { [`index.${DATE}`]: '2018-02-20' }, { name: 'forged.pdf', bytes: PDF });
  assert.is(forged.status, 403);
  const wrong = await multipart(portal, `${PORTAL}/upload/10`, { _csrf: 'x'.repeat(43), [`index.${DATE}`]: '2018-02-20' }, { name: 'forged.pdf', bytes: PDF });
  assert.is(wrong.status, 403);
  // Bad index data: the form again, with the error beside the field.
  const invalid = await multipart(portal, `${PORTAL}/upload/10`, { _csrf: csrf, [`index.${DATE}`]: '2018-02-31' }, { name: 'x.pdf', bytes: PDF });
  assert.is(invalid.status, 400);
  assert.match(invalid.text, `href="#f-index.${DATE}"`);
  // No file.
  const nofile = await multipart(portal, `${PORTAL}/upload/10`, { _csrf: csrf, [`index.${DATE}`]: '2018-02-20' });
  assert.is(nofile.status, 400);
  assert.match(nofile.text, 'Choose at least one file');
  // A category without permission: 404.
  assert.is((await multipart(portal, `${PORTAL}/upload/11`, { _csrf: csrf }, { name: 'x.pdf', bytes: PDF })).status, 404);

  const before = await portal.get(`${PORTAL}/searches/1`);
  assert.match(before.text, '3 documents');
  // The company is sent as another company: the read-only value wins.
  const done = await multipart(portal, `${PORTAL}/upload/10`, { _csrf: csrf, [`index.${COMPANY}`]: 'Evil Corp', [`index.${DATE}`]: '2018-02-20', [`index.${AMOUNT}`]: '42' }, { name: 'my-invoice.pdf', bytes: PDF });
  assert.is(done.status, 303, done.text.slice(0, 500));
  assert.match(done.location!, `${PORTAL}/upload?category=10&uploaded=`);
  assert.match((await portal.get(done.location!)).text, 'Your document has been uploaded');
  const after = await portal.get(`${PORTAL}/searches/1`);
  assert.match(after.text, '4 documents');
  assert.equal(tableRows(after.text).map((r) => r.slice(0, 3)), [[MOYA, '2018-02-03', '120.5'], [MOYA, '2018-02-14', '80'], [MOYA, '2018-02-20', '42'], [MOYA, '2018-02-28', '300']]);
  assert.match(after.text, 'my-invoice.pdf');
  const audit = await expectStatus<{ items: Array<{ entity: string; actorKind: string }> }>(await p.admin.get('/api/security/audit?entity=documents_document&limit=50'), 200);
  assert.ok(audit.items.some((i) => i.actorKind === 'portal'), 'the portal upload is audited');
});

test('staff: live count of draft conditions, preview as the user, category documents with keyset paging', async () => {
  const count = await expectStatus<{ total: number }>(await p.admin.request(`${API}/searches/1/count`, { method: 'POST', json: { conditions: [{ fieldNo: COMPANY, filter: MOYA }, { fieldNo: DATE, filter: '2018-02-01..2018-02-28' }] } }), 200);
  assert.is(count.total, 4);
  const all = await expectStatus<{ total: number }>(await p.admin.request(`${API}/searches/1/count`, { method: 'POST', json: { conditions: [] } }), 200);
  assert.is(all.total, 6);
  const wild = await expectStatus<{ total: number }>(await p.admin.request(`${API}/searches/1/count`, { method: 'POST', json: { conditions: [{ fieldNo: COMPANY, filter: 'ac*' }] } }), 200);
  assert.is(wild.total, 1);
  const bad = await p.admin.request(`${API}/searches/1/count`, { method: 'POST', json: { conditions: [{ fieldNo: DATE, filter: '2018-13-01' }, { fieldNo: 4242, filter: 'x' }] } });
  const body = await expectStatus<{ error: { fields: Array<{ path: string }> } }>(bad, 400);
  assert.equal(body.error.fields.map((f) => f.path).sort(), ['conditions.0.filter', 'conditions.1.fieldNo']);

  // Preview = exactly what the user sees (same rows, same total).
  const preview = await expectStatus<{ total: number; rows: Array<{ values: Record<string, unknown> }> }>(await p.admin.get(`${API}/users/${alice.id}/searches/1/preview?sort=-${AMOUNT}`), 200);
  assert.is(preview.total, 4);
  assert.equal(preview.rows.map((r) => r.values[String(AMOUNT)]), [300, 120.5, 80, 42]);
  await expectStatus(await p.admin.get(`${API}/users/${alice.id}/searches/2/preview`), 404, 'not assigned');

  // Category documents with keyset paging: the cursor walks every row once, totals exact.
  const seen: string[] = [];
  let after = '';
  for (let i = 0; i < 10; i++) {
    const page = await expectStatus<{ total: number; rows: Array<{ id: string }>; nextCursor: string | null }>(await p.admin.get(`${API}/categories/10/documents?limit=4&sort=${DATE}${after ? `&after=${encodeURIComponent(after)}` : ''}`), 200);
    assert.is(page.total, 6);
    seen.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  assert.is(seen.length, 6);
  assert.is(new Set(seen).size, 6);
  assert.is(seen[0], ids['feb-03']);
  await expectStatus(await p.admin.get(`${API}/categories/10/documents?after=garbage`), 400, 'bad cursor');

  // One document; staff correct its index data (checked, audited).
  const doc = await expectStatus<{ indexData: Record<string, unknown>; files: unknown[] }>(await p.admin.get(`${API}/documents/${ids.acme}`), 200);
  assert.is(doc.indexData[String(COMPANY)], 'Acme');
  const patched = await expectStatus<{ indexData: Record<string, unknown> }>(await p.admin.request(`${API}/documents/${ids.acme}`, { method: 'PATCH', json: { indexData: { ...doc.indexData, [AMOUNT]: '56.5' } } }), 200);
  assert.is(patched.indexData[String(AMOUNT)], 56.5);
  await expectStatus(await p.admin.request(`${API}/documents/${ids.acme}`, { method: 'PATCH', json: { indexData: { [DATE]: '2018-02-01' } } }), 400, 'company is required');
});

test.run();
