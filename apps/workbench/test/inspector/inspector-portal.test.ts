/**
 * The Inspector Portal over HTTP, as a browser without JavaScript uses it, on PGlite or on the
 * PostgreSQL server named by TEST_DATABASE_URL: who may sign in (eligibility), "Make inspector"
 * (idempotent, audited), an inspector sees only their own inspections (another's is 404, in
 * every route), draft → submit (then read-only), attachments (CSRF field in multipart, type and
 * size checks) and what staff then see through the entity API.
 */
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PORTAL_SIGN_IN_FAILED } from '@portico/plugin-portal/node';
import { INACTIVE_INSPECTOR, NOT_AN_INSPECTOR } from '@portico/plugin-inspector-portal/node';
import { createActiveUser, expectStatus, portalSignIn, type PortalHarness } from '../portal/portal-fixtures';
import { staffWithPrivileges } from '../security/fixtures';
import {
  INSPECTIONS, INSPECTION_RECORDS, INSPECTOR, INSPECTOR_RECORDS, PDF, PNG, createInspector, createLicensee, inspectionLinks, scheduleInspection, startInspectorWorkbench, upload,
  type Inspector, type Licensee,
} from './inspector-fixtures';

let p: PortalHarness;
let licensee: Licensee;
let alice: Inspector;
let bob: Inspector;

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test.before(async () => {
  // 20 KB attachments at most, so the size check is cheap to reach.
  p = await startInspectorWorkbench({ INSPECTOR_MAX_FILE_MB: String(20 / 1024) });
  licensee = await createLicensee(p.admin, 'Morgan', 'Baker');
  alice = await createInspector(p, { displayName: 'Alice Inspector' });
  bob = await createInspector(p, { displayName: 'Bob Inspector' });
});
test.after(async () => {
  await p?.stop();
});

// ---- eligibility ----

test('a portal user who is not an inspector is told why, only after the right password', async () => {
  const user = await createActiveUser(p);
  const denied = await portalSignIn(p.h.url, user.email, user.password, INSPECTOR);
  assert.is(denied.res.status, 403);
  assert.ok(denied.res.text.includes(escaped(NOT_AN_INSPECTOR)), 'the reason is shown');
  assert.is((await denied.client.get(INSPECTOR)).status, 303, 'not signed in');
  assert.is((await denied.client.get(INSPECTIONS)).status, 303, 'the inspection pages send them to sign in');
  const wrong = await portalSignIn(p.h.url, user.email, 'not-the-password-123', INSPECTOR);
  assert.is(wrong.res.status, 401);
  assert.not.ok(wrong.res.text.includes('not set up as an inspector'), 'a wrong password never reveals the rule');
});

test('an active inspector signs in; the home page lists their open inspections', async () => {
  const mine = await scheduleInspection(p.admin, licensee, alice.id);
  const { client, res } = await portalSignIn(p.h.url, alice.email, alice.password, INSPECTOR);
  assert.is(res.status, 303);
  assert.is(res.location, INSPECTOR);
  const home = await client.get(INSPECTOR);
  assert.is(home.status, 200);
  assert.match(home.text, 'Welcome, Alice Inspector');
  assert.ok(inspectionLinks(home.text).includes(mine.id), 'the assigned inspection is listed');
  assert.match(home.text, mine.reference);
});

test('an inactive inspector is refused with the reason; a signed-in one loses the inspection pages at once', async () => {
  const carol = await createInspector(p, { displayName: 'Carol Inspector' });
  const { client } = await portalSignIn(p.h.url, carol.email, carol.password, INSPECTOR);
  assert.is((await client.get(INSPECTIONS)).status, 200);
  const record = await expectStatus<{ version: number }>(await p.admin.get(`${INSPECTOR_RECORDS}/${carol.id}`), 200, 'get inspector');
  await expectStatus(await p.admin.patch(`${INSPECTOR_RECORDS}/${carol.id}`, { version: record.version, active: false }), 200, 'deactivate');
  const blocked = await client.get(INSPECTIONS);
  assert.is(blocked.status, 403);
  assert.ok(blocked.text.includes(escaped(INACTIVE_INSPECTOR)));
  const again = await portalSignIn(p.h.url, carol.email, carol.password, INSPECTOR);
  assert.is(again.res.status, 403);
  assert.ok(again.res.text.includes(escaped(INACTIVE_INSPECTOR)));
  // "Make inspector" again re-activates (200, not a second record).
  const made = await expectStatus<{ outcome: string; inspector: { id: string; active: boolean } }>(await p.admin.post(`/api/inspections/portal-users/${carol.portalUserId}/make-inspector`, {}), 200, 'reactivate');
  assert.is(made.outcome, 'activated');
  assert.is(made.inspector.id, carol.id);
  assert.is((await portalSignIn(p.h.url, carol.email, carol.password, INSPECTOR)).res.status, 303);
});

test('an inspector whose portal account is disabled cannot sign in (the one failure message)', async () => {
  const dave = await createInspector(p, { displayName: 'Dave Inspector' });
  const { client } = await portalSignIn(p.h.url, dave.email, dave.password, INSPECTOR);
  assert.is((await client.get(INSPECTIONS)).status, 200);
  const user = await expectStatus<{ version: number }>(await p.admin.get(`/api/entities/tc_portaluser/records/${dave.portalUserId}`), 200, 'get user');
  await expectStatus(await p.admin.patch(`/api/entities/tc_portaluser/records/${dave.portalUserId}`, { version: user.version, onlineAccessDisabled: true }), 200, 'disable');
  assert.is((await client.get(INSPECTIONS)).status, 303, 'the session ends at the next request');
  const denied = await portalSignIn(p.h.url, dave.email, dave.password, INSPECTOR);
  assert.is(denied.res.status, 401);
  assert.ok(denied.res.text.includes(escaped(PORTAL_SIGN_IN_FAILED)));
});

// ---- make inspector ----

test('"Make inspector" is idempotent, audited, checks the badge and the user', async () => {
  const user = await createActiveUser(p);
  const first = await expectStatus<{ outcome: string; inspector: { id: string; badgeNumber: string; active: boolean } }>(
    await p.admin.post(`/api/inspections/portal-users/${user.id}/make-inspector`, { badgeNumber: 'EH-7' }), 201, 'make');
  assert.is(first.outcome, 'created');
  assert.is(first.inspector.badgeNumber, 'EH-7');
  const second = await expectStatus<{ outcome: string; inspector: { id: string } }>(await p.admin.post(`/api/inspections/portal-users/${user.id}/make-inspector`, {}), 200, 'again');
  assert.is(second.outcome, 'unchanged');
  assert.is(second.inspector.id, first.inspector.id);
  const read = await expectStatus<{ inspector: { id: string } | null }>(await p.admin.get(`/api/inspections/portal-users/${user.id}/inspector`), 200, 'read');
  assert.is(read.inspector?.id, first.inspector.id);
  // Concurrent calls for one user make one record.
  const other = await createActiveUser(p);
  const both = await Promise.all([1, 2, 3].map(() => p.admin.post(`/api/inspections/portal-users/${other.id}/make-inspector`, {})));
  const bodies = await Promise.all(both.map((r) => r.json() as Promise<{ inspector: { id: string } }>));
  assert.equal(both.map((r) => r.status).sort(), [200, 200, 201]);
  assert.is(new Set(bodies.map((b) => b.inspector.id)).size, 1);
  // Audited.
  const audit = await expectStatus<{ items: Array<{ action: string; actorName?: string; changes: Record<string, unknown> }> }>(
    await p.admin.get(`/api/security/audit?entity=ins_inspector&recordId=${first.inspector.id}`), 200, 'audit');
  assert.equal(audit.items.map((a) => a.action), ['make-inspector']);
  // A taken badge, an unknown user.
  const taken = await createActiveUser(p);
  const dup = await p.admin.post(`/api/inspections/portal-users/${taken.id}/make-inspector`, { badgeNumber: 'eh-7' });
  assert.is(dup.status, 400);
  assert.match(JSON.stringify(await dup.json()), 'already used by another inspector');
  assert.is((await p.admin.post('/api/inspections/portal-users/00000000-0000-4000-8000-000000000000/make-inspector', {})).status, 404);
  assert.is((await p.admin.post('/api/inspections/portal-users/not-a-uuid/make-inspector', {})).status, 404);
});

test('staff need the Inspector privileges: read-only staff see, but cannot make inspectors', async () => {
  const user = await createActiveUser(p);
  const reader = await staffWithPrivileges(p.h.url, p.admin, ['entity.ins_inspector.read', 'entity.ins_inspection.read']);
  assert.is((await reader.client.get(`/api/inspections/portal-users/${user.id}/inspector`)).status, 200);
  assert.is((await reader.client.post(`/api/inspections/portal-users/${user.id}/make-inspector`, {})).status, 403);
  const nobody = await staffWithPrivileges(p.h.url, p.admin, []);
  assert.is((await nobody.client.get(`/api/inspections/portal-users/${user.id}/inspector`)).status, 403);
  const x = await scheduleInspection(p.admin, licensee, alice.id);
  assert.is((await nobody.client.get(`/api/inspections/${x.id}/attachments`)).status, 403);
  assert.is((await reader.client.get(`/api/inspections/${x.id}/attachments`)).status, 200);
  assert.is((await reader.client.post(INSPECTION_RECORDS, {})).status, 403, 'no create privilege');
  const anonymous = await fetch(new URL(`/api/inspections/portal-users/${user.id}/inspector`, p.h.url));
  assert.is(anonymous.status, 401);
  assert.is((await expectStatus<{ inspector: unknown }>(await p.admin.get(`/api/inspections/portal-users/${user.id}/inspector`), 200, 'still none')).inspector, null);
});

// ---- scoping ----

test('an inspector sees only their own inspections: another inspector\'s is 404 everywhere', async () => {
  const bobs = await scheduleInspection(p.admin, licensee, bob.id);
  const bobClient = (await portalSignIn(p.h.url, bob.email, bob.password, INSPECTOR)).client;
  await bobClient.get(`${INSPECTIONS}/${bobs.id}`); // the page gives the signed-in session's CSRF token
  const bobUpload = await upload(bobClient, `${INSPECTIONS}/${bobs.id}/attachments`, [{ name: 'bob.png', type: 'image/png', bytes: PNG }]);
  assert.is(bobUpload.status, 303);
  const [bobFile] = (await expectStatus<{ items: Array<{ id: string }> }>(await p.admin.get(`/api/inspections/${bobs.id}/attachments`), 200, 'staff list')).items;

  const { client } = await portalSignIn(p.h.url, alice.email, alice.password, INSPECTOR);
  const list = await client.get(INSPECTIONS);
  assert.is(list.status, 200);
  assert.not.ok(inspectionLinks(list.text).includes(bobs.id), 'not in the list');
  assert.not.ok(list.text.includes(bobs.reference));
  assert.is((await client.get(`${INSPECTIONS}/${bobs.id}`)).status, 404);
  assert.is((await client.request(`${INSPECTIONS}/${bobs.id}`, { form: { findings: 'x', intent: 'draft' } })).status, 404);
  assert.is((await upload(client, `${INSPECTIONS}/${bobs.id}/attachments`, [{ name: 'a.png', type: 'image/png', bytes: PNG }])).status, 404);
  assert.is((await client.get(`${INSPECTIONS}/${bobs.id}/attachments/${bobFile!.id}`)).status, 404);
  assert.is((await client.request(`${INSPECTIONS}/${bobs.id}/attachments/${bobFile!.id}/delete`, { form: {} })).status, 404);
  assert.is((await client.get(`${INSPECTIONS}/not-a-uuid`)).status, 404);
  // Bob's inspection is untouched.
  const staff = await expectStatus<{ status: string; findings: string | null; attachmentCount: number }>(await p.admin.get(`${INSPECTION_RECORDS}/${bobs.id}`), 200, 'staff get');
  assert.is(staff.findings, null);
  assert.is(staff.attachmentCount, 1);
  // A portal session never reaches the staff API.
  assert.is((await client.get(`/api/inspections/${bobs.id}/attachments`)).status, 401);
});

// ---- report ----

test('draft, then submit: required fields, then read-only; staff see the result', async () => {
  const x = await scheduleInspection(p.admin, licensee, alice.id, { inspectionType: 'follow-up' });
  const { client } = await portalSignIn(p.h.url, alice.email, alice.password, INSPECTOR);
  const shown = await client.get(`${INSPECTIONS}/${x.id}`);
  assert.is(shown.status, 200);
  assert.match(shown.text, `Inspection ${x.reference}`);
  assert.match(shown.text, 'Morgan Baker');
  assert.match(shown.text, licensee.licenseNumber);

  const draft = await client.request(`${INSPECTIONS}/${x.id}`, { form: { findings: 'Cold room at 9 °C; <b>probe</b> missing.', result: '', conditions: '', intent: 'draft' } });
  assert.is(draft.status, 303);
  const afterDraft = await client.follow(draft);
  assert.match(afterDraft.text, 'Your draft is saved');
  assert.match(afterDraft.text, 'Cold room at 9 °C; &lt;b&gt;probe&lt;/b&gt; missing.');
  assert.is((await expectStatus<{ status: string }>(await p.admin.get(`${INSPECTION_RECORDS}/${x.id}`), 200, 'get')).status, 'in-progress');

  // Submitting needs a result, conditions for a conditional pass, and the declaration.
  const missing = await client.request(`${INSPECTIONS}/${x.id}`, { form: { findings: 'Cold room at 9 °C.', result: 'pass-with-conditions', conditions: '', intent: 'submit' } });
  assert.is(missing.status, 400);
  assert.match(missing.text, 'There is a problem');
  assert.match(missing.text, 'Enter the conditions of the pass.');
  assert.match(missing.text, 'Confirm that the report is complete and accurate.');
  assert.match(missing.text, 'value="pass-with-conditions" checked', 'the answers are kept');
  const bad = await client.request(`${INSPECTIONS}/${x.id}`, { form: { findings: 'x', result: 'excellent', intent: 'submit', confirm: 'yes' } });
  assert.is(bad.status, 400);

  const submitted = await client.request(`${INSPECTIONS}/${x.id}`, {
    form: { findings: 'Cold room at 9 °C. Probe thermometer missing.', result: 'pass-with-conditions', conditions: 'Fix the cold room within 14 days.', intent: 'submit', confirm: 'yes' },
  });
  assert.is(submitted.status, 303);
  const readOnly = await client.follow(submitted);
  assert.match(readOnly.text, 'Your result is submitted');
  assert.match(readOnly.text, 'Submitted report');
  assert.not.match(readOnly.text, 'name="findings"');
  assert.not.match(readOnly.text, 'enctype="multipart/form-data"');
  assert.is((await client.request(`${INSPECTIONS}/${x.id}`, { form: { findings: 'changed', intent: 'draft' } })).status, 409);
  assert.is((await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [{ name: 'late.png', type: 'image/png', bytes: PNG }])).status, 409);

  const staff = await expectStatus<{ status: string; result: string; findings: string; conditions: string; submittedAt: string; inspectorName: string; licenseeName: string; version: number }>(
    await p.admin.get(`${INSPECTION_RECORDS}/${x.id}`), 200, 'staff get');
  assert.is(staff.status, 'submitted');
  assert.is(staff.result, 'pass-with-conditions');
  assert.is(staff.findings, 'Cold room at 9 °C. Probe thermometer missing.');
  assert.is(staff.conditions, 'Fix the cold room within 14 days.');
  assert.ok(staff.submittedAt);
  assert.match(staff.inspectorName, `Alice Inspector (${alice.badgeNumber})`);
  assert.is(staff.licenseeName, 'Morgan Baker');
  const audit = await expectStatus<{ items: Array<{ action: string; actorKind?: string }> }>(await p.admin.get(`/api/security/audit?entity=ins_inspection&recordId=${x.id}`), 200, 'audit');
  assert.ok(['create', 'save-draft', 'submit'].every((a) => audit.items.some((i) => i.action === a)), JSON.stringify(audit.items.map((i) => i.action)));

  // Staff may not change what was inspected after submission, nor submit themselves; they may close it.
  const locked = await p.admin.patch(`${INSPECTION_RECORDS}/${x.id}`, { version: staff.version, premisesAddress: 'Elsewhere 1' });
  assert.is(locked.status, 400);
  const closed = await expectStatus<{ status: string }>(await p.admin.patch(`${INSPECTION_RECORDS}/${x.id}`, { version: staff.version, status: 'closed' }), 200, 'close');
  assert.is(closed.status, 'closed');
});

test('staff cannot create an inspection in another status, for an inactive inspector, or with another person\'s license', async () => {
  const other = await createLicensee(p.admin, 'Sam', 'Other');
  const wrongLicense = await p.admin.post(INSPECTION_RECORDS, { personId: licensee.personId, licenseId: other.licenseId, premisesAddress: '1 Way', scheduledFor: '2026-12-01T10:00:00Z', inspectionType: 'routine', inspectorId: alice.id });
  assert.is(wrongLicense.status, 400);
  assert.match(JSON.stringify(await wrongLicense.json()), 'is not held by this licensee');
  const submitted = await p.admin.post(INSPECTION_RECORDS, { personId: licensee.personId, premisesAddress: '1 Way', scheduledFor: '2026-12-01T10:00:00Z', inspectionType: 'routine', inspectorId: alice.id, status: 'submitted' });
  assert.is(submitted.status, 400);
  const x = await scheduleInspection(p.admin, other, alice.id);
  const rec = await expectStatus<{ version: number; status: string }>(await p.admin.get(`${INSPECTION_RECORDS}/${x.id}`), 200, 'get');
  assert.is(rec.status, 'scheduled');
  const jump = await p.admin.patch(`${INSPECTION_RECORDS}/${x.id}`, { version: rec.version, status: 'submitted' });
  assert.is(jump.status, 400);
});

// ---- attachments ----

test('attachments: CSRF field in multipart, sniffed types, size limit, staff download the same bytes', async () => {
  const x = await scheduleInspection(p.admin, licensee, alice.id);
  const { client } = await portalSignIn(p.h.url, alice.email, alice.password, INSPECTOR);
  await client.get(`${INSPECTIONS}/${x.id}`);

  const forged = await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [{ name: 'forged.png', type: 'image/png', bytes: PNG }], { csrf: false });
  assert.is(forged.status, 403);
  const wrongToken = await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [{ name: 'forged.png', type: 'image/png', bytes: PNG }], { csrf: 'x'.repeat(43) });
  assert.is(wrongToken.status, 403);
  await client.get(`${INSPECTIONS}/${x.id}`);
  const notAPhoto = await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [{ name: 'notes.png', type: 'image/png', bytes: Buffer.from('just text, claiming to be a PNG') }]);
  assert.is(notAPhoto.status, 415);
  assert.match(notAPhoto.text, 'is not a photo');
  const big = Buffer.concat([PNG, Buffer.alloc(30 * 1024)]);
  const tooBig = await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [{ name: 'big.png', type: 'image/png', bytes: big }]);
  assert.is(tooBig.status, 413);
  assert.match(tooBig.text, 'is larger than');
  assert.is((await expectStatus<{ items: unknown[] }>(await p.admin.get(`/api/inspections/${x.id}/attachments`), 200, 'none stored')).items.length, 0);

  const ok = await upload(client, `${INSPECTIONS}/${x.id}/attachments`, [
    { name: 'C:\\photos\\cold-room.png', type: 'image/png', bytes: PNG },
    { name: 'report.pdf', type: 'application/pdf', bytes: PDF },
  ]);
  assert.is(ok.status, 303, ok.text.slice(0, 400));
  const page = await client.follow(ok);
  assert.match(page.text, 'The files are attached.');
  assert.match(page.text, '>cold-room.png<');
  const items = (await expectStatus<{ items: Array<{ id: string; fileName: string; contentType: string; size: number }> }>(await p.admin.get(`/api/inspections/${x.id}/attachments`), 200, 'staff list')).items;
  assert.equal(items.map((i) => [i.fileName, i.contentType, i.size]), [['cold-room.png', 'image/png', PNG.length], ['report.pdf', 'application/pdf', PDF.length]], 'listed by time, then name');
  const download = await p.admin.get(`/api/inspections/${x.id}/attachments/${items[0]!.id}`);
  assert.is(download.status, 200);
  assert.is(download.headers.get('content-type'), 'image/png');
  assert.is(download.headers.get('x-content-type-options'), 'nosniff');
  assert.match(download.headers.get('content-security-policy') ?? '', 'sandbox');
  const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
  assert.is(sha(Buffer.from(await download.arrayBuffer())), sha(PNG));
  const mine = await fetch(new URL(`${INSPECTIONS}/${x.id}/attachments/${items[1]!.id}`, p.h.url), { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.is(mine.status, 200);
  assert.is(sha(Buffer.from(await mine.arrayBuffer())), sha(PDF));

  // Remove one while the inspection is open.
  await client.get(`${INSPECTIONS}/${x.id}`);
  const removed = await client.request(`${INSPECTIONS}/${x.id}/attachments/${items[1]!.id}/delete`, { form: {} });
  assert.is(removed.status, 303);
  assert.is((await expectStatus<{ items: unknown[] }>(await p.admin.get(`/api/inspections/${x.id}/attachments`), 200, 'after remove')).items.length, 1);
});

test.run();
