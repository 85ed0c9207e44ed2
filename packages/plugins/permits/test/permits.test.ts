import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_PLUGINS, createActiveUser, expectStatus, portalSignIn, startPortalWorkbench, type PortalHarness } from '@portico/workbench/testing';

const RECORDS = '/api/entities/tc_permit/records';
let p: PortalHarness;

test.before(async () => {
  p = await startPortalWorkbench({ PORTICO_PLUGINS: `${DEFAULT_PLUGINS},@portico/plugin-permits` });
});
test.after(async () => {
  await p?.stop();
});

test('staff create, list and summarise permits', async () => {
  await expectStatus(await p.admin.post(RECORDS, { title: 'First', holderEmail: 'holder@example.org' }), 201, 'create');
  const list = await expectStatus<{ items: { title: string; status: string }[] }>(await p.admin.get(RECORDS), 200, 'list');
  assert.equal(list.items.map((r) => [r.title, r.status]), [['First', 'pending']]);
  const summary = await expectStatus<{ byStatus: Record<string, number> }>(await p.admin.get('/api/permits/summary'), 200);
  assert.equal(summary.byStatus, { pending: 1 });
});

test('the portal lets in holders of an approved permit only', async () => {
  assert.is((await fetch(`${p.h.url}/portal/permits/sign-in`)).status, 200);
  const user = await createActiveUser(p);
  const denied = await portalSignIn(p.h.url, user.email, user.password, '/portal/permits');
  assert.is(denied.res.status, 403);
  assert.match(denied.res.text, 'is for holders of an approved permit');
  await expectStatus(await p.admin.post(RECORDS, { title: 'Approved one', holderEmail: user.email, status: 'approved' }), 201);
  const { client, res } = await portalSignIn(p.h.url, user.email, user.password, '/portal/permits');
  assert.is(res.status, 303);
  assert.match((await client.get('/portal/permits')).text, 'Approved one');
});

test.run();
