import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TokenService, authTokens, hashToken } from '@portico/auth';
import { portalUsers } from '@portico/plugin-portal/node';
import { TestClient } from '../http-client';
import {
  APPLICANT, FormClient, createActiveUser, createPortalUser, linkIn, mailTo, mailsTo, normalise, portalSignIn, settle, startPortalWorkbench, strongPassword, uniqueEmail,
  type PortalHarness,
} from './portal-fixtures';

let p: PortalHarness;

test.before(async () => {
  p = await startPortalWorkbench();
});
test.after(async () => {
  await p?.stop();
});

test('portal pages render server-side with a CSRF field, labels, the stylesheet and no scripts', async () => {
  const c = new FormClient(p.h.url);
  const page = await c.get(`${APPLICANT}/sign-in`);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', 'text/html');
  assert.match(page.text, /<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}">/);
  assert.match(page.text, '<label for="f-identifier">');
  assert.match(page.text, '<label for="f-password">');
  assert.match(page.text, `href="${APPLICANT}/forgot-password">Forgot Password</a>`);
  assert.match(page.text, `href="${APPLICANT}/activate-now">Activate now</a>`);
  assert.match(page.text, '<link rel="stylesheet" href="/portal/assets/portal.css">');
  assert.match(page.text, 'Applicant Portal');
  assert.not.match(page.text, '<script');
  assert.ok(c.cookies.has('portico.portal.sid'), 'portal session cookie set');
  assert.not.ok(c.cookies.has('portico.sid'), 'no workbench cookie');
  const cookie = (await fetch(new URL(`${APPLICANT}/sign-in`, p.h.url))).headers.getSetCookie()[0] ?? '';
  assert.match(cookie, /Path=\/portal;/);
  assert.match(cookie, /HttpOnly/);
  const css = await fetch(new URL('/portal/assets/portal.css', p.h.url));
  assert.is(css.status, 200);
  assert.match(css.headers.get('content-type') ?? '', 'text/css');
  assert.match(await css.text(), 'font-size: 16px');
  for (const path of [`${APPLICANT}/forgot-password`, `${APPLICANT}/activate-now`, '/portal/activate']) {
    const r = await c.get(path);
    assert.is(r.status, 200, path);
    assert.match(r.text, 'name="_csrf"', path);
  }
  const home = await c.get(APPLICANT);
  assert.is(home.status, 303, 'home needs sign-in');
  assert.is(home.location, `${APPLICANT}/sign-in`);
  const missing = await c.get('/portal/nothing-here');
  assert.is(missing.status, 404);
  assert.match(missing.text, 'Page not found');
});

test('a POST without the CSRF token, or with a wrong one, is refused', async () => {
  const c = new FormClient(p.h.url);
  await c.get(`${APPLICANT}/forgot-password`);
  const none = await c.request(`${APPLICANT}/forgot-password`, { form: { identifier: 'x@example.org' }, noCsrf: true });
  assert.is(none.status, 403);
  assert.match(none.text, 'This form has expired');
  const wrong = await c.request(`${APPLICANT}/sign-in`, { form: { identifier: 'x@example.org', password: 'whatever-password', _csrf: 'A'.repeat(43) } });
  assert.is(wrong.status, 403);
  const noCookie = await new FormClient(p.h.url).request(`${APPLICANT}/activate-now`, { form: { email: 'x@example.org', _csrf: c.csrf! } });
  assert.is(noCookie.status, 403, 'a token without its session is refused');
});

test('Activate now: the same status and page for an invited account, an active one, a disabled one and an unknown address', async () => {
  const invited = await createPortalUser(p.admin);
  const active = await createActiveUser(p);
  const disabled = await createPortalUser(p.admin, { onlineAccessDisabled: true });
  const unknown = uniqueEmail('nobody');
  const replies = [];
  for (const email of [invited.email, active.email, disabled.email, unknown]) {
    const r = await new FormClient(p.h.url).submit(`${APPLICANT}/activate-now`, { email });
    replies.push({ status: r.status, text: normalise(r.text, email) });
  }
  for (const r of replies) {
    assert.is(r.status, 200);
    assert.is(r.text, replies[0]!.text);
  }
  assert.match(replies[0]!.text, 'If this address can be activated');
  // What each got by e-mail.
  const activation = await mailTo(p.smtp, invited.email, /^Activate your/);
  assert.match(linkIn(activation), /^\/portal\/set-password\?token=/);
  const already = await mailTo(p.smtp, active.email, /already active/);
  assert.match(already.text ?? '', `${APPLICANT}/forgot-password`);
  const verify = await mailTo(p.smtp, unknown, /Confirm your e-mail address/);
  await settle();
  assert.is(mailsTo(p.smtp, disabled.email).length, 0, 'a disabled account gets nothing');
  // Self-activation created a pending account; the verification link sets the password and signs in.
  const created = (await p.h.running.workbench.db.db.select().from(portalUsers)).find((u) => u.email === unknown);
  assert.ok(created, 'account created');
  assert.is(created.emailVerifiedAt, null);
  assert.is(created.passwordHash, null);
  const c = new FormClient(p.h.url);
  const link = linkIn(verify);
  const form = await c.get(link);
  assert.is(form.status, 200);
  assert.match(form.text, 'Choose your password');
  const password = strongPassword();
  const token = new URL(link, p.h.url).searchParams.get('token')!;
  const weak = await c.request('/portal/set-password', { form: { token, password: 'short', confirm: 'short' } });
  assert.is(weak.status, 400, 'policy-checked');
  assert.match(weak.text, 'aria-invalid="true"');
  assert.match(weak.text, '<a href="#f-password">');
  const done = await c.request('/portal/set-password', { form: { token, password, confirm: password } });
  assert.is(done.status, 303);
  assert.is(done.location, APPLICANT);
  const home = await c.follow(done);
  assert.is(home.status, 200);
  assert.match(home.text, unknown);
  assert.match(home.text, /E-mail verified<\/dt><dd>Yes/);
  // The same link works once.
  const again = await new FormClient(p.h.url).get(link);
  assert.is(again.status, 410);
  const after = (await p.h.running.workbench.db.db.select().from(portalUsers)).find((u) => u.id === created.id);
  assert.ok(after!.emailVerifiedAt);
  // The second Activate now for the same address just says it is already active.
  await new FormClient(p.h.url).submit(`${APPLICANT}/activate-now`, { email: unknown });
  await mailTo(p.smtp, unknown, /already active/);
});

test('Forgot Password: the same reply whatever the input; the link is single use, hashed at rest and expires', async () => {
  const active = await createActiveUser(p);
  const disabled = await createActiveUser(p);
  const d = await p.admin.get(`/api/entities/tc_portaluser/records/${disabled.id}`);
  const { version } = (await d.json()) as { version: number };
  assert.is((await p.admin.patch(`/api/entities/tc_portaluser/records/${disabled.id}`, { version, onlineAccessDisabled: true })).status, 200);
  const replies = [];
  for (const identifier of [active.email, disabled.email, uniqueEmail('ghost'), 'no-such-user-name']) {
    const r = await new FormClient(p.h.url).submit(`${APPLICANT}/forgot-password`, { identifier });
    replies.push({ status: r.status, text: normalise(r.text, identifier) });
  }
  for (const r of replies) {
    assert.is(r.status, 200);
    assert.is(r.text, replies[0]!.text);
  }
  const mail = await mailTo(p.smtp, active.email, /Reset your/);
  await settle();
  assert.is(mailsTo(p.smtp, disabled.email).filter((m) => /Reset your/.test(m.subject ?? '')).length, 0, 'disabled accounts get no link');
  const link = linkIn(mail);
  const token = new URL(link, p.h.url).searchParams.get('token')!;
  // Stored hashed.
  const db = p.h.running.workbench.db.db;
  const rows = await db.select().from(authTokens);
  assert.not.ok(rows.some((r) => r.tokenHash === token || JSON.stringify(r).includes(token)), 'raw token not stored');
  const row = rows.find((r) => r.tokenHash === hashToken(token));
  assert.ok(row, 'hash stored');
  assert.is(row.purpose, 'password-reset');
  const minutes = (row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000;
  assert.ok(minutes > 29 && minutes <= 30.1, `lifetime ${minutes} min`);
  // Single use.
  const c = new FormClient(p.h.url);
  await c.get(link);
  const password = strongPassword();
  assert.is((await c.request('/portal/set-password', { form: { token, password, confirm: password } })).status, 303);
  const other = new FormClient(p.h.url);
  assert.is((await other.get(link)).status, 410, 'a used link shows the expired page');
  await other.get(`${APPLICANT}/sign-in`); // for a CSRF token
  const pw2 = strongPassword();
  const reuse = await other.request('/portal/set-password', { form: { token, password: pw2, confirm: pw2 } });
  assert.is(reuse.status, 410);
  await mailTo(p.smtp, active.email, /password was changed/);
  // Expired.
  await new FormClient(p.h.url).submit(`${APPLICANT}/forgot-password`, { identifier: active.email });
  await settle(500);
  const resets = mailsTo(p.smtp, active.email).filter((m) => /Reset your/.test(m.subject ?? ''));
  assert.is(resets.length, 2);
  const second = new URL(linkIn(resets[1]!), p.h.url).searchParams.get('token')!;
  assert.is((await new FormClient(p.h.url).get(`/portal/set-password?token=${second}`)).status, 200, 'the newest link works');
  const tokens = p.h.running.workbench.kernel.container.get<TokenService>(TokenService);
  const { token: old } = await tokens.issue({ purpose: 'password-reset', subject: active.id, expiresAt: new Date(Date.now() - 1000) });
  const expired = await new FormClient(p.h.url).get(`/portal/set-password?token=${old}`);
  assert.is(expired.status, 410);
  assert.match(expired.text, 'expired or has already been used');
});

test('sign-in: one failure reply for unknown, wrong password and disabled accounts; success rotates the session', async () => {
  const active = await createActiveUser(p);
  const disabled = await createActiveUser(p);
  const d = (await (await p.admin.get(`/api/entities/tc_portaluser/records/${disabled.id}`)).json()) as { version: number };
  assert.is((await p.admin.patch(`/api/entities/tc_portaluser/records/${disabled.id}`, { version: d.version, onlineAccessDisabled: true })).status, 200);
  const attempts: Array<[string, string]> = [
    [uniqueEmail('ghost'), strongPassword()],
    [active.email, strongPassword()],
    [disabled.email, disabled.password],
  ];
  const replies = [];
  for (const [identifier, password] of attempts) {
    const { res } = await portalSignIn(p.h.url, identifier, password);
    replies.push({ status: res.status, text: normalise(res.text, identifier) });
  }
  for (const r of replies) {
    assert.is(r.status, 401);
    assert.is(r.text, replies[0]!.text);
  }
  assert.match(replies[0]!.text, 'Sign-in failed.');
  // Success: new session id, home shows the details.
  const c = new FormClient(p.h.url);
  await c.get(`${APPLICANT}/sign-in`);
  const before = c.cookies.get('portico.portal.sid');
  const ok = await c.request(`${APPLICANT}/sign-in`, { form: { identifier: active.email.toUpperCase(), password: active.password } });
  assert.is(ok.status, 303);
  assert.is(ok.location, APPLICANT);
  assert.ok(c.cookies.get('portico.portal.sid') && c.cookies.get('portico.portal.sid') !== before, 'session id rotated');
  const home = await c.follow(ok);
  assert.is(home.status, 200);
  assert.match(home.text, active.email);
  assert.match(home.text, 'Sign out');
  // Sign-out (POST) ends it.
  const out = await c.request(`${APPLICANT}/sign-out`, { form: {} });
  assert.is(out.status, 303);
  assert.is((await c.get(APPLICANT)).status, 303);
});

test('a staff account cannot sign in to a portal, and the sessions do not cross', async () => {
  const staffEmail = uniqueEmail('staff');
  const staffPassword = strongPassword();
  const created = await p.admin.post('/api/security/staff-users', { name: 'Sam Staff', email: staffEmail, password: staffPassword, groupIds: [] });
  assert.is(created.status, 201);
  const { res } = await portalSignIn(p.h.url, staffEmail, staffPassword);
  assert.is(res.status, 401);
  // A workbench session cookie does not authenticate portal pages…
  const portalUser = await createActiveUser(p);
  const wb = new TestClient(p.h.url);
  const signIn = await wb.post('/api/security/sign-in', { email: staffEmail, password: staffPassword });
  assert.is(signIn.status, 200);
  const wbCookie = wb.cookie('portico.sid')!;
  assert.ok(wbCookie);
  const asPortal = await fetch(new URL(APPLICANT, p.h.url), { headers: { cookie: `portico.portal.sid=${wbCookie}` }, redirect: 'manual' });
  assert.is(asPortal.status, 303, 'workbench cookie value as portal cookie: not signed in');
  const plain = await fetch(new URL(APPLICANT, p.h.url), { headers: { cookie: `portico.sid=${wbCookie}` }, redirect: 'manual' });
  assert.is(plain.status, 303);
  // …and a portal session cookie does not authenticate the workbench API.
  const portalCookie = portalUser.client.cookies.get('portico.portal.sid')!;
  assert.ok(portalCookie);
  assert.is((await portalUser.client.get(APPLICANT)).status, 200, 'the portal client is signed in');
  for (const cookie of [`portico.sid=${portalCookie}`, `portico.portal.sid=${portalCookie}`]) {
    const api = await fetch(new URL('/api/shell/session', p.h.url), { headers: { cookie } });
    const body = (await api.json()) as { user?: unknown; signedIn?: boolean };
    assert.not.ok(body.user, `no workbench user with ${cookie.split('=')[0]}: ${JSON.stringify(body)}`);
    const records = await fetch(new URL('/api/entities/tc_portaluser/records', p.h.url), { headers: { cookie } });
    assert.is(records.status, 401);
  }
});

test('user input is escaped on every page', async () => {
  const evil = '<script>alert(1)</script>"\'';
  const c = new FormClient(p.h.url);
  const r = await c.submit(`${APPLICANT}/sign-in`, { identifier: evil, password: 'wrong-password-here' });
  assert.is(r.status, 401);
  assert.not.match(r.text, '<script>');
  assert.match(r.text, '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;');
});

test.run();
