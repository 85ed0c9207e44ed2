import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestSmtpServer } from '@portico/mail/testing';
import { portalUsers } from '@portico/plugin-portal/node';
import { createFirstAdmin, expectStatus, signedInClient, staffWithPrivileges, startSecurityWorkbench, type SecurityHarness } from '../security/fixtures';
import type { TestClient } from '../http-client';

const RECORDS = '/api/entities/tc_portaluser/records';
type Page = { items: Array<Record<string, unknown> & { id: string; version: number }>; total: number; totalExact: boolean; nextCursor: string | null };

let h: SecurityHarness;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let admin: TestClient;

test.before(async () => {
  smtp = await startTestSmtpServer();
  h = await startSecurityWorkbench({ PORTICO_JOBS: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Portico <no-reply@portico.test>' });
  const first = await createFirstAdmin(h.running, { name: 'Alex Admin' });
  admin = await signedInClient(h.url, first);
  // 120 users to search, sort and page through; every 7th has online access disabled.
  const names = ['Moya River', 'Kauri Forest', 'Tasman Bay', 'Aoraki Peak', 'Waitaki Valley', 'Rangitoto Isle'];
  await h.running.workbench.db.db.insert(portalUsers).values(
    Array.from({ length: 120 }, (_, i) => ({
      email: `applicant${String(i).padStart(3, '0')}@${i % 2 ? 'moya.example' : 'kauri.example'}`,
      displayName: `${names[i % names.length]} ${i}`,
      onlineAccessDisabled: i % 7 === 0,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    })),
  );
});
test.after(async () => {
  await h?.stop();
  await smtp?.stop();
});

test('create a portal user with only the e-mail address and Online Access Disabled = No', async () => {
  const created = await expectStatus<Record<string, unknown>>(await admin.post(RECORDS, { emailAddress: 'New.Applicant@Example.org', onlineAccessDisabled: false }), 201);
  assert.is(created.emailAddress, 'new.applicant@example.org');
  assert.is(created.onlineAccessDisabled, false);
  assert.is(created.status, 'invited');
  assert.is(created.createdByName, 'Alex Admin');
  assert.is(created.version, 1);
});

test('a duplicate e-mail (any case) is refused naming the field and linking to the existing record', async () => {
  const existing = await expectStatus<Page>(await admin.get(`${RECORDS}?q=new.applicant`), 200);
  const res = await admin.post(RECORDS, { emailAddress: 'NEW.APPLICANT@example.org' });
  const body = await expectStatus<{ error: { fields: Array<{ path: string; message: string; link: string }> } }>(res, 400);
  assert.is(body.error.fields[0]!.path, 'emailAddress');
  assert.match(body.error.fields[0]!.message, 'already used');
  assert.is(body.error.fields[0]!.link, `/security/portal-users/${existing.items[0]!.id}`);
});

test('bad input names each field: bad e-mail, unknown field, read-only field, missing e-mail', async () => {
  const body = await expectStatus<{ error: { fields: Array<{ path: string }> } }>(
    await admin.post(RECORDS, { emailAddress: 'not-an-address', favouriteColour: 'blue', status: 'active' }), 400);
  assert.equal(body.error.fields.map((f) => f.path).sort(), ['emailAddress', 'favouriteColour', 'status']);
  const missing = await expectStatus<{ error: { fields: Array<{ path: string }> } }>(await admin.post(RECORDS, { displayName: 'No Mail' }), 400);
  assert.equal(missing.error.fields.map((f) => f.path), ['emailAddress']);
  const notObject = await admin.request(RECORDS, { method: 'POST', json: ['x'] });
  assert.is(notObject.status, 400);
});

test('keyword search narrows on e-mail and display name; every word must match; totals are exact', async () => {
  const moya = await expectStatus<Page>(await admin.get(`${RECORDS}?q=moya.example&limit=200`), 200);
  assert.is(moya.total, 60);
  assert.ok(moya.totalExact);
  assert.ok(moya.items.every((u) => String(u.emailAddress).endsWith('@moya.example')));
  // Several words: each must match one of the keyword fields. Checked against an in-memory evaluation of all rows.
  const all = (await expectStatus<Page>(await admin.get(`${RECORDS}?limit=200`), 200)).items;
  const words = ['kauri', 'moya'];
  const expected = all.filter((u) => words.every((w) => [u.emailAddress, u.displayName, u.userName].some((v) => String(v ?? '').toLowerCase().includes(w)))).map((u) => u.id).sort();
  const both = await expectStatus<Page>(await admin.get(`${RECORDS}?q=${encodeURIComponent('Kauri MOYA')}&limit=200`), 200);
  assert.ok(expected.length > 0 && expected.length < all.length);
  assert.equal(both.items.map((u) => u.id).sort(), expected);
  assert.is(both.total, expected.length);
  const none = await expectStatus<Page>(await admin.get(`${RECORDS}?q=${encodeURIComponent('%_nothing')}`), 200);
  assert.is(none.total, 0, 'LIKE wildcards in the keyword are literal');
});

test('filters and sorting', async () => {
  const disabled = await expectStatus<Page>(await admin.get(`${RECORDS}?filter.onlineAccessDisabled=true&limit=200`), 200);
  assert.is(disabled.total, 18);
  assert.ok(disabled.items.every((u) => u.onlineAccessDisabled === true && u.status === 'disabled'));
  const asc = await expectStatus<Page>(await admin.get(`${RECORDS}?sort=emailAddress&limit=10`), 200);
  const emails = asc.items.map((u) => String(u.emailAddress));
  assert.equal(emails, [...emails].sort());
  const desc = await expectStatus<Page>(await admin.get(`${RECORDS}?sort=-emailAddress&limit=10`), 200);
  assert.is(desc.items[0]!.emailAddress, 'new.applicant@example.org');
  const badSort = await expectStatus<{ error: { fields: Array<{ path: string }> } }>(await admin.get(`${RECORDS}?sort=mustChangePassword`), 400);
  assert.is(badSort.error.fields[0]!.path, 'sort');
  await expectStatus(await admin.get(`${RECORDS}?filter.nonsense=1`), 400);
  await expectStatus(await admin.get(`${RECORDS}?after=garbage`), 400);
});

test('keyset paging is stable while rows are inserted: no row twice, no existing row missed', async () => {
  const before = await expectStatus<Page>(await admin.get(`${RECORDS}?sort=emailAddress&limit=200`), 200);
  const seen: string[] = [];
  let cursor: string | null = null;
  let inserted = 0;
  do {
    const page: Page = await expectStatus<Page>(await admin.get(`${RECORDS}?sort=emailAddress&limit=25${cursor ? `&after=${cursor}` : ''}`), 200);
    seen.push(...page.items.map((u) => u.id));
    cursor = page.nextCursor;
    // Someone creates users meanwhile: one sorting before the cursor, one after.
    await expectStatus(await admin.post(RECORDS, { emailAddress: `aaa-${inserted}@insert.example` }), 201);
    await expectStatus(await admin.post(RECORDS, { emailAddress: `zzz-${inserted++}@insert.example` }), 201);
  } while (cursor);
  assert.is(new Set(seen).size, seen.length, 'no duplicates');
  for (const u of before.items) assert.ok(seen.includes(u.id), `missed ${u.emailAddress}`);
});

test('a stale update is refused with 409 and changes nothing', async () => {
  const [user] = (await expectStatus<Page>(await admin.get(`${RECORDS}?q=applicant005`), 200)).items;
  const first = await expectStatus<{ version: number; displayName: string }>(await admin.patch(`${RECORDS}/${user!.id}`, { version: user!.version, displayName: 'First Edit' }), 200);
  assert.is(first.version, user!.version + 1);
  const stale = await admin.patch(`${RECORDS}/${user!.id}`, { version: user!.version, displayName: 'Second Edit' });
  const body = await expectStatus<{ error: { code: string } }>(stale, 409);
  assert.is(body.error.code, 'conflict');
  const now = await expectStatus<{ displayName: string }>(await admin.get(`${RECORDS}/${user!.id}`), 200);
  assert.is(now.displayName, 'First Edit');
  await expectStatus(await admin.patch(`${RECORDS}/${user!.id}`, { displayName: 'no version' }), 400);
});

test('without privileges: anonymous 401, no read 403, read-only cannot create or change', async () => {
  const anonymous = await fetch(`${h.url}${RECORDS}`);
  assert.is(anonymous.status, 401);
  const nobody = await staffWithPrivileges(h.url, admin, ['module.security']);
  await expectStatus(await nobody.client.get(RECORDS), 403);
  const reader = await staffWithPrivileges(h.url, admin, ['module.security', 'entity.tc_portaluser.read']);
  const page = await expectStatus<Page>(await reader.client.get(`${RECORDS}?limit=1`), 200);
  await expectStatus(await reader.client.post(RECORDS, { emailAddress: 'sneaky@example.org' }), 403);
  await expectStatus(await reader.client.patch(`${RECORDS}/${page.items[0]!.id}`, { version: page.items[0]!.version, displayName: 'x' }), 403);
  await expectStatus(await reader.client.post(`/api/portal/users/${page.items[0]!.id}/notify`, {}), 403);
  const meta = await expectStatus<{ can: Record<string, boolean> }>(await reader.client.get('/api/entities/tc_portaluser'), 200);
  assert.equal(meta.can, { read: true, write: false, create: false, delete: false });
});

test('Notify user e-mails an invitation with a set-password link, through the outbox and SMTP', async () => {
  const created = await expectStatus<{ id: string }>(await admin.post(RECORDS, { emailAddress: 'inspector.iris@example.org', onlineAccessDisabled: false }), 201);
  const count = smtp.messages.length;
  await expectStatus(await admin.post(`/api/portal/users/${created.id}/notify`, {}), 200);
  await smtp.waitFor(count + 1, 10_000);
  const mail = smtp.messages[count]!;
  assert.match(String(mail.to && 'text' in mail.to ? mail.to.text : JSON.stringify(mail.to)), 'inspector.iris@example.org');
  assert.match(mail.subject ?? '', 'portal account is ready');
  assert.match(mail.text ?? '', /\/portal\/set-password\?token=[A-Za-z0-9_-]{43}/);
});

test('Reset access re-enables online access, clears failures, e-mails a reset link; bulk works too', async () => {
  const disabled = (await expectStatus<Page>(await admin.get(`${RECORDS}?filter.onlineAccessDisabled=true&limit=2`), 200)).items;
  const count = smtp.messages.length;
  const result = await expectStatus<{ items: Array<{ id: string }> }>(await admin.post('/api/portal/users/bulk/reset-access', { ids: disabled.map((u) => u.id) }), 200);
  assert.is(result.items.length, 2);
  for (const u of disabled) {
    const now = await expectStatus<{ onlineAccessDisabled: boolean; status: string; authFailureCount: number }>(await admin.get(`${RECORDS}/${u.id}`), 200);
    assert.is(now.onlineAccessDisabled, false);
    assert.is(now.authFailureCount, 0);
    assert.is(now.status, 'invited');
  }
  await smtp.waitFor(count + 2, 10_000);
  assert.ok(smtp.messages.slice(count).every((m) => /Reset your Portico portal password/.test(m.subject ?? '')));
  const audit = await expectStatus<{ items: Array<{ action: string; recordId: string }> }>(await admin.get(`/api/security/audit?entity=tc_portaluser&recordId=${disabled[0]!.id}`), 200);
  assert.ok(audit.items.some((a) => a.action === 'reset-access'));
  await expectStatus(await admin.post('/api/portal/users/bulk/reset-access', { ids: [] }), 400);
  await expectStatus(await admin.post('/api/portal/users/bulk/notify', { ids: ['00000000-0000-4000-8000-000000000000'] }), 404);
});

test('System › Outbox lists the e-mails written, with bodies only for holders of the outbox privilege', async () => {
  const page = await expectStatus<{ items: Array<{ id: number; to: string[]; subject: string; status: string }>; counts: Record<string, number> }>(
    await admin.get('/api/system/outbox?q=inspector.iris'), 200);
  const invitation = page.items.find((m) => m.to.includes('inspector.iris@example.org'));
  assert.ok(invitation, 'the invitation is in the outbox');
  assert.is(invitation.status, 'sent');
  assert.ok(page.counts.sent! >= 1);
  const full = await expectStatus<{ text: string }>(await admin.get(`/api/system/outbox/${invitation.id}`), 200);
  assert.match(full.text, '/portal/set-password?token=');
  const portalStaff = await staffWithPrivileges(h.url, admin, ['module.security', 'entity.tc_portaluser.read', 'entity.tc_portaluser.write']);
  await expectStatus(await portalStaff.client.get(`/api/system/outbox/${invitation.id}`), 403);
  await expectStatus(await admin.get('/api/system/outbox/not-a-number'), 400);
  await expectStatus(await admin.get('/api/system/outbox/999999'), 404);
});

test.run();
