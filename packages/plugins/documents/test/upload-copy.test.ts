import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PDF, PNG, ctx, harness, type Harness } from './helpers';

let h: Harness;
test.before(async () => {
  h = await harness();
  await h.catalog.putCategory(10, { name: 'Invoices', fields: [{ fieldNo: 1020, name: 'Company', type: 'text' }, { fieldNo: 1030, name: 'Invoice Date', type: 'date' }, { fieldNo: 1040, name: 'Amount', type: 'number' }] }, ctx);
  await h.catalog.putSearch(1, { ctgryNo: 10, name: 'My invoices', columns: [1020, 1030, 1040], sort: { fieldNo: 1030, dir: 'asc' } }, ctx);
});
test.after(async () => { await h.db.cleanup(); });

test('upload: read-only pre-filled values win whatever the request says; write values are defaults', async () => {
  const user = randomUUID();
  await h.service.setUploadPermissions(user, { permissions: [{ ctgryNo: 10, values: [{ fieldNo: 1020, value: 'Moya River Trading', mode: 'readonly' }, { fieldNo: 1040, value: '5', mode: 'write' }] }] }, ctx);
  const doc = await h.service.uploadAsPortalUser(user, 10, { 1020: 'Someone Else', 1030: '2018-02-14' }, [{ name: 'a.pdf', bytes: PDF }]);
  assert.equal(doc.indexData, { 1020: 'Moya River Trading', 1030: '2018-02-14', 1040: 5 });
  const doc2 = await h.service.uploadAsPortalUser(user, 10, { 1040: '7' }, [{ name: 'b.png', bytes: PNG }]);
  assert.equal(doc2.indexData, { 1020: 'Moya River Trading', 1040: 7 });
  await h.service.uploadAsPortalUser(user, 11, {}, [{ name: 'a.pdf', bytes: PDF }]).then(() => assert.unreachable(), (e) => assert.is(e.status, 404));
  await h.service.uploadAsPortalUser(user, 10, {}, [{ name: 'a.pdf', bytes: Buffer.from('<html>not a pdf') }]).then(() => assert.unreachable(), (e) => assert.is(e.status, 415));
});

test('assignments: invalid conditions save nothing; copy-user brings searches, conditions and upload settings', async () => {
  const a = randomUUID(), b = randomUUID();
  await h.service.setAssignments(a, { assignments: [{ queryNo: 1, conditions: [{ fieldNo: 1020, filter: 'Moya*' }, { fieldNo: 1030, filter: '2018-02-01..2018-02-28' }] }] }, ctx);
  await h.service.setAssignments(a, { assignments: [{ queryNo: 1, conditions: [{ fieldNo: 9999, filter: 'x' }] }] }, ctx).then(() => assert.unreachable(), (e) => { assert.is(e.status, 400); assert.match(e.message, /9999/); });
  assert.is((await h.service.assignments(a))[0]!.conditions.length, 2);
  await h.service.importConditionXml(a, 1, '<Conds><C><FieldNo>1040</FieldNo><Filter>abc</Filter></C></Conds>', ctx).then(() => assert.unreachable(), (e) => assert.is(e.status, 400));
  assert.is((await h.service.assignments(a))[0]!.conditions.length, 2);
  await h.service.setUploadPermissions(a, { permissions: [{ ctgryNo: 10, values: [{ fieldNo: 1020, value: 'Moya River Trading', mode: 'readonly' }] }] }, ctx);
  const copied = await h.service.copyUserSettings(a, b, ctx);
  assert.equal(copied.assignments, await h.service.assignments(a));
  assert.equal(copied.permissions, await h.service.uploadPermissionsOf(a));
  assert.is(await h.service.exportConditionXml(b, 1), '<Conds><C><FieldNo>1020</FieldNo><Filter>Moya*</Filter></C><C><FieldNo>1030</FieldNo><Filter>2018-02-01..2018-02-28</Filter></C></Conds>');
  const inside = await h.service.createDocument(10, { 1020: 'Moya River Trading', 1030: '2018-02-14' }, [{ name: 'a.pdf', bytes: PDF }], ctx);
  const outside = await h.service.createDocument(10, { 1020: 'Moya River Trading', 1030: '2018-03-01' }, [{ name: 'a.pdf', bytes: PDF }], ctx);
  const res = await h.service.search(b, 1, { filters: { 1040: '' } });
  assert.ok(res.rows.some((r) => r.id === inside.id));
  assert.not.ok(res.rows.some((r) => r.id === outside.id));
  assert.is((await h.service.download(b, inside.id, inside.files[0]!.id)).bytes.toString(), PDF.toString());
  await h.service.download(b, outside.id, outside.files[0]!.id).then(() => assert.unreachable(), (e) => assert.is(e.status, 404));
});

test.run();
