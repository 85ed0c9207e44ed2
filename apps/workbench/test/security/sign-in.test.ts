/**
 * Sign-in, sessions, throttling, CSRF, password policy and first-run setup, through the HTTP
 * API of a workbench with the default plugins.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StaffUserView } from '@portico/plugin-security/common';
import { PrincipalResolver } from '@portico/access';
import { TestClient } from '../http-client';
import {
  COOKIE, VISITOR_COOKIE, assertErrorShape, staffWithPrivileges, createStaffUser, expectStatus, issueSetupToken, signIn, signedInClient,
  startSecurityWorkbench, strongPassword, uniqueEmail, type ApiError, type SecurityHarness, type Staff,
} from './fixtures';

let h: SecurityHarness;
let firstAdmin: Staff;
let admin: TestClient;
let adminGroupId: string;

/** GET /api/shell/session with exactly this session cookie (no jar). */
async function sessionWithCookie(value: string): Promise<{ user: { id: string } | null }> {
  const res = await fetch(new URL('/api/shell/session', h.url), { headers: { cookie: `${COOKIE}=${value}` } });
  assert.is(res.status, 200);
  return (await res.json()) as { user: { id: string } | null };
}

test.before(async () => {
  h = await startSecurityWorkbench();
});
test.after(async () => {
  await h?.stop();
});

// ── First run (runs first: the database starts without staff users) ────────────────────────

test('first run: setup is required, an older link dies when a new one is issued, a link works once (a refused password does not use it up)', async () => {
  const anonymous = new TestClient(h.url);
  assert.equal(await expectStatus(await anonymous.get('/api/security/setup'), 200), { required: true });

  const older = await issueSetupToken(h.running);
  const token = await issueSetupToken(h.running);
  assert.ok(older && token && older !== token);
  const input = { name: 'Ada Admin', email: uniqueEmail('admin'), password: strongPassword() };

  const stale = await expectStatus<ApiError>(await anonymous.post('/api/security/setup', { token: older, ...input }), 400, 'superseded link');
  assert.ok(stale.error.fields?.some((f) => f.path === 'token'), JSON.stringify(stale));
  const bogus = await expectStatus<ApiError>(await anonymous.post('/api/security/setup', { token: 'not-a-token', ...input }), 400, 'made-up token');
  assert.ok(bogus.error.fields?.some((f) => f.path === 'token'));

  // A password the policy refuses does not use up the link: the person fixes it and sends again.
  const weak = await expectStatus<ApiError>(await anonymous.post('/api/security/setup', { token, ...input, password: 'too-short' }), 400, 'weak password at setup');
  assert.equal(weak.error.fields?.map((f) => f.path), ['password']);
  assert.equal(await expectStatus(await anonymous.get('/api/security/setup'), 200), { required: true });

  const created = await expectStatus<{ id: string; email: string }>(await anonymous.post('/api/security/setup', { token, ...input }), 201, 'setup');
  assert.is(created.email, input.email);
  firstAdmin = { id: created.id, ...input };

  const again = await expectStatus<ApiError>(
    await anonymous.post('/api/security/setup', { token, name: 'Mallory', email: uniqueEmail('mallory'), password: strongPassword() }),
    400,
    'second use of the link',
  );
  assert.ok(again.error.fields?.some((f) => f.path === 'token'));
  assert.equal(await expectStatus(await anonymous.get('/api/security/setup'), 200), { required: false });
  assert.is(await issueSetupToken(h.running), undefined, 'a setup link is still issued after the first administrator exists');

  admin = await signedInClient(h.url, firstAdmin);
  const me = await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${firstAdmin.id}`), 200);
  assert.is(me.groupIds.length, 1);
  adminGroupId = me.groupIds[0]!;
  const users = await expectStatus<{ items: StaffUserView[] }>(await admin.get('/api/security/staff-users'), 200);
  assert.equal(users.items.map((u) => u.email), [input.email], 'the second use of the link created a user');
});

// ── Sessions ──────────────────────────────────────────────────────────────────────────────

test('a visitor gets a signed CSRF cookie, no session; sign-in issues a new session id and the previous one stops working', async () => {
  const user = await createStaffUser(admin);
  const client = new TestClient(h.url);
  const visitorToken = await client.csrfToken(); // what the sign-in page does
  assert.is(client.cookie(COOKIE), undefined, 'a visitor got a session cookie (a session row) before signing in');
  assert.is(client.cookie(VISITOR_COOKIE), visitorToken, 'the visitor token is not the one in the visitor cookie');
  assert.is((await client.get('/api/shell/session').then((r) => r.json()) as { csrfToken: string }).csrfToken, visitorToken, 'the visitor token changed between two page loads');

  const first = await expectStatus<{ user: { id: string }; csrfToken: string }>(await signIn(client, user.email, user.password), 200);
  const before = client.cookie(COOKIE);
  assert.ok(before, 'no session cookie after sign-in');
  assert.is.not(first.csrfToken, visitorToken, 'the session kept the visitor token');
  assert.is((await sessionWithCookie(before)).user?.id, user.id);

  // Signing in again (another account, same browser) replaces the session: against session
  // fixation, an id known before sign-in is worthless afterwards.
  const other = await createStaffUser(admin);
  const body = await expectStatus<{ user: { id: string }; csrfToken: string }>(await signIn(client, other.email, other.password), 200);
  assert.is(body.user.id, other.id);
  const after = client.cookie(COOKIE);
  assert.ok(after && after !== before, 'the session cookie did not change at sign-in');
  assert.is((await sessionWithCookie(after)).user?.id, other.id);
  assert.is((await sessionWithCookie(before)).user, null, 'the old session id still authenticates');
  // …and the old id carries no signed-in access to a protected route either.
  const res = await fetch(new URL('/api/security/staff-users', h.url), { headers: { cookie: `${COOKIE}=${before}` } });
  assert.is(res.status, 401);
  // A session id made up by an attacker is not adopted: the server issues its own at sign-in.
  const planted = new TestClient(h.url);
  await planted.csrfToken();
  const made = await fetch(new URL('/api/security/sign-in', h.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': planted.cookie(VISITOR_COOKIE)!, cookie: `${VISITOR_COOKIE}=${planted.cookie(VISITOR_COOKIE)}; ${COOKIE}=s%3Aattacker-chosen-id.x` },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  assert.is(made.status, 200);
  const issued = made.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  assert.ok(issued && !issued.includes('attacker-chosen-id'), 'the planted session id was kept');
});

test('unknown e-mail, wrong password, disabled user and user without password get the same answer', async () => {
  const active = await createStaffUser(admin);
  const disabled = await createStaffUser(admin, { disabled: true });
  const noPassword = await createStaffUser(admin, { password: null });
  const attempts: Array<[string, string, string]> = [
    ['unknown e-mail', uniqueEmail('nobody'), strongPassword()],
    ['wrong password', active.email, strongPassword()],
    ['disabled user (right password)', disabled.email, disabled.password],
    ['user without password', noPassword.email, strongPassword()],
  ];
  const answers: Array<{ what: string; status: number; body: string; retryAfter: string | null }> = [];
  for (const [what, email, password] of attempts) {
    const client = new TestClient(h.url);
    const res = await signIn(client, email, password);
    answers.push({ what, status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') });
    assert.is((await client.get('/api/shell/session').then((r) => r.json()) as { user: unknown }).user, null, `${what}: signed in`);
  }
  for (const a of answers) {
    assert.is(a.status, 401, `${a.what}: ${a.status} ${a.body}`);
    assert.is(a.retryAfter, null, `${a.what}: Retry-After on a plain failure`);
    const body = JSON.parse(a.body) as ApiError & { error: { requestId?: string } };
    assertErrorShape(body, a.what);
    delete body.error.requestId; // differs per request by design
    assert.equal(body, { error: { code: 'sign_in_failed', message: 'Sign-in failed. Check your e-mail address and password and try again.' } }, a.what);
  }
});

test('throttling: after 5 failures → 429 with Retry-After, a right password is refused while blocked, other accounts unaffected', async () => {
  const victim = await createStaffUser(admin);
  const bystander = await createStaffUser(admin);
  const client = new TestClient(h.url);
  for (let i = 1; i <= 5; i++) {
    const res = await signIn(client, victim.email, `wrong-password-${i}-${randomUUID()}`);
    assert.is(res.status, 401, `failure ${i} answered ${res.status}`);
  }
  // The 5th failure starts a 1 s block: a right password is refused while it lasts.
  let blocked = await signIn(client, victim.email, victim.password);
  assert.is(blocked.status, 429, await blocked.clone().text());
  const body = (await blocked.json()) as ApiError;
  assertErrorShape(body, '429');
  assert.is(body.error.code, 'sign_in_failed');
  assert.is(body.error.message, 'Sign-in failed. Check your e-mail address and password and try again.');
  const retry1 = Number(blocked.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry1) && retry1 >= 1 && retry1 <= 1, `Retry-After after 5 failures: ${blocked.headers.get('retry-after')}`);
  assert.is((await (await client.get('/api/shell/session')).json() as { user: unknown }).user, null);

  // The count is per account: another account signs in meanwhile (same client address).
  await expectStatus(await signIn(new TestClient(h.url), bystander.email, bystander.password), 200, 'other account while victim is blocked');

  // After the block, one more failure doubles the delay (2 s), and again the right password is refused.
  await new Promise((r) => setTimeout(r, retry1 * 1000 + 100));
  assert.is((await signIn(client, victim.email, 'still-the-wrong-password')).status, 401);
  blocked = await signIn(client, victim.email, victim.password);
  assert.is(blocked.status, 429);
  const retry2 = Number(blocked.headers.get('retry-after'));
  assert.ok(retry2 === 2, `Retry-After after 6 failures: ${retry2} (expected 2: the delay doubles)`);

  // Administrators see the failures on the account (429s are not attempts: they are not counted).
  const view = await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${victim.id}`), 200);
  assert.is(view.failedSignIns, 6);
  const other = await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${bystander.id}`), 200);
  assert.is(other.failedSignIns, 0);

  // Once the block is over the right password works again and resets the count.
  await new Promise((r) => setTimeout(r, retry2 * 1000 + 100));
  await expectStatus(await signIn(client, victim.email, victim.password), 200, 'after the block');
  const reset = await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${victim.id}`), 200);
  assert.is(reset.failedSignIns, 0);
  assert.ok(reset.lastSignInAt);
  // …and clears the throttle's count (written with the new session): 5 more failures are free
  // again, where the old count would have blocked at once.
  for (let i = 1; i <= 5; i++) assert.is((await signIn(client, victim.email, `wrong-again-${i}`)).status, 401, `failure ${i} after the reset`);
});

test('sign-out ends the session, also for a copy of its cookie', async () => {
  const user = await createStaffUser(admin);
  const client = await signedInClient(h.url, user);
  const cookie = client.cookie(COOKIE)!;
  assert.is((await sessionWithCookie(cookie)).user?.id, user.id);
  await expectStatus(await client.post('/api/security/sign-out'), 204);
  assert.is((await (await client.get('/api/shell/session')).json() as { user: unknown }).user, null);
  assert.is((await sessionWithCookie(cookie)).user, null, 'the signed-out session id still authenticates');
  assert.is((await fetch(new URL('/api/security/staff-users', h.url), { headers: { cookie: `${COOKIE}=${cookie}` } })).status, 401);
});

test("disabling a user ends their existing session at the next request", async () => {
  const user = await createStaffUser(admin, { groupIds: [adminGroupId] });
  const client = await signedInClient(h.url, user);
  await expectStatus(await client.get('/api/security/staff-users'), 200, 'before disabling');
  await expectStatus(await admin.patch(`/api/security/staff-users/${user.id}`, { version: user.view.version, disabled: true }), 200, 'disable');
  const res = await client.get('/api/security/staff-users');
  assert.is(res.status, 401);
  assertErrorShape(await res.json(), 'disabled user');
  assert.is((await (await client.get('/api/shell/session')).json() as { user: unknown }).user, null);
});

test('the principal loaded with the session (one statement) is the one the resolver loads on its own', async () => {
  const resolver = h.running.workbench.kernel.container.getAll<PrincipalResolver>(PrincipalResolver).find((r) => r.kind === 'staff')!;
  assert.ok(resolver.sessionQuery, 'the staff resolver offers no session query');
  const limited = await staffWithPrivileges(h.url, admin, ['module.security', 'entity.security_staffuser.read']);
  for (const [who, client, id] of [['administrator', admin, firstAdmin.id], ['limited user', limited.client, limited.user.id]] as const) {
    const shell = await expectStatus<{ user: { id: string; name: string }; privileges: unknown }>(await client.get('/api/shell/session'), 200, who);
    const direct = await resolver.resolve(id);
    assert.is(shell.user.id, id, who);
    assert.is(shell.user.name, direct?.displayName, who);
    assert.equal(shell.privileges, direct?.privileges.toJSON(), `${who}: privileges differ`);
  }
});

// ── CSRF ──────────────────────────────────────────────────────────────────────────────────

test('CSRF: sign-in and staff writes without the token, or with another session\'s token, are 403 csrf_failed', async () => {
  const user = await createStaffUser(admin);
  const expectCsrf = async (res: Response, what: string) => {
    const body = await expectStatus<ApiError>(res, 403, what);
    assertErrorShape(body, what);
    assert.is(body.error.code, 'csrf_failed', what);
  };
  // Sign-in: without any session, with a session but no header, with another session's token.
  await expectCsrf(await fetch(new URL('/api/security/sign-in', h.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) }), 'sign-in, no session');
  const visitor = new TestClient(h.url);
  await visitor.csrfToken();
  await expectCsrf(await visitor.request('/api/security/sign-in', { method: 'POST', json: { email: user.email, password: user.password }, noCsrf: true }), 'sign-in without header');
  const other = new TestClient(h.url);
  const otherToken = await other.csrfToken();
  await expectCsrf(await visitor.request('/api/security/sign-in', { method: 'POST', json: { email: user.email, password: user.password }, headers: { 'x-csrf-token': otherToken } }), "sign-in with another session's token");
  assert.is((await (await visitor.get('/api/shell/session')).json() as { user: unknown }).user, null);
  // Visitor tokens: a token and cookie made up together (not signed by the server), a genuine
  // token with its signature altered, and a token of another cookie name are all refused.
  const genuine = visitor.cookie(VISITOR_COOKIE)!;
  const [v, issued, nonce, mac] = genuine.split('.');
  const signInWith = (token: string) => fetch(new URL('/api/security/sign-in', h.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: `${VISITOR_COOKIE}=${token}` },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  await expectCsrf(await signInWith(`v1.${issued}.${nonce}.${'A'.repeat(mac!.length)}`), 'made-up token and cookie');
  await expectCsrf(await signInWith(`${v}.${(parseInt(issued!, 36) + 1).toString(36)}.${nonce}.${mac}`), 'issued time altered');
  await expectCsrf(await fetch(new URL('/api/security/sign-in', h.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': genuine, cookie: `portico.portal.csrf=${genuine}` },
    body: JSON.stringify({ email: user.email, password: user.password }),
  }), 'token in another cookie');
  assert.is((await signInWith(genuine)).status, 200, 'the genuine token with its own cookie is refused');

  // A staff write by a signed-in administrator.
  const name = `CSRF probe ${randomUUID()}`;
  await expectCsrf(await admin.request('/api/security/groups', { method: 'POST', json: { name }, noCsrf: true }), 'group create without header');
  await expectCsrf(await admin.request('/api/security/groups', { method: 'POST', json: { name }, headers: { 'x-csrf-token': otherToken } }), "group create with another session's token");
  const anotherAdmin = await signedInClient(h.url, firstAdmin);
  await expectCsrf(await admin.request('/api/security/groups', { method: 'POST', json: { name }, headers: { 'x-csrf-token': await anotherAdmin.csrfToken() } }), "token of the same user's other session");
  await expectCsrf(await admin.request(`/api/security/staff-users/${user.id}`, { method: 'PATCH', json: { version: 1, name: 'Forged' }, noCsrf: true }), 'staff update without header');
  const groups = await expectStatus<{ items: { name: string }[] }>(await admin.get('/api/security/groups'), 200);
  assert.not.ok(groups.items.some((g) => g.name === name), 'a refused write created the group');
  assert.is((await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${user.id}`), 200)).name, user.name);
  // The pre-sign-in token is useless after sign-in (new session, new token): another visitor's,
  // and the same browser's own visitor token, which its visitor cookie still matches.
  const preToken = await new TestClient(h.url).csrfToken();
  await expectCsrf(await admin.request('/api/security/groups', { method: 'POST', json: { name }, headers: { 'x-csrf-token': preToken } }), "another visitor's token");
  const own = new TestClient(h.url);
  const ownVisitorToken = await own.csrfToken();
  await expectStatus(await signIn(own, firstAdmin.email, firstAdmin.password), 200, 'sign-in with a visitor token');
  assert.is(own.cookie(VISITOR_COOKIE), ownVisitorToken);
  await expectCsrf(await own.request('/api/security/groups', { method: 'POST', json: { name }, headers: { 'x-csrf-token': ownVisitorToken } }), 'own visitor token after sign-in');
  // With its own token the same write succeeds.
  await expectStatus(await admin.post('/api/security/groups', { name }), 201, 'group create with the right token');
});

// ── Password policy ──────────────────────────────────────────────────────────────────────────

test('password policy through the API: 11 characters refused naming password, a common password refused, 64 characters accepted', async () => {
  const fieldPaths = (body: ApiError) => (body.error.fields ?? []).map((f) => f.path);
  const short = await expectStatus<ApiError>(await admin.post('/api/security/staff-users', { name: 'Short Pw', email: uniqueEmail(), password: 'aB3$eF7*hJ1' }), 400, '11 characters');
  assert.is('aB3$eF7*hJ1'.length, 11);
  assert.equal(fieldPaths(short), ['password']);
  assert.is(short.error.code, 'validation_failed');

  const common = await expectStatus<ApiError>(await admin.post('/api/security/staff-users', { name: 'Common Pw', email: uniqueEmail(), password: 'qwerty123456' }), 400, 'common password');
  assert.equal(fieldPaths(common), ['password']);
  assert.match(common.error.fields![0]!.message, /common/i);

  const long = 'Correct horse battery staple, '.repeat(3).slice(0, 64);
  assert.is(long.length, 64);
  const email = uniqueEmail('long');
  const created = await expectStatus<StaffUserView>(await admin.post('/api/security/staff-users', { name: 'Long Pw', email, password: long }), 201, '64 characters');
  assert.ok(created.hasPassword);
  await signedInClient(h.url, { email, password: long });

  // The same policy on a password change, and on the first-run form would be no different.
  const change = await expectStatus<ApiError>(await admin.patch(`/api/security/staff-users/${created.id}`, { version: created.version, password: 'short-pw' }), 400, 'short new password');
  assert.equal(fieldPaths(change), ['password']);
  // Nobody could create users whose refused passwords would now sign in.
  const users = await expectStatus<{ items: StaffUserView[] }>(await admin.get('/api/security/staff-users?q=Pw'), 200);
  assert.equal(users.items.map((u) => u.name), ['Long Pw']);
});

test.run();
