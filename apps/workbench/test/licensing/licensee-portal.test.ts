/**
 * The Licensee Portal over HTTP: home lists the account's licenses; the certificate and the
 * renewal request are the holder's only; a renewal may be asked for only inside the window,
 * once; staff see the request and renew the license; a license suspended during a session
 * closes the portal's pages at the next request. Plus the staff record rules of persons and
 * licenses (Portal Access Credential, dates, generated numbers).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addDays, addMonths, todayIso } from '@portico/plugin-licensing/node';
import { createActiveUser, expectStatus, portalSignIn, type PortalHarness } from '../portal/portal-fixtures';
import { createLicenseType, startLicensingWorkbench } from './licensing-fixtures';

let p: PortalHarness;
let typeId: string;
const today = todayIso();

test.before(async () => {
  p = await startLicensingWorkbench({ LICENSEE_RENEWAL_WINDOW_DAYS: '60' });
  typeId = (await createLicenseType(p.admin, { numberPrefix: 'GS', validityMonths: 24 })).id;
});
test.after(async () => {
  await p?.stop();
});

type Rec = Record<string, unknown> & { id: string; version: number };
const create = (entity: string, body: Record<string, unknown>) => p.admin.post(`/api/entities/${entity}/records`, body);

async function licensee(displayName: string): Promise<{ user: Awaited<ReturnType<typeof createActiveUser>>; personId: string }> {
  const user = await createActiveUser(p, { displayName });
  const [first, last] = displayName.split(' ');
  const person = await expectStatus<Rec>(await create('lic_person', { firstName: first, lastName: last, dateOfBirth: '1975-05-20', email: user.email, portalUserId: user.id }), 201, 'person');
  return { user, personId: person.id };
}

test('staff record rules: the credential must be a portal user used once; dates are checked; numbers are generated', async () => {
  const { user, personId } = await licensee('Casey Credential');
  const dup = await create('lic_person', { firstName: 'Other', lastName: 'Person', portalUserId: user.id });
  assert.is(dup.status, 400);
  assert.match(await dup.text(), `/licensing/persons/${personId}`);
  const ghost = await create('lic_person', { firstName: 'Ghost', lastName: 'User', portalUserId: '00000000-0000-4000-8000-000000000000' });
  assert.is(ghost.status, 400);
  assert.match(await ghost.text(), 'is not a portal user');
  const badDate = await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', expiresOn: '2030-13-01' });
  assert.is(badDate.status, 400);
  const backwards = await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', issuedOn: '2026-01-10', expiresOn: '2025-01-10' });
  assert.is(backwards.status, 400);
  assert.match(await backwards.text(), 'must not be before the issue date');

  const a = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active' }), 201, 'license');
  const b = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', issuedOn: '2025-03-31' }), 201, 'license');
  assert.match(String(a.licenseNumber), new RegExp(`^GS-${today.slice(0, 4)}-\\d{6}$`));
  assert.is.not(a.licenseNumber, b.licenseNumber);
  assert.is(a.issuedOn, today);
  assert.is(a.expiresOn, addMonths(today, 24), 'expiry from the type\'s validity');
  assert.is(b.expiresOn, '2027-03-31');
  assert.is(a.holderName, 'Casey Credential');
  assert.is(a.currentStatus, 'active');
  const person = await expectStatus<Rec>(await p.admin.get(`/api/entities/lic_person/records/${personId}`), 200);
  assert.is(person.licenseCount, 2);
});

test('home lists the licenses; certificates and renewals are the holder\'s only', async () => {
  const { user, personId } = await licensee('Drew Holder');
  const near = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', issuedOn: addDays(today, -700), expiresOn: addDays(today, 30) }), 201);
  const far = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', issuedOn: today, expiresOn: addDays(today, 400) }), 201);

  const { client, res } = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(res.status, 303);
  const home = await client.get('/portal/licensee');
  assert.is(home.status, 200);
  assert.match(home.text, String(near.licenseNumber));
  assert.match(home.text, String(far.licenseNumber));
  assert.match(home.text, '(in 30 days)');
  assert.match(home.text, `/portal/licensee/licenses/${near.id}/renewal`);
  assert.not.match(home.text, `/portal/licensee/licenses/${far.id}/renewal`);

  const certificate = await client.get(`/portal/licensee/licenses/${far.id}/certificate`);
  assert.is(certificate.status, 200);
  assert.match(certificate.text, 'Drew Holder');
  assert.match(certificate.text, String(far.licenseNumber));
  assert.match(certificate.text, 'href="/portal/licensee/licenses/assets/licensing.css"');
  // The stylesheet with the print rules is served to anyone (no session needed).
  const css = await fetch(new URL('/portal/licensee/licenses/assets/licensing.css', p.h.url));
  assert.is(css.status, 200);
  assert.match(await css.text(), '@media print');

  // Someone else's license: not found, for certificates and renewals alike.
  const other = await licensee('Eli Other');
  await expectStatus(await create('lic_license', { licenseTypeId: typeId, personId: other.personId, status: 'active', expiresOn: addDays(today, 10) }), 201);
  const otherSession = await portalSignIn(p.h.url, other.user.email, other.user.password, '/portal/licensee');
  assert.is((await otherSession.client.get(`/portal/licensee/licenses/${far.id}/certificate`)).status, 404);
  assert.is((await otherSession.client.get(`/portal/licensee/licenses/${near.id}/renewal`)).status, 404);

  // A licensee session is not an applicant session.
  assert.is((await client.get('/portal/applicant/applications')).location, '/portal/applicant/sign-in');
});

test('renewal: only inside the window, once; staff see it and renew the license', async () => {
  const { user, personId } = await licensee('Frankie Renew');
  const near = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', issuedOn: addDays(today, -700), expiresOn: addDays(today, 20) }), 201);
  const far = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', expiresOn: addDays(today, 200) }), 201);
  const { client } = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');

  const tooEarly = await client.get(`/portal/licensee/licenses/${far.id}/renewal`);
  assert.is(tooEarly.status, 409);
  assert.match(tooEarly.text, `You can ask for a renewal from ${addDays(String(far.expiresOn), -60)}`);
  assert.is((await client.request(`/portal/licensee/licenses/${far.id}/renewal`, { form: { note: 'please' } })).status, 409);

  const form = await client.get(`/portal/licensee/licenses/${near.id}/renewal`);
  assert.is(form.status, 200);
  assert.match(form.text, 'Send renewal request');
  const sent = await client.request(`/portal/licensee/licenses/${near.id}/renewal`, { form: { note: 'I moved to 4 Mill Lane.' } });
  assert.is(sent.status, 303);
  assert.match((await client.follow(sent)).text, 'Your renewal request has been sent.');
  const twice = await client.request(`/portal/licensee/licenses/${near.id}/renewal`, { form: { note: 'again' } });
  assert.is(twice.status, 409);
  assert.match(twice.text, 'already asked');
  assert.match((await client.get('/portal/licensee')).text, 'Renewal requested');
  // Without the CSRF token: refused.
  assert.is((await client.request(`/portal/licensee/licenses/${near.id}/renewal`, { form: { note: 'x' }, noCsrf: true })).status, 403);

  const requests = (await expectStatus<{ items: Rec[] }>(await p.admin.get('/api/entities/lic_renewal/records?filter.status=requested'), 200)).items.filter((r) => r.licenseId === near.id);
  assert.is(requests.length, 1);
  assert.is(requests[0]!.note, 'I moved to 4 Mill Lane.');
  assert.is(requests[0]!.holderName, 'Frankie Renew');
  assert.is(requests[0]!.licenseNumber, near.licenseNumber);

  const renewed = await expectStatus<{ expiresOn: string }>(await p.admin.post(`/api/licensing/renewals/${requests[0]!.id}/renew`, {}), 200);
  assert.is(renewed.expiresOn, addMonths(String(near.expiresOn), 24), 'moved on from the old expiry by the validity');
  const license = await expectStatus<Rec>(await p.admin.get(`/api/entities/lic_license/records/${near.id}`), 200);
  assert.is(license.expiresOn, renewed.expiresOn);
  const request = await expectStatus<Rec>(await p.admin.get(`/api/entities/lic_renewal/records/${requests[0]!.id}`), 200);
  assert.is(request.status, 'renewed');
  assert.is(request.handledByName, 'Alex Admin');
  assert.is((await p.admin.post(`/api/licensing/renewals/${requests[0]!.id}/renew`, {})).status, 409);
  const audit = await expectStatus<{ items: Array<{ action: string }> }>(await p.admin.get(`/api/security/audit?entity=lic_license&recordId=${near.id}`), 200);
  assert.ok(audit.items.some((i) => i.action === 'renew'));
});

test('a license suspended during a session closes the Licensee Portal\'s pages at the next request', async () => {
  const { user, personId } = await licensee('Gale Suspended');
  const lic = await expectStatus<Rec>(await create('lic_license', { licenseTypeId: typeId, personId, status: 'active', expiresOn: addDays(today, 300) }), 201);
  const { client } = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is((await client.get(`/portal/licensee/licenses/${lic.id}/certificate`)).status, 200);
  await expectStatus(await p.admin.patch(`/api/entities/lic_license/records/${lic.id}`, { status: 'suspended', version: lic.version }), 200, 'suspend');
  const closed = await client.get(`/portal/licensee/licenses/${lic.id}/certificate`);
  assert.is(closed.status, 403);
  assert.match(closed.text, `${String(lic.licenseNumber)} is suspended`);
  assert.is((await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee')).res.status, 403);
});

test.run();
