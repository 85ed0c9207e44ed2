/**
 * License applications end to end over HTTP: the applicant's multi-step form in the Applicant
 * Portal (drafts saved server-side, resume where they left off, documents checked by size and
 * type, CSRF on the upload), submission, staff approval through the API (the license is issued
 * and linked to a person created from the application, in one audited transaction, with the
 * e-mail), the applicant then admitted to the Licensee Portal; rejection with a reason.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActiveUser, expectStatus, mailTo, portalSignIn, type PortalHarness } from '../portal/portal-fixtures';
import { APPS, PDF, PNG, completeApplication, createLicenseType, startLicensingWorkbench, upload } from './licensing-fixtures';

let p: PortalHarness;
let typeId: string;

test.before(async () => {
  // 20 KB files at most, so the size check can be tried with a small file.
  p = await startLicensingWorkbench({ LICENSING_MAX_FILE_MB: '0.02', LICENSING_MAX_FILES: '3' });
  typeId = (await createLicenseType(p.admin)).id;
});
test.after(async () => {
  await p?.stop();
});

interface Page<T> { items: T[] }
type Rec = Record<string, unknown> & { id: string; version: number };
const records = async (entity: string, query = ''): Promise<Rec[]> => (await expectStatus<Page<Rec>>(await p.admin.get(`/api/entities/${entity}/records${query}`), 200, `list ${entity}`)).items;
const record = async (entity: string, id: string): Promise<Rec> => expectStatus<Rec>(await p.admin.get(`/api/entities/${entity}/records/${id}`), 200, `get ${entity}`);

test('the applicant home page offers license applications', async () => {
  const user = await createActiveUser(p, { displayName: 'Robin Example' });
  const home = await user.client.get('/portal/applicant');
  assert.is(home.status, 200);
  assert.match(home.text, 'License applications');
  assert.match(home.text, `href="${APPS}"`);
  const list = await user.client.get(APPS);
  assert.is(list.status, 200);
  assert.match(list.text, 'You have not applied for a license yet.');
  assert.match(list.text, 'Start a new application');
  // Signed out: the pages send you to the Applicant Portal's sign-in.
  const anon = await portalSignIn(p.h.url, 'nobody@example.org', 'x');
  const res = await anon.client.get(APPS);
  assert.is(res.status, 303);
  assert.is(res.location, '/portal/applicant/sign-in');
});

test('the form saves each step on the server, checks it, and resumes where the applicant left off', async () => {
  const user = await createActiveUser(p, { displayName: 'Sam Draft' });
  const c = user.client;
  await c.get(APPS);
  const started = await c.request(`${APPS}/new`, { form: {} });
  const id = /applications\/([0-9a-f-]{36})\/type$/.exec(started.location ?? '')![1]!;

  // Prefilled from the account's display name; a later step is not reachable yet.
  const ahead = await c.get(`${APPS}/${id}/address`);
  assert.is(ahead.status, 303);
  assert.is(ahead.location, `${APPS}/${id}/type`);

  const noChoice = await c.submit(`${APPS}/${id}/type`, { action: 'continue' });
  assert.is(noChoice.status, 400);
  assert.match(noChoice.text, 'Choose the license you are applying for.');
  assert.match(noChoice.text, 'There is a problem');
  assert.is((await c.submit(`${APPS}/${id}/type`, { licenseTypeId: typeId, action: 'continue' })).location, `${APPS}/${id}/about`);

  const about = await c.get(`${APPS}/${id}/about`);
  assert.match(about.text, 'value="Sam"');
  assert.match(about.text, 'value="Draft"');
  const badDate = await c.submit(`${APPS}/${id}/about`, { firstName: 'Sam', lastName: 'Draft', dateOfBirth: '1990-02-30', action: 'continue' });
  assert.is(badDate.status, 400);
  assert.match(badDate.text, 'Enter a real date.');
  assert.match(badDate.text, 'value="1990-02-30"', 'what was typed is kept');
  const tooYoung = await c.submit(`${APPS}/${id}/about`, { firstName: 'Sam', lastName: 'Draft', dateOfBirth: new Date().toISOString().slice(0, 10), action: 'continue' });
  assert.match(tooYoung.text, 'at least 16 years old');

  // Save and come back later: back to the list, the draft is there, and opens at the next step.
  const later = await c.submit(`${APPS}/${id}/about`, { firstName: 'Sam', lastName: 'Draft', dateOfBirth: '1990-02-28', action: 'later' });
  assert.is(later.status, 303);
  assert.is(later.location, `${APPS}?saved=1`);
  const list = await c.follow(later);
  assert.match(list.text, 'Your answers are saved.');
  assert.match(list.text, 'Draft');
  const resume = await c.get(`${APPS}/${id}`);
  assert.is(resume.location, `${APPS}/${id}/address`);

  // Stored on the server: a fresh sign-in (new session) sees the same answers.
  const again = await portalSignIn(p.h.url, user.email, user.password);
  const aboutAgain = await again.client.get(`${APPS}/${id}/about`);
  assert.match(aboutAgain.text, 'value="1990-02-28"');

  // Another applicant cannot see it.
  const other = await createActiveUser(p);
  assert.is((await other.client.get(`${APPS}/${id}/about`)).status, 404);
  assert.is((await other.client.request(`${APPS}/${id}/about`, { form: { firstName: 'X', lastName: 'Y', dateOfBirth: '1980-01-01' } })).status, 404);
});

test('documents: type sniffed from the bytes, size and count limits, CSRF, remove', async () => {
  const user = await createActiveUser(p);
  const c = user.client;
  await c.get(APPS);
  const id = /applications\/([0-9a-f-]{36})\/type$/.exec((await c.request(`${APPS}/new`, { form: {} })).location ?? '')![1]!;
  await c.submit(`${APPS}/${id}/type`, { licenseTypeId: typeId, action: 'continue' });
  await c.submit(`${APPS}/${id}/about`, { firstName: 'Doc', lastName: 'Tester', dateOfBirth: '1979-12-01', action: 'continue' });
  await c.submit(`${APPS}/${id}/address`, { addressLine1: '1 Main St', city: 'Town', postalCode: 'T1', country: 'Nowhere', action: 'continue' });
  await c.get(`${APPS}/${id}/documents`);
  const path = `${APPS}/${id}/documents/upload`;

  const text = await upload(c, path, [{ name: 'notes.pdf', type: 'application/pdf', bytes: Buffer.from('just text, not a PDF') }]);
  assert.is(text.status, 400);
  assert.match(text.text, '&quot;notes.pdf&quot; is not an accepted kind of file.');
  const big = await upload(c, path, [{ name: 'scan.png', type: 'image/png', bytes: Buffer.concat([PNG, Buffer.alloc(25_000)]) }]);
  assert.is(big.status, 413);
  assert.match(big.text, 'is larger than');
  const forged = await upload(c, path, [{ name: 'a.png', type: 'image/png', bytes: PNG }], 'not-the-token');
  assert.is(forged.status, 403);
  assert.match(forged.text, 'This form has expired');

  assert.is((await upload(c, path, [{ name: 'id.png', type: 'image/png', bytes: PNG }, { name: 'diploma.pdf', type: 'application/pdf', bytes: PDF }])).status, 303);
  const page = await c.get(`${APPS}/${id}/documents`);
  assert.match(page.text, 'id.png');
  assert.match(page.text, 'diploma.pdf');
  const fileId = new RegExp(`${APPS}/${id}/documents/([0-9a-f-]{36})"`).exec(page.text)![1]!;
  const download = await fetch(new URL(`${APPS}/${id}/documents/${fileId}`, p.h.url), { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.is(download.status, 200);
  assert.match(download.headers.get('content-disposition') ?? '', 'attachment');
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(PNG), 'the bytes come back unchanged');
  const tooMany = await upload(c, path, [{ name: 'x.png', type: 'image/png', bytes: PNG }, { name: 'y.png', type: 'image/png', bytes: PNG }]);
  assert.is(tooMany.status, 400);
  assert.match(tooMany.text, 'at most 3 documents');

  // Remove one; the review lists what remains and the declaration is required.
  assert.is((await c.submit(`${APPS}/${id}/documents`, {}, `${APPS}/${id}/documents/${fileId}/remove`)).status, 303);
  await c.submit(`${APPS}/${id}/documents`, { qualifications: '', action: 'continue' });
  const review = await c.get(`${APPS}/${id}/review`);
  assert.is(review.status, 200);
  assert.not.match(review.text, 'Before you can submit');
  const noDeclaration = await c.submit(`${APPS}/${id}/review`, {});
  assert.is(noDeclaration.status, 400);
  assert.match(noDeclaration.text, 'Confirm that the information you gave is true and complete.');
});

test('approval issues the license, creates and links the person, audits, e-mails; the applicant gets into the Licensee Portal', async () => {
  const user = await createActiveUser(p, { displayName: 'Alex Applicant' });
  // Before: the Licensee Portal turns the account away, with the reason and the way to apply.
  const before = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(before.res.status, 403);
  assert.match(before.res.text, 'not linked to a license holder');
  assert.match(before.res.text, 'href="/portal/applicant"');

  const id = await completeApplication(user.client, typeId, { firstName: 'Alex', lastName: 'Applicant', dateOfBirth: '1985-03-09' });
  await mailTo(p.smtp, user.email, /We have received your .* application APP-\d{6}/);
  // Submitted: the applicant can no longer change it.
  const locked = await user.client.submit(`${APPS}/${id}`, { firstName: 'Changed', lastName: 'Name', dateOfBirth: '1985-03-09', action: 'continue' }, `${APPS}/${id}/about`);
  assert.is(locked.status, 303);
  assert.is(locked.location, `${APPS}/${id}`);

  const app = await record('lic_application', id);
  assert.is(app.status, 'submitted');
  assert.is(app.firstName, 'Alex');
  assert.is(app.documentCount, 1);
  const docs = await expectStatus<{ items: Array<{ id: string; name: string }> }>(await p.admin.get(`/api/licensing/applications/${id}/documents`), 200);
  assert.equal(docs.items.map((d) => d.name), ['passport.png']);
  const bytes = await p.admin.get(`/api/licensing/applications/${id}/documents/${docs.items[0]!.id}`);
  assert.is(bytes.status, 200);
  assert.ok(Buffer.from(await bytes.arrayBuffer()).equals(PNG));

  const approved = await expectStatus<{ status: string; licenseNumber: string; licenseId: string; personId: string; personCreated: boolean }>(
    await p.admin.post(`/api/licensing/applications/${id}/approve`, { note: 'All documents in order.' }), 200, 'approve');
  assert.is(approved.status, 'approved');
  assert.ok(approved.personCreated);
  const year = new Date().toISOString().slice(0, 4);
  assert.match(approved.licenseNumber, new RegExp(`^EL-${year}-\\d{6}$`));
  // A second approval (or a double click) issues nothing more.
  assert.is((await p.admin.post(`/api/licensing/applications/${id}/approve`, {})).status, 409);

  const license = await record('lic_license', approved.licenseId);
  assert.is(license.status, 'active');
  assert.is(license.personId, approved.personId);
  assert.is(license.applicationId, id);
  const issued = new Date().toISOString().slice(0, 10);
  assert.is(license.issuedOn, issued);
  const expires = new Date(`${issued}T00:00:00Z`);
  expires.setUTCMonth(expires.getUTCMonth() + 36);
  if (expires.getUTCDate() !== Number(issued.slice(8, 10))) expires.setUTCDate(0); // 31st → month end
  assert.is(license.expiresOn, expires.toISOString().slice(0, 10));
  const person = await record('lic_person', approved.personId);
  assert.is(person.portalUserId, user.id);
  assert.is(person.firstName, 'Alex');
  assert.is(person.dateOfBirth, '1985-03-09');
  assert.is(person.portalUserEmail, user.email);
  const after = await record('lic_application', id);
  assert.is(after.status, 'approved');
  assert.is(after.licenseNumber, approved.licenseNumber);
  assert.is(after.decidedByName, 'Alex Admin');

  // Audited: the application's decision, the person and the license, each by the staff member.
  const audit = async (entity: string, recordId: string) => (await expectStatus<{ items: Array<{ action: string; actorName?: string; actor?: { name?: string } }> }>(await p.admin.get(`/api/security/audit?entity=${entity}&recordId=${recordId}`), 200)).items.map((i) => i.action);
  assert.ok((await audit('lic_application', id)).includes('approve'));
  assert.ok((await audit('lic_application', id)).includes('submit'));
  assert.ok((await audit('lic_person', approved.personId)).includes('create'));
  assert.ok((await audit('lic_license', approved.licenseId)).includes('create'));

  const mail = await mailTo(p.smtp, user.email, /license .* has been issued/);
  assert.match(mail.text ?? '', approved.licenseNumber);

  // The applicant's status page and the Licensee Portal.
  const status = await user.client.get(`${APPS}/${id}`);
  assert.match(status.text, 'your license has been issued');
  const inside = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(inside.res.status, 303);
  const home = await inside.client.get('/portal/licensee');
  assert.is(home.status, 200);
  assert.match(home.text, 'My licenses');
  assert.match(home.text, approved.licenseNumber);
  assert.match(home.text, 'Active');

  // A second application by the same person links the new license to the same person.
  const second = await completeApplication(user.client, typeId, { firstName: 'Alex', lastName: 'Applicant' });
  const again = await expectStatus<{ personId: string; personCreated: boolean }>(await p.admin.post(`/api/licensing/applications/${second}/approve`, {}), 200);
  assert.is(again.personId, approved.personId);
  assert.is(again.personCreated, false);
  const held = await records('lic_license', `?filter.personId=${approved.personId}`);
  assert.is(held.length, 2, 'both licenses are held by the one person');
});

test('rejection needs a reason, which the applicant sees; only submitted applications are decided', async () => {
  const user = await createActiveUser(p);
  const id = await completeApplication(user.client, typeId, { firstName: 'Riley', lastName: 'Rejected' });
  const noReason = await p.admin.post(`/api/licensing/applications/${id}/reject`, {});
  assert.is(noReason.status, 400);
  assert.is((await expectStatus<{ status: string }>(await p.admin.post(`/api/licensing/applications/${id}/reject`, { note: 'The qualification certificate is missing.' }), 200)).status, 'rejected');
  assert.is((await p.admin.post(`/api/licensing/applications/${id}/approve`, {})).status, 409);
  const page = await user.client.get(`${APPS}/${id}`);
  assert.match(page.text, 'Not approved');
  assert.match(page.text, 'The qualification certificate is missing.');
  await mailTo(p.smtp, user.email, /was not approved/);
  const denied = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(denied.res.status, 403);

  // A draft cannot be decided; a draft cannot be created by staff.
  await user.client.get(APPS);
  const draft = /applications\/([0-9a-f-]{36})\/type$/.exec((await user.client.request(`${APPS}/new`, { form: {} })).location ?? '')![1]!;
  assert.is((await p.admin.post(`/api/licensing/applications/${draft}/approve`, {})).status, 409);
  assert.is((await p.admin.post('/api/entities/lic_application/records', {})).status, 400);
  assert.is((await p.admin.post('/api/licensing/applications/not-a-uuid/approve', {})).status, 404);
});

test.run();
