/**
 * The audit trail of the Security module: one row per write with actor, entity, record id
 * and the before/after of the changed fields; no row (and no change) for a refused write;
 * never a password or a hash; GET /api/security/audit filters by user, entity and date.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditLog, type AuditRow } from '@portico/access';
import type { GroupView, StaffUserView } from '@portico/plugin-security/common';
import { TestClient } from '../http-client';
import {
  createFirstAdmin, createGroup, createStaffUser, expectStatus, signedInClient, startSecurityWorkbench, strongPassword, uniqueEmail,
  type ApiError, type SecurityHarness, type Staff,
} from './fixtures';

let h: SecurityHarness;
let firstAdmin: Staff;
let admin: TestClient;
/** Every password this file has sent to the server, for the leak check. */
const passwords = new Set<string>();

/** Audit rows straight from the table, oldest first (not through the API: it could filter). */
async function allRows(): Promise<AuditRow[]> {
  const rows = await h.running.workbench.db.db.select().from(auditLog);
  return rows.sort((a, b) => a.id - b.id);
}
async function lastId(): Promise<number> {
  const rows = await allRows();
  return rows.at(-1)?.id ?? 0;
}
/** The rows written by `write`, which must be exactly one. */
async function oneRowFrom(what: string, write: () => Promise<void>): Promise<AuditRow> {
  const mark = await lastId();
  await write();
  const rows = (await allRows()).filter((r) => r.id > mark);
  assert.is(rows.length, 1, `${what}: ${rows.length} audit rows: ${JSON.stringify(rows)}`);
  return rows[0]!;
}
/** Asserts `write` leaves no audit row. */
async function noRowFrom(what: string, write: () => Promise<void>): Promise<void> {
  const mark = await lastId();
  await write();
  const rows = (await allRows()).filter((r) => r.id > mark);
  assert.equal(rows, [], `${what} left audit rows`);
}
const staffActor = () => ({ actorKind: 'staff', actorId: firstAdmin.id, actorName: firstAdmin.name });
const actorOf = (r: AuditRow) => ({ actorKind: r.actorKind, actorId: r.actorId, actorName: r.actorName });
const pw = (p = strongPassword()) => (passwords.add(p), p);

test.before(async () => {
  h = await startSecurityWorkbench();
});
test.after(async () => {
  await h?.stop();
});

test('first-run admin creation leaves one row: actor "setup", the new record, its fields', async () => {
  assert.equal(await allRows(), [], 'a fresh database already has audit rows');
  const password = pw();
  const row = await oneRowFrom('first-run setup', async () => {
    firstAdmin = await createFirstAdmin(h.running, { name: 'Grace Admin', password });
  });
  admin = await signedInClient(h.url, firstAdmin);
  const adminGroupId = (await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${firstAdmin.id}`), 200)).groupIds[0]!;
  assert.equal(actorOf(row), { actorKind: 'setup', actorId: null, actorName: 'first-run setup' });
  assert.is(row.entity, 'security_staffuser');
  assert.is(row.recordId, firstAdmin.id);
  assert.is(row.action, 'create');
  assert.ok(row.requestId, 'no request id on the row');
  assert.equal(row.changes, {
    name: { from: null, to: 'Grace Admin' },
    email: { from: null, to: firstAdmin.email },
    disabled: { from: null, to: false },
    passwordHash: { from: null, to: '[redacted]' },
    groupIds: { from: null, to: [adminGroupId] },
  });
});

test('staff user create and updates (name, password, disabled + groups) leave one row each with before/after of what changed', async () => {
  const group = await createGroup(admin, ['entity.security_staffuser.read']); // its own row, checked in the group test
  let user!: Staff & { view: StaffUserView };
  const created = await oneRowFrom('create staff user', async () => {
    user = await createStaffUser(admin, { name: 'Alan Staff', password: pw() });
  });
  assert.equal(actorOf(created), staffActor());
  assert.equal([created.entity, created.recordId, created.action], ['security_staffuser', user.id, 'create']);
  assert.equal(created.changes, {
    name: { from: null, to: 'Alan Staff' },
    email: { from: null, to: user.email },
    disabled: { from: null, to: false },
    passwordHash: { from: null, to: '[redacted]' },
    groupIds: { from: null, to: [] },
  });

  let version = user.view.version;
  const renamed = await oneRowFrom('rename', async () => {
    version = (await expectStatus<StaffUserView>(await admin.patch(`/api/security/staff-users/${user.id}`, { version, name: 'Alan M. Staff' }), 200)).version;
  });
  assert.equal([renamed.entity, renamed.recordId, renamed.action], ['security_staffuser', user.id, 'update']);
  assert.equal(actorOf(renamed), staffActor());
  assert.equal(renamed.changes, { name: { from: 'Alan Staff', to: 'Alan M. Staff' } }, 'a rename must not list other fields as changed');

  const newPassword = pw();
  const repassed = await oneRowFrom('password change', async () => {
    version = (await expectStatus<StaffUserView>(await admin.patch(`/api/security/staff-users/${user.id}`, { version, password: newPassword }), 200)).version;
  });
  assert.equal(repassed.changes, { passwordHash: { from: '[redacted]', to: '[redacted]' } });
  await signedInClient(h.url, { email: user.email, password: newPassword }); // the change is real

  const moved = await oneRowFrom('disable + groups', async () => {
    version = (await expectStatus<StaffUserView>(await admin.patch(`/api/security/staff-users/${user.id}`, { version, disabled: true, groupIds: [group.id] }), 200)).version;
  });
  assert.equal(moved.changes, { disabled: { from: false, to: true }, groupIds: { from: [], to: [group.id] } });

  // A user created without a password who gets one: from nothing to something.
  const later = await createStaffUser(admin, { password: null });
  const first = await oneRowFrom('first password', async () => {
    await expectStatus(await admin.patch(`/api/security/staff-users/${later.id}`, { version: later.view.version, password: pw() }), 200);
  });
  assert.equal(first.changes, { passwordHash: { from: null, to: '[redacted]' } });
});

test('group create, update and delete leave one row each with before/after', async () => {
  let group!: GroupView;
  const created = await oneRowFrom('create group', async () => {
    group = await expectStatus<GroupView>(await admin.post('/api/security/groups', { name: 'Registrars', description: 'Desk', grants: [{ privilege: 'entity.security_group.read', scope: 'all' }] }), 201);
  });
  assert.equal(actorOf(created), staffActor());
  assert.equal([created.entity, created.recordId, created.action], ['security_group', group.id, 'create']);
  assert.equal(created.changes, {
    name: { from: null, to: 'Registrars' },
    description: { from: null, to: 'Desk' },
    grants: { from: null, to: [{ privilege: 'entity.security_group.read', scope: 'all' }] },
  });

  const updated = await oneRowFrom('update group', async () => {
    group = await expectStatus<GroupView>(
      await admin.patch(`/api/security/groups/${group.id}`, { version: group.version, name: 'Senior registrars', grants: [{ privilege: 'entity.security_group.write', scope: 'all' }] }),
      200,
    );
  });
  assert.equal([updated.entity, updated.recordId, updated.action], ['security_group', group.id, 'update']);
  assert.equal(updated.changes, {
    name: { from: 'Registrars', to: 'Senior registrars' },
    grants: { from: [{ privilege: 'entity.security_group.read', scope: 'all' }], to: [{ privilege: 'entity.security_group.write', scope: 'all' }] },
  });

  const deleted = await oneRowFrom('delete group', async () => {
    await expectStatus(await admin.delete(`/api/security/groups/${group.id}`), 204);
  });
  assert.equal([deleted.entity, deleted.recordId, deleted.action], ['security_group', group.id, 'delete']);
  assert.equal(deleted.changes, {
    name: { from: 'Senior registrars', to: null },
    grants: { from: [{ privilege: 'entity.security_group.write', scope: 'all' }], to: null },
  });
  await expectStatus(await admin.get(`/api/security/groups/${group.id}`), 404);
});

test('refused writes leave no audit row and change nothing', async () => {
  const user = await createStaffUser(admin, { password: pw() });
  const other = await createStaffUser(admin, { password: pw() });
  const usersBefore = await expectStatus<{ items: StaffUserView[] }>(await admin.get('/api/security/staff-users?limit=200'), 200);

  await noRowFrom('duplicate e-mail on create', async () => {
    const body = await expectStatus<ApiError>(await admin.post('/api/security/staff-users', { name: 'Dup', email: user.email.toUpperCase(), password: pw() }), 400);
    assert.equal(body.error.fields?.map((f) => f.path), ['email']);
  });
  await noRowFrom('duplicate e-mail on update', async () => {
    await expectStatus(await admin.patch(`/api/security/staff-users/${other.id}`, { version: other.view.version, email: user.email }), 400);
  });
  await noRowFrom('stale version', async () => {
    const body = await expectStatus<ApiError>(await admin.patch(`/api/security/staff-users/${user.id}`, { version: user.view.version + 5, name: 'Lost update' }), 409);
    assert.is(body.error.code, 'conflict');
  });
  // Fails inside the write's transaction (after the insert): the insert must roll back too.
  const ghost = uniqueEmail('ghost');
  await noRowFrom('create with a group that does not exist', async () => {
    await expectStatus(await admin.post('/api/security/staff-users', { name: 'Ghost', email: ghost, password: pw(), groupIds: [randomUUID()] }), 400);
  });
  await noRowFrom('weak password', async () => {
    await expectStatus(await admin.patch(`/api/security/staff-users/${user.id}`, { version: user.view.version, password: 'password' }), 400);
  });
  const usersAfter = await expectStatus<{ items: StaffUserView[] }>(await admin.get('/api/security/staff-users?limit=200'), 200);
  assert.equal(usersAfter.items, usersBefore.items, 'a refused write changed staff users');
  assert.not.ok(usersAfter.items.some((u) => u.email === ghost));
  await signedInClient(h.url, user); // the old password still works

  const group = await createGroup(admin, ['entity.security_group.read'], 'Stable group');
  const groupsBefore = await expectStatus<{ items: GroupView[] }>(await admin.get('/api/security/groups'), 200);
  await noRowFrom('stale group version', async () => {
    await expectStatus(await admin.patch(`/api/security/groups/${group.id}`, { version: group.version - 1, name: 'Renamed' }), 409);
  });
  await noRowFrom('duplicate group name', async () => {
    await expectStatus(await admin.post('/api/security/groups', { name: 'STABLE GROUP' }), 400);
  });
  const builtin = groupsBefore.items.find((g) => g.builtin === 'system-administrator')!;
  await noRowFrom('deleting the built-in group', async () => {
    await expectStatus(await admin.delete(`/api/security/groups/${builtin.id}`), 400);
  });
  await noRowFrom('changing grants of the built-in group', async () => {
    await expectStatus(await admin.patch(`/api/security/groups/${builtin.id}`, { version: builtin.version, grants: [] }), 400);
  });
  await noRowFrom('write without CSRF token', async () => {
    await expectStatus(await admin.request('/api/security/groups', { method: 'POST', json: { name: 'No token' }, noCsrf: true }), 403);
  });
  assert.equal(await expectStatus(await admin.get('/api/security/groups'), 200), groupsBefore);
});

test('no password and no password hash in any audit row (table and API)', async () => {
  const rows = await allRows();
  assert.ok(rows.length >= 10, `only ${rows.length} rows`);
  const api = await expectStatus<{ items: AuditRow[] }>(await admin.get('/api/security/audit?limit=500'), 200);
  assert.is(api.items.length, rows.length);
  assert.ok(passwords.size >= 6);
  for (const [where, text] of [['table', JSON.stringify(rows)], ['API', JSON.stringify(api.items)]] as const) {
    assert.not.match(text, '$argon2', `a hash in the audit ${where}`);
    for (const p of passwords) assert.not.ok(text.includes(p), `a password in the audit ${where}`);
  }
  assert.ok(rows.some((r) => JSON.stringify(r.changes).includes('[redacted]')), 'password changes are not recorded at all');
});

test('GET /api/security/audit filters by user, entity and date', async () => {
  // A second administrator, so that there are two staff actors to tell apart.
  const second = await createStaffUser(admin, { name: 'Second Admin', password: pw(), groupIds: (await expectStatus<StaffUserView>(await admin.get(`/api/security/staff-users/${firstAdmin.id}`), 200)).groupIds });
  const secondClient = await signedInClient(h.url, second);
  const made = await createGroup(secondClient, [], 'Made by the second admin');

  const list = async (query: string) => (await expectStatus<{ items: AuditRow[] }>(await admin.get(`/api/security/audit?limit=500&${query}`), 200)).items;
  const all = await list('');
  assert.is(all.length, (await allRows()).length);
  assert.ok(all.every((r, i) => i === 0 || all[i - 1]!.id > r.id), 'not newest first');

  const bySecond = await list(`actorId=${second.id}`);
  assert.equal(bySecond.map((r) => [r.entity, r.recordId, r.action]), [['security_group', made.id, 'create']]);
  const byFirst = await list(`actorId=${firstAdmin.id}`);
  assert.equal(byFirst.map((r) => r.id), all.filter((r) => r.actorId === firstAdmin.id).map((r) => r.id));
  assert.ok(byFirst.length >= 5);

  const groupRows = await list('entity=security_group');
  assert.ok(groupRows.length >= 4);
  assert.equal(groupRows.map((r) => r.id), all.filter((r) => r.entity === 'security_group').map((r) => r.id));
  const staffRows = await list('entity=security_staffuser');
  assert.equal(staffRows.length + groupRows.length, all.length);
  assert.equal(await list(`entity=security_staffuser&actorId=${second.id}`), []);

  const byRecord = await list(`recordId=${second.id}`);
  assert.equal(byRecord.map((r) => r.action), ['create']);

  // Dates: cut the trail between two rows at least 2 ms apart (the API shows milliseconds, the
  // table keeps microseconds), near the middle; `from` and `to` at the cut split it in two.
  const byTime = [...all].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const ms = (r: AuditRow) => new Date(r.at).getTime();
  const gaps = byTime.map((r, i) => i).filter((i) => i + 1 < byTime.length && ms(byTime[i + 1]!) - ms(byTime[i]!) >= 2);
  assert.ok(gaps.length > 0, 'no two audit rows 2 ms apart');
  const gap = gaps.reduce((best, i) => (Math.abs(i - byTime.length / 2) < Math.abs(best - byTime.length / 2) ? i : best));
  const cut = new Date(ms(byTime[gap]!) + 1).toISOString();
  const from = await list(`from=${encodeURIComponent(cut)}`);
  const to = await list(`to=${encodeURIComponent(cut)}`);
  assert.ok(from.length > 0 && to.length > 0, `cut at ${cut} leaves one side empty`);
  assert.equal(from.map((r) => r.id), all.filter((r) => ms(r) > ms(byTime[gap]!)).map((r) => r.id));
  assert.equal(to.map((r) => r.id), all.filter((r) => ms(r) <= ms(byTime[gap]!)).map((r) => r.id));
  assert.equal(await list(`from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`), []);
  assert.equal(await list(`to=2000-01-01T00:00:00Z`), []);
  const windowed = await list(`from=2000-01-01&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}&entity=security_group&actorId=${second.id}`);
  assert.equal(windowed.map((r) => r.recordId), [made.id]);

  const bad = await expectStatus<ApiError>(await admin.get('/api/security/audit?from=not-a-date'), 400);
  assert.is(bad.error.code, 'validation_failed');
});

test.run();
