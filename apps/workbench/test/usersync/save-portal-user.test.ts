/**
 * Issue 7 over HTTP, in a running workbench with its job runner: staff API tokens (create, the
 * secret once, hashed, revoke, expiry, last used, narrowed privileges, audited without the
 * secret), SavePortalUser with the issue's body (bearer, no CSRF) → the user exists and signs
 * in within about a second; field names resolved; 400s naming the field; upload permissions with
 * pre-filled values; activation by user name; the Sync queue API with retry; and the typed client.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PortalUserSyncClient, PortalUserSyncError } from '@portico/portal-sync-client';
import { assertErrorShape, createGroup, createStaffUser, type ApiError } from '../security/fixtures';
import { DEFAULT_PLUGINS, FormClient, expectStatus, portalSignIn, startPortalWorkbench, type PortalHarness } from '../portal/portal-fixtures';
import { mailTo } from '../portal/portal-fixtures';
import { TestClient } from '../http-client';

const SAVE = '/api/portal/save-portal-user';
const TOKENS = '/api/security/api-tokens';
const ISSUE_BODY = { PortalUser: { Conditions: [{ FieldNoOrName: '1019', Condition: '1' }], Email: 'myEmail@test.com', IndexDataItems: [], QueryNo: '163', UserName: 'test6', UserPwd: 'Abcd1234' } };

let p: PortalHarness;
let secret: string;
let tokenId: string;

interface Created { token: { id: string; prefix: string; status: string; lastUsedAt: string | null }; secret: string }

const bearer = (token: string, path: string, init: { method?: string; json?: unknown; raw?: string } = {}) =>
  fetch(new URL(path, p.h.url), {
    method: init.method ?? (init.json !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: init.raw ?? (init.json === undefined ? null : JSON.stringify(init.json)),
  });

async function expectError(res: Response, status: number, what: string): Promise<ApiError> {
  const body = await expectStatus<ApiError>(res, status, what);
  assertErrorShape(body, what);
  return body;
}

async function states(ids: number[]): Promise<Array<{ id: number; state: string; syncState: number | null; error: string | null }>> {
  return (await expectStatus<{ rows: Array<{ id: number; state: string; syncState: number | null; error: string | null }> }>(await bearer(secret, `${SAVE}?ids=${ids.join(',')}`), 200, 'states')).rows;
}

async function settled(ids: number[], timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await states(ids);
    if (rows.every((r) => !['pending', 'delete-pending'].includes(r.state))) return rows;
    if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function portalUser(email: string): Promise<{ id: string; userName: string | null } | undefined> {
  const body = await expectStatus<{ items: Array<{ id: string; emailAddress: string; userName: string | null }> }>(await p.admin.get(`/api/entities/tc_portaluser/records?q=${encodeURIComponent(email)}`), 200, 'find user');
  return body.items.find((u) => u.emailAddress.toLowerCase() === email.toLowerCase());
}

test.before(async () => {
  p = await startPortalWorkbench({ PORTICO_PLUGINS: `${DEFAULT_PLUGINS},@portico/plugin-documents,@portico/plugin-usersync` });
  await expectStatus(await p.admin.request('/api/documents/categories/20', { method: 'PUT', json: { name: 'Customers', fields: [{ fieldNo: 1019, name: 'Region', type: 'text' }, { fieldNo: 1020, name: 'Customer No', type: 'text' }] } }), 200, 'category 20');
  await expectStatus(await p.admin.request('/api/documents/searches/163', { method: 'PUT', json: { ctgryNo: 20, name: 'My documents', columns: [1019, 1020] } }), 200, 'search 163');
});
test.after(async () => { await p?.stop(); });

test('API tokens: created in the workbench (secret once, only its hash stored), listed without the secret, audited without it', async () => {
  const created = await expectStatus<Created>(await p.admin.post(TOKENS, { name: 'CRM sync' }), 201, 'create token');
  assert.match(created.secret, /^ptk_[A-Za-z0-9_-]{43}$/);
  assert.is(created.token.prefix, created.secret.slice(0, 12));
  assert.is(created.token.status, 'active');
  secret = created.secret;
  tokenId = created.token.id;
  const list = await (await p.admin.get(TOKENS)).text();
  assert.ok(list.includes(tokenId));
  assert.not.ok(list.includes(secret), 'the list never shows the secret');
  assert.not.ok(list.includes(secret.slice(12)), 'nor its rest');
  const audit = await (await p.admin.get(`/api/security/audit?entity=security_apitoken&recordId=${tokenId}`)).text();
  assert.match(audit, '"action":"create"');
  assert.not.ok(audit.includes(secret.slice(12)), 'the audit trail never holds the secret');
  // Routes that do not opt in ignore bearer tokens: a token cannot manage tokens.
  await expectError(await bearer(secret, TOKENS), 401, 'list tokens with a token');
  await expectError(await p.admin.post(TOKENS, { name: '' }), 400, 'name required');
  await expectError(await p.admin.post(TOKENS, { name: 'x', expiresAt: '2001-01-01' }), 400, 'expiry in the past');
  await expectError(await p.admin.post(TOKENS, {}, ), 400, 'no name');
});

test('SavePortalUser with the issue\'s body and a bearer token (no CSRF): row ids; processed within a second; the user signs in', async () => {
  const started = Date.now();
  const res = await bearer(secret, SAVE, { json: ISSUE_BODY });
  const { ids } = await expectStatus<{ ids: number[] }>(res, 201, 'save');
  assert.is(ids.length, 1);
  const [row] = await settled(ids, 3000);
  const elapsed = Date.now() - started;
  assert.is(row!.state, 'synced', JSON.stringify(row));
  assert.is(row!.syncState, 0);
  assert.ok(elapsed < 1500, `processed in ${elapsed} ms`);
  const single = await expectStatus<{ id: number; state: string }>(await bearer(secret, `${SAVE}/${ids[0]}`), 200, 'GET one');
  assert.is(single.state, 'synced');
  const user = await portalUser('myEmail@test.com');
  assert.ok(user, 'the user exists');
  assert.is(user!.userName, 'test6');
  const { res: signIn } = await portalSignIn(p.h.url, 'test6', 'Abcd1234');
  assert.is(signIn.status, 303, 'signs in with the password from the body');
  const assignments = await expectStatus<{ assignments: Array<{ queryNo: number; conditions: Array<{ fieldNo: number; filter: string }> }> }>(await p.admin.get(`/api/documents/users/${user!.id}/assignments`), 200);
  assert.equal(assignments.assignments.map((a) => ({ q: a.queryNo, c: a.conditions.map((c) => `${c.fieldNo}=${c.filter}`) })), [{ q: 163, c: ['1019=1'] }]);
  // Last used is recorded; the audit names the token's user as an api actor.
  const tokens = await expectStatus<{ items: Created['token'][] }>(await p.admin.get(TOKENS), 200);
  assert.ok(tokens.items.find((t) => t.id === tokenId)!.lastUsedAt, 'last used');
  const audit = await expectStatus<{ items: Array<{ actorKind: string; entity: string }> }>(await p.admin.get(`/api/security/audit?entity=usersync_row&recordId=${ids[0]}`), 200);
  assert.is(audit.items[0]?.actorKind, 'api');
});

test('FieldNoOrName by name; CtgryNo with IndexDataItems gives an upload permission with pre-filled values', async () => {
  const body = { PortalUser: { Email: 'upload@test.com', UserName: 'upl1', QueryNo: 163, Conditions: [{ FieldNoOrName: 'customer no', Condition: 'C-42' }], CtgryNo: 20, IndexDataItems: [{ FieldNoOrName: 'Customer No', Value: 'C-42' }, { FieldNoOrName: 1019, Value: 'North', Mode: 'write' }] } };
  const { ids } = await expectStatus<{ ids: number[] }>(await bearer(secret, SAVE, { json: body }), 201, 'save');
  assert.is(ids.length, 2, 'a search row and an upload row');
  assert.ok((await settled(ids)).every((r) => r.state === 'synced'));
  const user = (await portalUser('upload@test.com'))!;
  const assignments = await expectStatus<{ assignments: Array<{ queryNo: number; conditions: Array<{ fieldNo: number; filter: string }> }> }>(await p.admin.get(`/api/documents/users/${user.id}/assignments`), 200);
  assert.equal(assignments.assignments[0]!.conditions, [{ fieldNo: 1020, filter: 'C-42' }]);
  const perms = await expectStatus<{ permissions: Array<{ ctgryNo: number; values: Array<{ fieldNo: number; value: string; mode: string }> }> }>(await p.admin.get(`/api/documents/users/${user.id}/upload-permissions`), 200);
  assert.is(perms.permissions.length, 1);
  assert.is(perms.permissions[0]!.ctgryNo, 20);
  assert.equal(perms.permissions[0]!.values.map((v) => `${v.fieldNo}=${v.value}/${v.mode}`).sort(), ['1019=North/write', '1020=C-42/readonly']);
});

test('bad requests are 400 naming the field, never 500; nothing is written', async () => {
  const cases: Array<[unknown, string]> = [
    [{ PortalUser: { ...ISSUE_BODY.PortalUser, Email: 'not-an-email' } }, 'PortalUser.Email'],
    [{ PortalUser: { ...ISSUE_BODY.PortalUser, Conditions: [{ FieldNoOrName: 'Colour', Condition: 'x' }] } }, 'PortalUser.Conditions.0.FieldNoOrName'],
    [{ PortalUser: { ...ISSUE_BODY.PortalUser, Conditions: [{ FieldNoOrName: '9999', Condition: 'x' }] } }, 'PortalUser.Conditions.0.FieldNoOrName'],
    [{ PortalUser: { ...ISSUE_BODY.PortalUser, QueryNo: '999' } }, 'PortalUser.QueryNo'],
    [{ PortalUser: { ...ISSUE_BODY.PortalUser, QueryNo: 'abc' } }, 'PortalUser.QueryNo'],
    [{ PortalUser: { Email: 'x@test.com' } }, 'PortalUser.QueryNo'],
    [{ PortalUser: { Email: 'x@test.com', CtgryNo: 20, IndexDataItems: [{ FieldNoOrName: 'Nope', Value: '1' }] } }, 'PortalUser.IndexDataItems.0.FieldNoOrName'],
    [{}, 'PortalUser'],
    [[], ''],
  ];
  for (const [body, path] of cases) {
    const error = await expectError(await bearer(secret, SAVE, { json: body }), 400, JSON.stringify(body));
    assert.ok(error.error.fields?.some((f) => f.path === path), `${JSON.stringify(body)} → ${JSON.stringify(error.error.fields)}`);
  }
  const named = await expectError(await bearer(secret, SAVE, { json: { PortalUser: { ...ISSUE_BODY.PortalUser, Conditions: [{ FieldNoOrName: 'Colour', Condition: 'x' }] } } }), 400, 'unknown name');
  assert.match(named.error.fields![0]!.message, 'Colour');
  await expectError(await bearer(secret, SAVE, { raw: '{"PortalUser":' }), 400, 'malformed JSON');
  assert.is(await portalUser('x@test.com'), undefined);
});

test('authentication: none → 401; unknown → 401; a user without the privilege → 403; narrowed token → 403; revoked and expired → 401', async () => {
  await expectError(await fetch(new URL(SAVE, p.h.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ISSUE_BODY) }), 403, 'no token and no session: the CSRF check refuses first');
  await expectError(await fetch(new URL(`${SAVE}?ids=1`, p.h.url)), 401, 'GET without a token');
  await expectError(await bearer('ptk_not-a-real-token', SAVE, { json: ISSUE_BODY }), 401, 'unknown token');
  // A staff user who may only read portal users.
  const group = await createGroup(p.admin, ['entity.tc_portaluser.read', 'entity.security_apitoken.read', 'entity.security_apitoken.create', 'entity.security_apitoken.delete']);
  const reader = await createStaffUser(p.admin, { groupIds: [group.id] });
  const client = new TestClient(p.h.url);
  await expectStatus(await client.post('/api/security/sign-in', { email: reader.email, password: reader.password }), 200, 'reader signs in');
  client.setCsrfToken(undefined);
  const own = await expectStatus<Created>(await client.post(TOKENS, { name: 'reader token' }), 201, 'own token');
  await expectError(await bearer(own.secret, SAVE, { json: ISSUE_BODY }), 403, 'user without the privilege');
  await expectError(await client.post(TOKENS, { name: 'for the admin', staffUserId: (await (await p.admin.get('/api/shell/session')).json() as { user: { id: string } }).user.id }), 403, 'a token for someone else needs staff write');
  await expectError(await client.post(`${TOKENS}/${tokenId}/revoke`), 403, "revoking the admin's token");
  // Narrowed: the admin holds everything, this token only read.
  const narrow = await expectStatus<Created>(await p.admin.post(TOKENS, { name: 'read only', privileges: ['entity.tc_portaluser.read'] }), 201);
  await expectError(await bearer(narrow.secret, SAVE, { json: ISSUE_BODY }), 403, 'narrowed token');
  await expectError(await p.admin.post(TOKENS, { name: 'x', staffUserId: reader.id, privileges: ['entity.tc_portaluser.write'] }), 400, 'a privilege the user lacks');
  // Revoke → 401 at once; audited.
  const victim = await expectStatus<Created>(await p.admin.post(TOKENS, { name: 'to revoke' }), 201);
  await expectStatus(await bearer(victim.secret, `${SAVE}?ids=1`), 200, 'works before revoking');
  const revoked = await expectStatus<{ status: string }>(await p.admin.post(`${TOKENS}/${victim.token.id}/revoke`), 200, 'revoke');
  assert.is(revoked.status, 'revoked');
  await expectError(await bearer(victim.secret, `${SAVE}?ids=1`), 401, 'revoked');
  const audit = await (await p.admin.get(`/api/security/audit?entity=security_apitoken&recordId=${victim.token.id}`)).text();
  assert.match(audit, '"action":"revoke"');
  // Expiry: a token expiring in 1.5 s works, then stops.
  const soon = await expectStatus<Created>(await p.admin.post(TOKENS, { name: 'short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() }), 201);
  await expectStatus(await bearer(soon.secret, `${SAVE}?ids=1`), 200, 'before expiry');
  await new Promise((r) => setTimeout(r, 1700));
  await expectError(await bearer(soon.secret, `${SAVE}?ids=1`), 401, 'after expiry');
  // The session path is unchanged: the signed-in admin may call it with the CSRF token.
  const viaSession = await expectStatus<{ ids: number[] }>(await p.admin.post(SAVE, { PortalUser: { Email: 'session@test.com', QueryNo: 163 } }), 201, 'session + CSRF');
  assert.is(viaSession.ids.length, 1);
});

test('no password → after sync the user activates by user name and gets a one-time password', async () => {
  const { ids } = await expectStatus<{ ids: number[] }>(await bearer(secret, SAVE, { json: { PortalUser: { Email: 'activate@test.com', UserName: 'ACT-7', QueryNo: 163 } } }), 201);
  assert.is((await settled(ids))[0]!.state, 'synced');
  await new FormClient(p.h.url).submit('/portal/activate?portal=applicant', { userName: 'act-7', portal: 'applicant' }, '/portal/activate');
  const mail = await mailTo(p.smtp, 'activate@test.com', /one-time password/);
  const otp = /\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b/.exec(mail.text ?? '')?.[1];
  assert.ok(otp, mail.text);
  const { res } = await portalSignIn(p.h.url, 'ACT-7', otp!);
  assert.is(res.status, 303);
  assert.match(res.location ?? '', '/portal/change-password');
});

test('Sync queue API: failed rows with their reason, filter by state, retry 3 → 1 (audited), guarded', async () => {
  // A user name taken by another user: the row fails (3) with the reason.
  const { ids } = await expectStatus<{ ids: number[] }>(await bearer(secret, SAVE, { json: { PortalUser: { Email: 'clash@test.com', UserName: 'test6', QueryNo: 163 } } }), 201);
  const [failed] = await settled(ids);
  assert.is(failed!.state, 'failed');
  assert.match(failed!.error ?? '', 'test6');
  const queue = await expectStatus<{ items: Array<{ id: number; syncState: number; error: string | null }>; counts: Record<string, number> }>(await p.admin.get('/api/usersync/rows?state=3'), 200, 'queue');
  assert.ok(queue.items.some((r) => r.id === ids[0] && r.syncState === 3 && /test6/.test(r.error ?? '')));
  assert.ok(queue.items.every((r) => r.syncState === 3));
  assert.ok(queue.counts['3']! >= 1);
  assert.not.ok(JSON.stringify(queue).includes('Abcd1234'));
  // Fix the cause (free the name), then retry.
  const clashing = (await portalUser('myEmail@test.com'))!;
  const rec = await expectStatus<{ version: number }>(await p.admin.get(`/api/entities/tc_portaluser/records/${clashing.id}`), 200);
  await expectStatus(await p.admin.patch(`/api/entities/tc_portaluser/records/${clashing.id}`, { version: rec.version, userName: 'test6-renamed' }), 200, 'rename');
  const retried = await expectStatus<{ retried: number[] }>(await p.admin.post('/api/usersync/rows/retry', { ids: [ids[0], 999999] }), 200, 'retry');
  assert.equal(retried.retried, ids);
  assert.is((await settled(ids))[0]!.state, 'synced');
  const audit = await (await p.admin.get(`/api/security/audit?entity=usersync_row&recordId=${ids[0]}`)).text();
  assert.match(audit, '"action":"retry"');
  await expectError(await bearer(secret, '/api/usersync/rows'), 401, 'the queue screen API does not take tokens');
  await expectError(await new TestClient(p.h.url).get('/api/usersync/rows'), 401, 'anonymous');
  await expectError(await p.admin.post('/api/usersync/rows/retry', { ids: [] }), 400, 'no ids');
});

test('typed client: PortalUserSync with the body\'s properties; save() → ids; waitUntilProcessed(); errors typed', async () => {
  const sync = new PortalUserSyncClient({ baseUrl: p.h.url, token: secret });
  const user = sync.user({ Email: 'client@test.com', UserName: 'client1', UserPwd: 'Abcd1234', QueryNo: '163', Conditions: [{ FieldNoOrName: 'Region', Condition: 'South' }] });
  assert.equal(user.toJSON().PortalUser.Conditions, [{ FieldNoOrName: 'Region', Condition: 'South' }]);
  const ids = await user.save();
  assert.is(ids.length, 1);
  const rows = await user.waitUntilProcessed({ timeoutMs: 5000 });
  assert.is(rows[0]!.state, 'synced');
  assert.ok(await portalUser('client@test.com'));
  user.Conditions = [{ FieldNoOrName: 'Colour', Condition: 'x' }];
  try {
    await user.save();
    assert.unreachable('should fail');
  } catch (error) {
    assert.instance(error, PortalUserSyncError);
    assert.is((error as PortalUserSyncError).status, 400);
    assert.is((error as PortalUserSyncError).fields[0]!.path, 'PortalUser.Conditions.0.FieldNoOrName');
  }
  try {
    await new PortalUserSyncClient({ baseUrl: p.h.url, token: 'ptk_wrong' }).user({ Email: 'a@b.c', QueryNo: 163 }).save();
    assert.unreachable('should fail');
  } catch (error) {
    assert.is((error as PortalUserSyncError).status, 401);
  }
});

test.run();
