import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixturePlugin } from '../helpers';
import { DEFAULT_PLUGINS, createActiveUser, portalSignIn, startPortalWorkbench, strongPassword, type PortalHarness } from './portal-fixtures';

let p: PortalHarness;

test.before(async () => {
  p = await startPortalWorkbench({ PORTICO_PLUGINS: `${DEFAULT_PLUGINS},${fixturePlugin('portal-deny')}` });
});
test.after(async () => {
  await p?.stop();
});

test('a portal contributed by another plugin gets the full set of pages', async () => {
  const { client } = await portalSignIn(p.h.url, 'nobody@example.org', strongPassword(), '/portal/licensee');
  const page = await client.get('/portal/licensee/sign-in');
  assert.is(page.status, 200);
  assert.match(page.text, 'Licensee Portal');
  const index = await client.get('/portal');
  assert.is(index.status, 200);
  assert.match(index.text, 'href="/portal/applicant"');
  assert.match(index.text, 'href="/portal/licensee"');
});

test('an eligibility denial shows its message after the password check, and does not sign in', async () => {
  const user = await createActiveUser(p);
  const denied = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(denied.res.status, 403);
  assert.match(denied.res.text, 'The Licensee Portal is for holders of a current licence &lt;b&gt;only&lt;/b&gt;.');
  assert.is((await denied.client.get('/portal/licensee')).status, 303, 'not signed in');
  // A wrong password never shows the eligibility message.
  const wrong = await portalSignIn(p.h.url, user.email, strongPassword(), '/portal/licensee');
  assert.is(wrong.res.status, 401);
  assert.not.match(wrong.res.text, 'current licence');
  // The same account is fine on the Applicant Portal (no rule).
  assert.is((await portalSignIn(p.h.url, user.email, user.password)).res.status, 303);
});

test('an eligible user signs in; signing in to one portal does not sign in to another', async () => {
  const user = await createActiveUser(p, { emailAddress: `lee.${Date.now()}@licensed.example` });
  const { client, res } = await portalSignIn(p.h.url, user.email, user.password, '/portal/licensee');
  assert.is(res.status, 303);
  assert.is(res.location, '/portal/licensee');
  const home = await client.get('/portal/licensee');
  assert.is(home.status, 200);
  assert.match(home.text, 'Licensee home');
  assert.is((await client.get('/portal/applicant')).status, 303, 'the applicant portal needs its own sign-in');
});

test.run();
