/**
 * The Security module in Chromium, end to end: signed out every route shows the sign-in page
 * (which says when setup is required); first-run setup through the one-time link; sign-in
 * returns to the requested URL; a privilege group and a staff user created through the record
 * views; then that user sees only what the group grants (no Create, a read-only record) and
 * the API refuses their writes. axe-core on the main screens; screenshots in
 * test-output/screenshots.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, saveScreenshot, type Page } from '@portico/testing';
import type { RunningWorkbench } from '../src/node/server';
import { completeFirstRunSetup, heading, pathOf, signInAs as signIn, startBrowserWorkbench, type BrowserWorkbench } from './browser-harness';

const ADMIN = { name: 'Avery Admin', email: 'avery.admin@example.org', password: 'amber-orchard-lantern-73' };
const RILEY = { name: 'Riley Reader', email: 'riley.reader@example.org', password: 'quiet-harbour-compass-58' };

let wb: BrowserWorkbench;
let server: RunningWorkbench;
let page: Page;
let pageErrors: string[] = [];

const signInAs = (user: { email: string; password: string }): Promise<void> => signIn(page, user);

test.before(async () => {
  wb = await startBrowserWorkbench();
  ({ server, page, pageErrors } = wb);
});

test.after(async () => {
  await wb?.stop();
});

test('signed out: a workbench route shows the sign-in page, which says setup is required', async () => {
  await page.goto(`${server.url}/security/staff-users`);
  await heading(page, 'Sign in to Portico').waitFor();
  await page.getByText('Portico is not set up yet').waitFor();
  assert.is(pathOf(page), '/security/staff-users', 'the URL stays the requested one');
  assert.ok(await page.getByRole('button', { name: 'Modules' }).isHidden(), 'no workbench chrome while signed out');
});

test('first-run setup through the one-time link', async () => {
  await completeFirstRunSetup(wb, ADMIN, { beforeSubmit: async () => void (await expectNoSeriousA11yViolations(page)) });
  assert.ok(await page.getByText('Portico is not set up yet').isHidden(), 'no setup notice any more');
});

test('sign-in: a generic error on failure, then back to the requested URL', async () => {
  await page.goto(`${server.url}/security/staff-users`);
  await heading(page, 'Sign in to Portico').waitFor();
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-sign-in');
  await expectNoSeriousA11yViolations(page);

  await signInAs({ email: ADMIN.email, password: 'not-the-password-at-all' });
  const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
  await alert.waitFor();
  assert.match(await alert.innerText(), 'Check your e-mail address and password');

  await signInAs(ADMIN);
  await heading(page, 'Staff Users').waitFor();
  assert.is(pathOf(page), '/security/staff-users');
  assert.ok(await page.getByText(ADMIN.name).first().isVisible(), 'user menu shows the name');
});

test('Modules shows Security for the administrator', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  const launcher = page.getByRole('dialog', { name: 'Modules' });
  await launcher.waitFor();
  assert.ok(await launcher.getByRole('link', { name: /Security/ }).isVisible());
  await page.keyboard.press('Escape');
  await launcher.waitFor({ state: 'hidden' });
});

let groupPath = '';

test('create the group "Staff Readers" with module.security + staff user read', async () => {
  await page.goto(`${server.url}/security/groups`);
  await heading(page, 'Privilege Groups').waitFor();
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await heading(page, 'New Privilege Group').waitFor();
  assert.is(pathOf(page), '/security/groups/new');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Staff Readers');
  await page.getByLabel('Description').fill('Can look up staff accounts, nothing else');
  await page.getByRole('checkbox', { name: 'Security' }).check();
  await page.getByRole('checkbox', { name: 'Staff Users: Read' }).check();
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-group-record');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.waitForURL(/\/security\/groups\/[0-9a-f-]{36}/);
  await heading(page, 'Staff Readers').waitFor();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  groupPath = pathOf(page);
  assert.ok(await page.getByRole('checkbox', { name: 'Staff Users: Read' }).isChecked());
  assert.not.ok(await page.getByRole('checkbox', { name: 'Staff Users: Write' }).isChecked());
});

test('create the staff user "Riley Reader" in that group', async () => {
  await page.goto(`${server.url}/security/staff-users`);
  await heading(page, 'Staff Users').waitFor();
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await heading(page, 'New Staff User').waitFor();
  await page.getByLabel('Full name').fill(RILEY.name);
  await page.getByLabel('E-mail address').fill(RILEY.email);
  await page.getByLabel('Password').fill('too-short');
  await page.getByRole('checkbox', { name: 'Staff Readers' }).check();

  // The server's field error appears beside the field it names, and the values stay.
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.getByText('Use at least 12 characters (this one has 9).').waitFor();
  assert.is(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
  assert.is(pathOf(page), '/security/staff-users/new');
  assert.is(await page.getByLabel('Full name').inputValue(), RILEY.name);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-staff-record-error');

  await page.getByLabel('Password').fill(RILEY.password);
  await page.getByRole('button', { name: 'Save & Close' }).click();
  await heading(page, 'Staff Users').waitFor();
  const row = page.getByRole('row', { name: new RegExp(RILEY.name) });
  await row.waitFor();
  assert.is(await page.getByRole('row').count(), 3, 'header + two staff users');

  // Keyword search (debounced, server side), then clear it.
  const search = page.getByRole('searchbox', { name: 'Narrow results by keyword' });
  await search.fill('riley');
  await page.getByText('1 staff user', { exact: true }).waitFor();
  await search.fill('');
  await page.getByText('2 staff users', { exact: true }).waitFor();

  // Sorting by a header, and the CSV export of the visible rows.
  await page.getByRole('button', { name: 'Name' }).click();
  await page.getByRole('button', { name: 'Name' }).click();
  assert.is(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'descending');
  assert.match(await page.getByRole('row').nth(1).innerText(), RILEY.name);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  assert.is(download.suggestedFilename(), 'staff-users.csv');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-staff-list');
  await expectNoSeriousA11yViolations(page);

  await row.dblclick();
  await heading(page, RILEY.name).waitFor();
  assert.match(pathOf(page), /^\/security\/staff-users\/[0-9a-f-]{36}$/);
  assert.ok(await page.getByRole('checkbox', { name: 'Staff Readers' }).isChecked());
  // The record's history: its creation by the administrator.
  const history = page.getByRole('region', { name: 'History' });
  await history.getByText('create').waitFor();
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-staff-record');
  await expectNoSeriousA11yViolations(page);
});

test('the audit trail filters by entity and user, kept in the URL', async () => {
  await page.goto(new URL('/security/audit', server.url).href);
  await heading(page, 'Audit Trail').waitFor();
  await page.getByRole('row').filter({ hasText: 'security_group' }).first().waitFor();
  await page.getByLabel('Entity').selectOption('security_staffuser');
  await page.waitForURL(/entity=security_staffuser/);
  await page.getByRole('row').filter({ hasText: 'security_staffuser' }).first().waitFor();
  const rows = await page.getByRole('row').allInnerTexts();
  assert.ok(rows.slice(1).every((r) => r.includes('security_staffuser')), rows.join('\n'));
  assert.not.ok(rows.some((r) => r.includes('security_group')));
  await page.reload();
  // The filter options arrive with the trail's facets; the URL's choice is selected then.
  await page.getByLabel('Entity').locator('option[value="security_staffuser"]').waitFor({ state: 'attached' });
  assert.is(await page.getByLabel('Entity').inputValue(), 'security_staffuser');
  await saveScreenshot(page, 'security-audit-trail');
  await expectNoSeriousA11yViolations(page);
  await page.goto(new URL('/security/staff-users', server.url).href);
  await heading(page, 'Staff Users').waitFor();
});

test('sign out, sign in as Riley: list without Create, read-only record', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Sign in to Portico').waitFor();
  await page.goto(`${server.url}/security/staff-users`);
  await signInAs(RILEY);
  await heading(page, 'Staff Users').waitFor();
  await page.getByRole('row', { name: new RegExp(ADMIN.name) }).waitFor();
  assert.is(await page.getByRole('button', { name: 'Create a new record' }).count(), 0, 'no Create for Riley');
  assert.ok(await page.getByRole('button', { name: 'Refresh' }).isVisible());

  // Keyboard: focus the row and press Enter.
  await page.getByRole('row', { name: new RegExp(ADMIN.name) }).focus();
  await page.keyboard.press('Enter');
  await heading(page, ADMIN.name).waitFor();
  assert.is(await page.getByRole('button', { name: 'Save this record' }).count(), 0, 'no Save for Riley');
  assert.ok(await page.getByText('Read-only').isVisible());
  assert.is(await page.getByRole('textbox').count(), 0, 'no editable fields');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-staff-record-readonly');
  await expectNoSeriousA11yViolations(page);

  // Riley cannot see the groups page in the navigation, and the Modules launcher still shows Security.
  await page.getByRole('button', { name: 'Modules' }).click();
  assert.ok(await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Security/ }).isVisible());
  await page.keyboard.press('Escape');
});

test('the API refuses a write for Riley (403), with the CSRF header', async () => {
  const result = await page.evaluate(async (groupId) => {
    const session = (await (await fetch('/api/shell/session')).json()) as { csrfToken: string; user: { name: string } | null };
    const headers = { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
    const create = await fetch('/api/security/staff-users', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Sneaky', email: 'sneaky@example.org', groupIds: [] }),
    });
    const patch = await fetch(`/api/security/groups/${groupId}`, { method: 'PATCH', headers, body: JSON.stringify({ version: 1, name: 'Mine' }) });
    return { user: session.user?.name, create: create.status, patch: patch.status };
  }, groupPath.split('/').pop());
  assert.is(result.user, RILEY.name);
  assert.is(result.create, 403);
  assert.is(result.patch, 403);
});

test('no uncaught errors in the page', () => {
  assert.equal(pageErrors, []);
});

test.run();
