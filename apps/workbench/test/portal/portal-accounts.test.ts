import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inArray } from 'drizzle-orm';
import { authThrottle, throttleKeys } from '@portico/auth';
import { portalUsers } from '@portico/plugin-portal/node';
import {
  APPLICANT, FormClient, RECORDS, createActiveUser, createPortalUser, expectStatus, linkIn, mailTo, mailsTo, normalise, portalSignIn, settle, startPortalWorkbench,
  strongPassword, uniqueEmail, type PortalHarness,
} from './portal-fixtures';

let p: PortalHarness;

test.before(async () => {
  p = await startPortalWorkbench({ PORTAL_LOCK_THRESHOLD: '3', PORTAL_BRAND_NAME: 'Nursing Council', PORTAL_BRAND_COLOR: '#00594f' });
});
test.after(async () => {
  await p?.stop();
});

const row = async (id: string) => (await p.h.running.workbench.db.db.select().from(portalUsers)).find((u) => u.id === id)!;
const record = async (id: string) => expectStatus<Record<string, unknown> & { version: number }>(await p.admin.get(`${RECORDS}/${id}`), 200);
const patch = async (id: string, fields: Record<string, unknown>) => {
  const { version } = await record(id);
  await expectStatus(await p.admin.patch(`${RECORDS}/${id}`, { version, ...fields }), 200, 'patch portal user');
};

test('branding comes from PORTAL_BRAND_NAME and PORTAL_BRAND_COLOR', async () => {
  const page = await new FormClient(p.h.url).get(`${APPLICANT}/sign-in`);
  assert.match(page.text, 'Nursing Council');
  assert.match(page.text, '--portal-accent:#00594f');
  assert.match(page.text, '--portal-on-accent:#ffffff');
});

test('after a password reset every session of the user ends and an e-mail says the password changed', async () => {
  const user = await createActiveUser(p);
  const { client: phone, res } = await portalSignIn(p.h.url, user.email, user.password);
  assert.is(res.status, 303);
  assert.is((await phone.get(APPLICANT)).status, 200, 'signed in on the phone');
  assert.is((await user.client.get(APPLICANT)).status, 200, 'signed in on the laptop');
  await new FormClient(p.h.url).submit(`${APPLICANT}/forgot-password`, { identifier: user.email });
  const link = linkIn(await mailTo(p.smtp, user.email, /Reset your/));
  const c = new FormClient(p.h.url);
  await c.get(link);
  const password = strongPassword();
  const done = await c.request('/portal/set-password', { form: { token: new URL(link, p.h.url).searchParams.get('token')!, password, confirm: password } });
  assert.is(done.status, 303);
  assert.is((await phone.get(APPLICANT)).status, 303, 'phone signed out');
  assert.is((await user.client.get(APPLICANT)).status, 303, 'laptop signed out');
  assert.is((await c.get(APPLICANT)).status, 200, 'the resetting browser is signed in');
  const changed = await mailTo(p.smtp, user.email, /password was changed/);
  assert.match(changed.subject ?? '', 'Nursing Council');
  assert.is((await portalSignIn(p.h.url, user.email, user.password)).res.status, 401, 'old password no longer works');
  assert.is((await portalSignIn(p.h.url, user.email, password)).res.status, 303);
});

test('activation by user name: same reply whatever happens; a one-time password that forces a change at first sign-in', async () => {
  const userName = `jdoe${Date.now().toString(36)}`;
  const user = await createPortalUser(p.admin, { userName, displayName: 'Jo Doe' });
  const replies = [];
  for (const name of [userName, 'no-such-user-name']) {
    const r = await new FormClient(p.h.url).submit('/portal/activate?portal=applicant', { userName: name, portal: 'applicant' }, '/portal/activate');
    replies.push({ status: r.status, text: normalise(r.text, name) });
  }
  assert.is(replies[0]!.status, 200);
  assert.equal(replies[1], replies[0]);
  const mail = await mailTo(p.smtp, user.email, /one-time password/);
  const otp = /\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b/.exec(mail.text ?? '')?.[1];
  assert.ok(otp, `no one-time password in ${mail.text}`);
  assert.ok((await row(user.id)).mustChangePassword);
  // A second request does not replace the password (the account has one now).
  await new FormClient(p.h.url).submit('/portal/activate', { userName, portal: 'applicant' });
  await settle();
  assert.is(mailsTo(p.smtp, user.email).filter((m) => /one-time password/.test(m.subject ?? '')).length, 1);
  // First sign-in with the user name: straight to the forced change; nothing else is reachable.
  const { client, res } = await portalSignIn(p.h.url, userName.toUpperCase(), otp);
  assert.is(res.status, 303);
  assert.is(res.location, '/portal/change-password?portal=applicant');
  for (const path of [APPLICANT, `${APPLICANT}/account`]) {
    const r = await client.get(path);
    assert.is(r.status, 303, path);
    assert.is(r.location, '/portal/change-password?portal=applicant', path);
  }
  const blocked = await client.submit('/portal/change-password?portal=applicant', { portal: 'applicant', displayName: 'x' }, `${APPLICANT}/account/profile`);
  assert.is(blocked.status, 303);
  assert.is(blocked.location, '/portal/change-password?portal=applicant');
  const page = await client.get('/portal/change-password?portal=applicant');
  assert.is(page.status, 200);
  assert.match(page.text, 'You must choose a new password');
  const same = await client.request('/portal/change-password', { form: { portal: 'applicant', password: otp, confirm: otp } });
  assert.is(same.status, 400);
  const mismatch = await client.request('/portal/change-password', { form: { portal: 'applicant', password: strongPassword(), confirm: strongPassword() } });
  assert.is(mismatch.status, 400);
  assert.match(mismatch.text, 'do not match');
  assert.match(mismatch.text, '<a href="#f-confirm">');
  const password = strongPassword();
  const ok = await client.request('/portal/change-password', { form: { portal: 'applicant', password, confirm: password } });
  assert.is(ok.status, 303);
  assert.is(ok.location, APPLICANT);
  const home = await client.get(APPLICANT);
  assert.is(home.status, 200);
  assert.match(home.text, 'Welcome, Jo Doe');
  assert.not.ok((await row(user.id)).mustChangePassword);
  assert.is((await portalSignIn(p.h.url, userName, otp)).res.status, 401, 'the one-time password is gone');
  assert.is((await portalSignIn(p.h.url, user.email, password)).res.status, 303);
});

test('Must Change Password set by staff forces the change at the next sign-in', async () => {
  const user = await createActiveUser(p);
  await patch(user.id, { mustChangePassword: true });
  const { client, res } = await portalSignIn(p.h.url, user.email, user.password);
  assert.is(res.location, '/portal/change-password?portal=applicant');
  assert.is((await client.get(APPLICANT)).location, '/portal/change-password?portal=applicant');
  const password = strongPassword();
  await client.get('/portal/change-password?portal=applicant');
  assert.is((await client.request('/portal/change-password', { form: { portal: 'applicant', password, confirm: password } })).status, 303);
  assert.is((await client.get(APPLICANT)).status, 200);
});

test('failed sign-ins lock the account at PORTAL_LOCK_THRESHOLD; a locked account cannot sign in; staff reset unlocks', async () => {
  const user = await createActiveUser(p);
  for (let i = 1; i <= 3; i++) {
    const { res } = await portalSignIn(p.h.url, user.email, `wrong-${strongPassword()}`);
    assert.is(res.status, 401, `failure ${i}`);
    assert.is((await row(user.id)).authFailureCount, i);
  }
  assert.ok((await row(user.id)).lockedAt, 'locked at the third failure');
  assert.is((await record(user.id)).status, 'locked');
  const locked = await portalSignIn(p.h.url, user.email, user.password);
  assert.is(locked.res.status, 401, 'right password, locked account: the generic failure');
  assert.match(locked.res.text, 'Sign-in failed.');
  assert.is((await user.client.get(APPLICANT)).status, 303, 'existing session of a locked account ends');
  await expectStatus(await p.admin.post(`/api/portal/users/${user.id}/reset-access`), 200, 'reset access');
  assert.is((await portalSignIn(p.h.url, user.email, user.password)).res.status, 303, 'unlocked');
  assert.is((await row(user.id)).authFailureCount, 0);
});

test('a sign-in after failures resets the count, records the sign-in and clears the throttle (written with the new session)', async () => {
  const user = await createActiveUser(p);
  const before = (await row(user.id)).lastSignInAt;
  for (let i = 1; i <= 2; i++) assert.is((await portalSignIn(p.h.url, user.email, `wrong-${strongPassword()}`)).res.status, 401);
  const keys = [throttleKeys.email(user.email), throttleKeys.account('portal', user.id)];
  const counted = async () => (await p.h.running.workbench.db.db.select().from(authThrottle).where(inArray(authThrottle.key, keys))).map((r) => r.key).sort();
  assert.equal(await counted(), [...keys].sort(), 'both keys counted the failures');
  assert.is((await row(user.id)).authFailureCount, 2);
  const { client, res } = await portalSignIn(p.h.url, user.email.toUpperCase(), user.password);
  assert.is(res.status, 303);
  assert.is((await client.get(APPLICANT)).status, 200, 'signed in');
  const after = await row(user.id);
  assert.is(after.authFailureCount, 0);
  assert.ok(after.lastSignInAt && (!before || after.lastSignInAt > before), 'last sign-in recorded');
  assert.equal(await counted(), [], 'the throttle forgot the account');
});

test('Online Access Disabled: the account cannot sign in, gets no reset link and its sessions end', async () => {
  const user = await createActiveUser(p);
  assert.is((await user.client.get(APPLICANT)).status, 200);
  await patch(user.id, { onlineAccessDisabled: true });
  assert.is((await user.client.get(APPLICANT)).status, 303, 'signed out at the next request');
  const { res } = await portalSignIn(p.h.url, user.email, user.password);
  assert.is(res.status, 401);
  assert.match(res.text, 'Sign-in failed.');
  const before = mailsTo(p.smtp, user.email).length;
  await new FormClient(p.h.url).submit(`${APPLICANT}/forgot-password`, { identifier: user.email });
  await settle(500);
  assert.is(mailsTo(p.smtp, user.email).length, before, 'no reset e-mail');
});

test('account page: display name, e-mail change confirmed by e-mail, password change, sign out everywhere', async () => {
  const user = await createActiveUser(p);
  const c = user.client;
  const account = await c.get(`${APPLICANT}/account`);
  assert.is(account.status, 200);
  for (const label of ['Display name', 'New e-mail address', 'Current password', 'Sign out everywhere']) assert.match(account.text, label);
  // Display name.
  const saved = await c.request(`${APPLICANT}/account/profile`, { form: { displayName: 'Ana <Applicant>' } });
  assert.is(saved.status, 303);
  const home = await c.get(APPLICANT);
  assert.match(home.text, 'Welcome, Ana &lt;Applicant&gt;');
  // E-mail change: the password is asked again.
  await c.get(`${APPLICANT}/account`);
  const newEmail = uniqueEmail('moved');
  const wrong = await c.request(`${APPLICANT}/account/email`, { form: { newEmail, emailPassword: 'not-my-password' } });
  assert.is(wrong.status, 400);
  assert.match(wrong.text, 'Your password is not right.');
  assert.match(wrong.text, 'id="f-emailPassword"');
  const asked = await c.request(`${APPLICANT}/account/email`, { form: { newEmail, emailPassword: user.password } });
  assert.is(asked.status, 303);
  assert.is((await row(user.id)).email, user.email, 'unchanged until confirmed');
  const confirm = await mailTo(p.smtp, newEmail, /Confirm your new e-mail address/);
  const link = linkIn(confirm, '/portal/verify-email');
  const v = new FormClient(p.h.url);
  const shown = await v.get(link);
  assert.is(shown.status, 200);
  assert.match(shown.text, newEmail);
  const confirmed = await v.request('/portal/verify-email', { form: { token: new URL(link, p.h.url).searchParams.get('token')! } });
  assert.is(confirmed.status, 200);
  assert.is((await row(user.id)).email, newEmail);
  await mailTo(p.smtp, user.email, /e-mail address was changed/);
  // Password change: other sessions end, this one stays.
  const { client: other } = await portalSignIn(p.h.url, newEmail, user.password);
  assert.is((await other.get(APPLICANT)).status, 200);
  await c.get(`${APPLICANT}/account`);
  const badCurrent = await c.request(`${APPLICANT}/account/password`, { form: { currentPassword: 'nope-nope-nope', password: strongPassword(), confirm: 'x' } });
  assert.is(badCurrent.status, 400);
  const password = strongPassword();
  const changed = await c.request(`${APPLICANT}/account/password`, { form: { currentPassword: user.password, password, confirm: password } });
  assert.is(changed.status, 303);
  assert.is((await c.get(APPLICANT)).status, 200, 'this session stays');
  assert.is((await other.get(APPLICANT)).status, 303, 'the other session ended');
  await mailTo(p.smtp, newEmail, /password was changed/);
  // Sign out everywhere.
  const { client: third } = await portalSignIn(p.h.url, newEmail, password);
  assert.is((await third.get(APPLICANT)).status, 200);
  await c.get(`${APPLICANT}/account`);
  const everywhere = await c.request(`${APPLICANT}/account/sign-out-everywhere`, { form: {} });
  assert.is(everywhere.status, 303);
  assert.is((await c.get(APPLICANT)).status, 303);
  assert.is((await third.get(APPLICANT)).status, 303);
});

test.run();
