import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PortalAccounts, loadPortalConfig } from '@portico/plugin-portal/node';
import { UserSyncProcessor } from '../src/node/usersync-processor';
import { assignmentsOf, conds, count, drain, harness, insertRow, syncRow, userByEmail, type Harness } from './helpers';

let h: Harness;
test.before(async () => { h = await harness(); });
test.after(async () => { await h.db.cleanup(); });

test('the INSERT … SELECT from CustomerData runs as written; each row → 0, a user per e-mail with search 68 and its condition', async () => {
  await h.db.db.execute(sql.raw(`CREATE TABLE CustomerData (CustomerID integer, Email text)`));
  await h.db.db.execute(sql.raw(`INSERT INTO CustomerData VALUES (1001, 'ann@example.com'), (1002, 'Bob@Example.com'), (1003, 'cy@example.com')`));
  await h.db.db.execute(sql.raw(
    `INSERT INTO TheUserSync (Email, QueryNo, UserName, UserType, UserPwd, OneTimePwd, ConditionXML, SyncState) SELECT Email, 68, Email, 4, NULL, 1, '<Conds><C><FieldNo>1020</FieldNo><Filter>' || CustomerID || '</Filter></C></Conds>', 1 FROM CustomerData`,
  ));
  assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate = 1`), 3);
  const result = await h.processor.processBatch();
  assert.equal(result, { claimed: 3, synced: 3, deleted: 0, failed: 0, ignored: 0, deferred: 0, bulk: 3 });
  assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate = 0 and processed_at is not null and error is null`), 3);
  const bob = await userByEmail(h.db, 'bob@example.com');
  assert.ok(bob);
  assert.is(bob.user_name, 'Bob@Example.com');
  assert.is(bob.password_hash, null);
  assert.equal(await assignmentsOf(h.db, bob.id), { 68: ['1020=1002'] });
  const audits = await h.db.rows<{ actor_kind: string; entity: string; action: string }>(sql`select actor_kind, entity, action from audit_log where record_id = ${bob.id} order by id`);
  assert.equal(audits, [
    { actor_kind: 'sync', entity: 'tc_portaluser', action: 'create' },
    { actor_kind: 'sync', entity: 'documents_assignment', action: 'create' },
  ]);
  assert.is((await h.processor.processBatch()).claimed, 0);
});

test('several rows with the same Email and UserName and different QueryNo: one user, several searches; a new row replaces that search\'s conditions', async () => {
  await insertRow(h.db, { email: 'multi@example.com', userName: 'multi', queryNo: 68, conditionXml: conds('A*') });
  await insertRow(h.db, { email: 'Multi@example.com', userName: 'multi', queryNo: 69, conditionXml: conds('B;C') });
  await drain(h.processor);
  assert.is(await count(h.db, sql`select count(*) as n from portal_users where lower(email) = 'multi@example.com'`), 1);
  const user = (await userByEmail(h.db, 'multi@example.com'))!;
  assert.equal(await assignmentsOf(h.db, user.id), { 68: ['1020=A*'], 69: ['1020=B;C'] });
  await insertRow(h.db, { email: 'multi@example.com', userName: 'multi', queryNo: 68, conditionXml: '<Conds><C><FieldNo>1040</FieldNo><Filter>100..</Filter></C></Conds>' });
  await insertRow(h.db, { email: 'multi@example.com', userName: 'multi', queryNo: 69, conditionXml: null });
  await drain(h.processor);
  assert.equal(await assignmentsOf(h.db, user.id), { 68: ['1040=100..'], 69: [] });
});

test('UserPwd is hashed (argon2id), OneTimePwd sets Must Change Password, and the cleartext is gone from the table', async () => {
  const a = await insertRow(h.db, { email: 'pw1@example.com', userPwd: 'Correct-Horse-42', oneTimePwd: 1 });
  const b = await insertRow(h.db, { email: 'pw0@example.com', userPwd: 'Battery-Staple-7', oneTimePwd: 0 });
  await drain(h.processor);
  const u1 = (await userByEmail(h.db, 'pw1@example.com'))!;
  const u0 = (await userByEmail(h.db, 'pw0@example.com'))!;
  assert.match(u1.password_hash!, /^\$argon2id\$/);
  assert.ok(await h.hasher.verify(u1.password_hash!, 'Correct-Horse-42'));
  assert.is(u1.must_change_password, true);
  assert.ok(await h.hasher.verify(u0.password_hash!, 'Battery-Staple-7'));
  assert.is(u0.must_change_password, false);
  for (const id of [a, b]) {
    const row = (await syncRow(h.db, id))!;
    assert.is(row.syncstate, 0);
    assert.is(row.userpwd, null);
    assert.is(row.pwd_hash, null);
  }
  // A later row without UserPwd keeps the password.
  await insertRow(h.db, { email: 'pw1@example.com', queryNo: 69, userPwd: null });
  await drain(h.processor);
  assert.ok(await h.hasher.verify((await userByEmail(h.db, 'pw1@example.com'))!.password_hash!, 'Correct-Horse-42'));
});

test('UserType ≠ 4 is ignored: state 0, error "ignored: UserType n", no user; rows written with 0 are left alone', async () => {
  const ignored = await insertRow(h.db, { email: 'staff@example.com', userType: 5, userPwd: 'Secret-Secret-1' });
  const written0 = await insertRow(h.db, { email: 'done@example.com', syncState: 0, userPwd: 'Left-Alone-123' });
  await drain(h.processor);
  const row = (await syncRow(h.db, ignored))!;
  assert.is(row.syncstate, 0);
  assert.is(row.error, 'ignored: UserType 5');
  assert.is(row.userpwd, null);
  assert.is(await userByEmail(h.db, 'staff@example.com'), undefined);
  const zero = (await syncRow(h.db, written0))!;
  assert.is(zero.syncstate, 0);
  assert.is(zero.processed_at, null);
  assert.is(zero.userpwd, 'Left-Alone-123');
  assert.is(await userByEmail(h.db, 'done@example.com'), undefined);
});

test('add/change errors → 3 with the reason; setting 3 back to 1 retries, keeping the password (as a hash, not cleartext)', async () => {
  const noSearch = await insertRow(h.db, { email: 'err@example.com', queryNo: 99, userPwd: 'Retry-Password-9', oneTimePwd: 1 });
  const badXml = await insertRow(h.db, { email: 'xml@example.com', conditionXml: '<Conds><C><FieldNo>9999</FieldNo><Filter>x</Filter></C></Conds>' });
  const badEmail = await insertRow(h.db, { email: 'not-an-address', userName: 'nobody' });
  const ok = await insertRow(h.db, { email: 'fine@example.com' });
  const result = await h.processor.processBatch();
  assert.equal(result, { claimed: 4, synced: 1, deleted: 0, failed: 3, ignored: 0, deferred: 0, bulk: 1 });
  const r1 = (await syncRow(h.db, noSearch))!;
  assert.is(r1.syncstate, 3);
  assert.is(r1.error, 'No search 99');
  assert.is(r1.userpwd, null);
  assert.match(r1.pwd_hash!, /^\$argon2id\$/);
  const r2 = (await syncRow(h.db, badXml))!;
  assert.is(r2.syncstate, 3);
  assert.match(r2.error!, /Conds\.C\[1\]\.FieldNo.*9999/);
  assert.match((await syncRow(h.db, badEmail))!.error!, /not an e-mail address/);
  assert.is((await syncRow(h.db, ok))!.syncstate, 0);
  assert.is(await userByEmail(h.db, 'err@example.com'), undefined, 'nothing of a failed row is kept');

  await h.catalog.putSearch(99, { ctgryNo: 10, name: 'Late search', columns: [1020] }, { actor: { kind: 'staff' } });
  await h.db.db.execute(sql`update theusersync set syncstate = 1 where id = ${noSearch}`);
  await drain(h.processor);
  const r1b = (await syncRow(h.db, noSearch))!;
  assert.is(r1b.syncstate, 0);
  assert.is(r1b.error, null);
  assert.is(r1b.pwd_hash, null);
  const user = (await userByEmail(h.db, 'err@example.com'))!;
  assert.ok(await h.hasher.verify(user.password_hash!, 'Retry-Password-9'));
  assert.is(user.must_change_password, true);
  assert.equal(await assignmentsOf(h.db, user.id), { 99: [] });
  assert.is((await syncRow(h.db, badXml))!.syncstate, 3, 'other failed rows wait for their own retry');
});

test('a user name taken by another account → 3', async () => {
  await insertRow(h.db, { email: 'first@example.com', userName: 'shared-name' });
  const second = await insertRow(h.db, { email: 'second@example.com', userName: 'Shared-Name' });
  await drain(h.processor);
  const row = (await syncRow(h.db, second))!;
  assert.is(row.syncstate, 3);
  assert.match(row.error!, /User name Shared-Name belongs to another portal user/);
});

test('2 = delete: only that search while other rows of the user remain; then the user; the rows are removed', async () => {
  const q68 = await insertRow(h.db, { email: 'del@example.com', userName: 'del', queryNo: 68, conditionXml: conds('X') });
  const q69 = await insertRow(h.db, { email: 'del@example.com', userName: 'del', queryNo: 69 });
  await drain(h.processor);
  const user = (await userByEmail(h.db, 'del@example.com'))!;
  assert.equal(Object.keys(await assignmentsOf(h.db, user.id)), ['68', '69']);

  await h.db.db.execute(sql`update theusersync set syncstate = 2 where id = ${q69}`);
  assert.equal(await h.processor.processBatch(), { claimed: 1, synced: 0, deleted: 1, failed: 0, ignored: 0, deferred: 0, bulk: 0 });
  assert.is(await syncRow(h.db, q69), undefined);
  assert.ok(await userByEmail(h.db, 'del@example.com'));
  assert.equal(await assignmentsOf(h.db, user.id), { 68: ['1020=X'] });

  await h.db.db.execute(sql`update theusersync set syncstate = 2 where id = ${q68}`);
  await drain(h.processor);
  assert.is(await syncRow(h.db, q68), undefined);
  assert.is(await userByEmail(h.db, 'del@example.com'), undefined);
  assert.equal(await assignmentsOf(h.db, user.id), {});
  const [last] = await h.db.rows<{ actor_kind: string; action: string }>(sql`select actor_kind, action from audit_log where record_id = ${user.id} and entity = 'tc_portaluser' order by id desc limit 1`);
  assert.equal(last, { actor_kind: 'sync', action: 'delete' });

  // Deleting a user that does not exist: nothing to do, the row is removed.
  const ghost = await insertRow(h.db, { email: 'ghost@example.com', syncState: 2 });
  await drain(h.processor);
  assert.is(await syncRow(h.db, ghost), undefined);
});

test('delete errors → 4 with the reason; setting 4 back to 2 retries', async () => {
  await insertRow(h.db, { email: 'keep@example.com', queryNo: 68 });
  await drain(h.processor);
  const bad = await insertRow(h.db, { email: 'keep@example.com', queryNo: null, syncState: 2 });
  await drain(h.processor);
  const row = (await syncRow(h.db, bad))!;
  assert.is(row.syncstate, 4);
  assert.match(row.error!, /QueryNo is required/);
  assert.ok(await userByEmail(h.db, 'keep@example.com'));

  await h.db.db.execute(sql`update theusersync set queryno = 68, syncstate = 2 where id = ${bad}`);
  await drain(h.processor);
  assert.is(await syncRow(h.db, bad), undefined);
  const user = (await userByEmail(h.db, 'keep@example.com'))!;
  assert.equal(await assignmentsOf(h.db, user.id), {}, 'the 68 row still remains (state 0), so only the search went');
});

test('NULL UserPwd → the synced user activates by user name at /portal/activate and gets a one-time password', async () => {
  await insertRow(h.db, { email: 'act@example.com', userName: 'ACT-4711', userPwd: null, oneTimePwd: 1 });
  await drain(h.processor);
  const before = (await userByEmail(h.db, 'act@example.com'))!;
  assert.is(before.password_hash, null);
  assert.is(before.user_name, 'ACT-4711');
  const mails: Array<{ to: string; text: string }> = [];
  const outbox = { enqueue: async (_tx: unknown, m: { to: string; text: string }) => { mails.push(m); return { id: mails.length }; } };
  // What /portal/activate calls; the collaborators it does not use are left out.
  const accounts = new PortalAccounts(h.db.db, h.hasher, {} as never, {} as never, {} as never, {} as never, outbox as never, { publicUrl: 'http://portal.test', secureCookies: false }, loadPortalConfig({}));
  await accounts.activateByUserName('act-4711', undefined);
  assert.is(mails.length, 1);
  assert.is(mails[0]!.to, 'act@example.com');
  const otp = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(mails[0]!.text)?.[0];
  assert.ok(otp, mails[0]!.text);
  const after = (await userByEmail(h.db, 'act@example.com'))!;
  assert.ok(await h.hasher.verify(after.password_hash!, otp));
  assert.is(after.must_change_password, true);
});

test('a failure of the database mid-batch rolls the whole claim back; the rows are processed once afterwards', async () => {
  for (let i = 0; i < 5; i++) await insertRow(h.db, { email: `crash${i}@example.com`, userPwd: `Crash-Password-${i}` });
  let calls = 0;
  const dying = {
    ...h.hasher,
    hash: async (p: string) => {
      if (++calls === 3) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      return h.hasher.hash(p);
    },
  } as typeof h.hasher;
  const crashing = new UserSyncProcessor(h.db.db, dying, h.catalog, h.audit, { batchSize: 50 });
  await crashing.processBatch().then(() => assert.unreachable(), (e) => assert.match((e as Error).message, /administrator command/));
  assert.is(await count(h.db, sql`select count(*) as n from theusersync where email like 'crash%' and syncstate = 1 and userpwd is not null`), 5);
  assert.is(await count(h.db, sql`select count(*) as n from portal_users where email like 'crash%'`), 0);
  await drain(h.processor);
  assert.is(await count(h.db, sql`select count(*) as n from theusersync where email like 'crash%' and syncstate = 0 and userpwd is null`), 5);
  assert.is(await count(h.db, sql`select count(*) as n from audit_log a join portal_users u on u.id::text = a.record_id where u.email like 'crash%' and a.entity = 'tc_portaluser' and a.action = 'create'`), 5);
});

test('CtgryNo + IndexData (plain SQL): an upload permission with pre-filled values; removed by a delete row while the search row remains; bad IndexData → 3', async () => {
  const email = 'upload.sql@example.com';
  const search = await insertRow(h.db, { email, userName: 'UPL-SQL', conditionXml: conds('U1') });
  const [up] = await h.db.rows<{ id: number }>(sql`insert into TheUserSync (Email, UserName, CtgryNo, IndexData) values (${email}, 'UPL-SQL', 10, ${'[{"FieldNo":1020,"Value":"U1"},{"FieldNo":"1040","Value":12.5,"Mode":"write"}]'}) returning id`);
  const [bad] = await h.db.rows<{ id: number }>(sql`insert into TheUserSync (Email, CtgryNo, IndexData) values ('upload.bad@example.com', 10, ${'[{"FieldNo":9999,"Value":"x"}]'}) returning id`);
  const [notJson] = await h.db.rows<{ id: number }>(sql`insert into TheUserSync (Email, CtgryNo, IndexData) values ('upload.bad2@example.com', 10, 'nope') returning id`);
  await drain(h.processor);
  assert.is((await syncRow(h.db, search))!.syncstate, 0);
  assert.is((await syncRow(h.db, up!.id))!.syncstate, 0);
  const user = (await userByEmail(h.db, email))!;
  const values = await h.db.rows<{ field_no: number; value: string; mode: string }>(sql`select v.field_no, v.value, v.mode from documents_upload_values v join documents_upload_permissions p on p.id = v.permission_id where p.portal_user_id = ${user.id} and p.ctgry_no = 10 order by v.field_no`);
  assert.equal(values, [{ field_no: 1020, value: 'U1', mode: 'readonly' }, { field_no: 1040, value: '12.5', mode: 'write' }]);
  const failed = (await syncRow(h.db, bad!.id))!;
  assert.is(failed.syncstate, 3);
  assert.match(failed.error ?? '', 'IndexData[0].FieldNo: Unknown field 9999 in category 10');
  assert.match((await syncRow(h.db, notJson!.id))!.error ?? '', 'IndexData is not valid JSON');
  // Remove only the upload permission: the search row remains, so the user stays.
  await h.db.db.execute(sql`update theusersync set syncstate = 2 where id = ${up!.id}`);
  await drain(h.processor);
  assert.is(await syncRow(h.db, up!.id), undefined, 'the delete row is removed');
  assert.ok(await userByEmail(h.db, email), 'the user remains');
  assert.is(await count(h.db, sql`select count(*) as n from documents_upload_permissions where portal_user_id = ${user.id}`), 0);
  assert.equal(await assignmentsOf(h.db, user.id), { 68: ['1020=U1'] });
});

test('set-based and row-by-row paths give the same result: ConditionXML in plain and in decorated form', async () => {
  const plain = await insertRow(h.db, { email: 'plain.form@example.com', conditionXml: '<Conds><C><FieldNo>1020</FieldNo><Filter> spaced value </Filter></C><C><FieldNo> 1040 </FieldNo><Filter>100..200</Filter></C></Conds>' });
  const decorated = await insertRow(h.db, { email: 'decorated.form@example.com', conditionXml: '<?xml version="1.0"?>\n<Conds>\n  <C><FieldNo>1020</FieldNo><Filter> spaced value </Filter></C>\n  <C><FieldNo> 1040 </FieldNo><Filter>100..200</Filter></C>\n</Conds>' });
  const result = await h.processor.processBatch();
  assert.is(result.bulk, 2, `both new users without a password take the set-based path: ${JSON.stringify([await syncRow(h.db, plain), await syncRow(h.db, decorated)])}`);
  for (const id of [plain, decorated]) assert.is((await syncRow(h.db, id))!.syncstate, 0);
  const a = await assignmentsOf(h.db, (await userByEmail(h.db, 'plain.form@example.com'))!.id);
  const b = await assignmentsOf(h.db, (await userByEmail(h.db, 'decorated.form@example.com'))!.id);
  assert.equal(a, { 68: ['1020= spaced value ', '1040=100..200'] });
  assert.equal(b, a);
});

test.run();
