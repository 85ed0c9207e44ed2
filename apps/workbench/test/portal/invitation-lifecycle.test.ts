import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'drizzle-orm';
import { FormClient, RECORDS, createPortalUser, expectStatus, linkIn, mailTo, startPortalWorkbench, strongPassword, type PortalHarness } from './portal-fixtures';

let p: PortalHarness;

test.before(async () => {
  p = await startPortalWorkbench({ PORTAL_INVITATION_HOURS: '5' });
});
test.after(async () => {
  await p?.stop();
});

const statusOf = async (id: string): Promise<string> => (await expectStatus<{ status: string }>(await p.admin.get(`${RECORDS}/${id}`), 200)).status;

test('an invitation lasts PORTAL_INVITATION_HOURS; when it runs out the status says "link expired"', async () => {
  const user = await createPortalUser(p.admin);
  const before = Date.now();
  await expectStatus(await p.admin.post(`/api/portal/users/${user.id}/notify`), 200);
  assert.is(await statusOf(user.id), 'invited');
  const [row] = await p.h.running.workbench.db.rows<{ expires: string }>(sql`select invitation_expires_at::text as expires from portal_users where id = ${user.id}`);
  const hours = (new Date(row!.expires).getTime() - before) / 3_600_000;
  assert.ok(hours > 4.99 && hours < 5.01, `expires after ${hours} h`);
  assert.match((await mailTo(p.smtp, user.email, /portal account is ready/)).text ?? '', 'expires in 5 hours');
  // Time passes (moved in the database rather than waiting five hours).
  await p.h.running.workbench.db.db.execute(sql`update portal_users set invitation_expires_at = now() - interval '1 minute' where id = ${user.id}`);
  assert.is(await statusOf(user.id), 'link-expired');
  const expired = await expectStatus<{ total: number; items: Array<{ id: string }> }>(await p.admin.get(`${RECORDS}?filter.status=link-expired`), 200);
  assert.ok(expired.items.some((u) => u.id === user.id), 'the list can be filtered by status');
});

test('revoke makes the link stop working; resend (Notify user) gives a new one that works', async () => {
  const user = await createPortalUser(p.admin);
  await expectStatus(await p.admin.post(`/api/portal/users/${user.id}/notify`), 200);
  const first = linkIn(await mailTo(p.smtp, user.email, /portal account is ready/));
  const revoked = await expectStatus<{ items: Array<{ revoked: number }> }>(await p.admin.post(`/api/portal/users/${user.id}/revoke-invitation`), 200);
  assert.is(revoked.items[0]!.revoked, 1);
  assert.is(await statusOf(user.id), 'link-expired');

  const password = strongPassword();
  const client = new FormClient(p.h.url);
  const refused = await client.submit(first, { token: new URL(first, p.h.url).searchParams.get('token')!, password, confirm: password }, '/portal/set-password');
  assert.is.not(refused.status, 303, 'the revoked link does not set a password');
  assert.is(await statusOf(user.id), 'link-expired');

  const count = p.smtp.messages.length;
  await expectStatus(await p.admin.post(`/api/portal/users/${user.id}/notify`), 200);
  assert.is(await statusOf(user.id), 'invited');
  await p.smtp.waitFor(count + 1, 10_000);
  const second = linkIn(p.smtp.messages.slice(count).find((m) => /portal account is ready/.test(m.subject ?? ''))!);
  assert.is.not(second, first);
  const done = await new FormClient(p.h.url).submit(second, { token: new URL(second, p.h.url).searchParams.get('token')!, password, confirm: password }, '/portal/set-password');
  assert.is(done.status, 303, done.text.slice(0, 300));
  assert.is(await statusOf(user.id), 'active');

  const audit = await expectStatus<{ items: Array<{ action: string }> }>(await p.admin.get(`/api/security/audit?entity=tc_portaluser&recordId=${user.id}`), 200);
  assert.ok(audit.items.some((a) => a.action === 'revoke-invitation'));
});

test('bulk revoke; a reader may not revoke', async () => {
  const a = await createPortalUser(p.admin);
  const b = await createPortalUser(p.admin);
  await expectStatus(await p.admin.post('/api/portal/users/bulk/notify', { ids: [a.id, b.id] }), 200);
  await expectStatus(await p.admin.post('/api/portal/users/bulk/revoke-invitation', { ids: [a.id, b.id] }), 200);
  assert.is(await statusOf(a.id), 'link-expired');
  assert.is(await statusOf(b.id), 'link-expired');
  await expectStatus(await p.admin.post('/api/portal/users/bulk/revoke-invitation', { ids: ['nope'] }), 400);
});

test.run();
