/**
 * Security › IAM User Management › Portal Users in Chromium, the way staff use it: Modules →
 * Security → Menu → Portal Users opens "All Portal Users"; the keyword search (server side)
 * finds an existing user, who is opened and given "Reset access"; a new address has no match,
 * so "Create a new record", enter the e-mail, Online Access Disabled = No, "Save this record",
 * then "Notify user" — and the invitation arrives at the test SMTP server. Also: a duplicate
 * e-mail is reported beside the field with a link to the existing record; the query survives a
 * reload; bulk actions on selected rows. axe-core on the list and the record view.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, saveScreenshot, type Page } from '@portico/testing';
import type { RunningWorkbench } from '../src/node/server';
import { apiFromPage, completeFirstRunSetup, heading, pathOf, signInAs, startMailingBrowserWorkbench, type MailingBrowserWorkbench } from './browser-harness';
import { mailTo } from './portal/portal-fixtures';

const ADMIN = { name: 'Avery Admin', email: 'avery.admin@example.org', password: 'amber-orchard-lantern-73' };
const EXISTING = 'jordan.existing@example.org';
const NEW_USER = 'casey.newcomer@example.org';

let wb: MailingBrowserWorkbench;
let smtp: MailingBrowserWorkbench['smtp'];
let server: RunningWorkbench;
let page: Page;
let dialogs: string[];
let existingId = '';

const search = () => page.getByRole('searchbox', { name: 'Narrow results by keyword' });

test.before(async () => {
  wb = await startMailingBrowserWorkbench({ acceptDialogs: true });
  ({ server, page, smtp, dialogs } = wb);
});

test.after(async () => {
  await wb?.stop();
});

test('(1) sign in to the workbench as the first-run administrator', async () => {
  await completeFirstRunSetup(wb, ADMIN);
  await page.goto(`${server.url}/`);
  await signInAs(page, ADMIN);
  await page.getByRole('button', { name: 'Modules' }).waitFor();
  // A portal user that already exists, seeded through the entity API.
  const created = await apiFromPage<{ id: string }>(page, '/api/entities/tc_portaluser/records', {
    method: 'POST',
    body: { emailAddress: EXISTING, displayName: 'Jordan Existing' },
  });
  assert.is(created.status, 201);
  existingId = created.body.id;
});

test('(2–4) Modules → Security → Menu → IAM User Management › Portal Users opens "All Portal Users"', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Security/ }).click();
  await page.getByRole('button', { name: 'Menu' }).click();
  const drawer = page.getByRole('dialog', { name: 'Security' });
  await drawer.getByRole('list', { name: 'IAM User Management' }).getByRole('link', { name: 'Portal Users' }).click();
  await heading(page, 'All Portal Users').waitFor();
  assert.is(pathOf(page), '/security/portal-users');
  await page.getByRole('row', { name: new RegExp(EXISTING) }).waitFor();
  await page.getByText('1 portal user', { exact: true }).waitFor();
});

test('(5a) keyword search finds the existing user; open it; "Reset access" e-mails a reset link', async () => {
  await search().fill(EXISTING);
  await page.waitForURL((url) => url.searchParams.get('q') === EXISTING);
  const row = page.getByRole('row', { name: new RegExp(EXISTING) });
  await row.waitFor();
  await row.dblclick();
  await heading(page, EXISTING).waitFor();
  assert.is(pathOf(page), `/security/portal-users/${existingId}`);
  await page.getByRole('region', { name: 'This Record › Sign-in' }).waitFor();

  await page.getByRole('button', { name: 'Reset access' }).click();
  await page.getByRole('status').filter({ hasText: `Password reset link sent to ${EXISTING}.` }).waitFor();
  assert.match(dialogs.at(-1) ?? '', `Reset access for ${EXISTING}?`);
  const reset = await mailTo(smtp, EXISTING, /Reset your Portico portal password/, 15_000);
  assert.match(reset.text ?? '', '/portal/set-password?token=');
});

test('(5b) Cancel returns to the same search; a new address has no match', async () => {
  await page.getByRole('button', { name: 'Cancel' }).click();
  await heading(page, 'All Portal Users').waitFor();
  assert.is(await search().inputValue(), EXISTING, 'the keyword is restored from the URL');
  await search().fill(NEW_USER);
  await page.getByText(`Nothing matches “${NEW_USER}”.`).waitFor();
  await page.waitForURL((url) => url.searchParams.get('q') === NEW_USER);
});

test('(6–8) Create a new record: E-mail Address, Online Access Disabled = No, Save this record', async () => {
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await heading(page, 'New Portal User').waitFor();
  assert.is(pathOf(page), '/security/portal-users/new');
  const section = page.getByRole('region', { name: 'This Record › Portal User' });
  await section.getByLabel('E-mail Address').fill(NEW_USER);
  await section.getByLabel('Online Access Disabled').selectOption({ label: 'No' });
  assert.is(await page.getByRole('region', { name: 'This Record › Sign-in' }).count(), 0, 'no read-only sections on a new record');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'portal-user-new');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.waitForURL(/\/security\/portal-users\/[0-9a-f-]{36}$/);
  await heading(page, NEW_USER).waitFor();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.is(await page.getByRole('region', { name: 'This Record › Sign-in' }).getByText('Invited').count(), 1, 'status Invited');
  assert.match(await page.getByRole('region', { name: 'This Record › System' }).innerText(), ADMIN.name);
});

test('(9) "Notify user" sends the invitation to the test SMTP server', async () => {
  await page.getByRole('button', { name: 'Notify user' }).click();
  await page.getByRole('status').filter({ hasText: `Invitation sent to ${NEW_USER}.` }).waitFor();
  const mail = await mailTo(smtp, NEW_USER, /portal account is ready/, 15_000);
  assert.ok(mail.to && !Array.isArray(mail.to) && mail.to.text.includes(NEW_USER));
  assert.match(mail.text ?? '', /\/portal\/set-password\?token=[A-Za-z0-9_-]+/);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'portal-user-record');
  await expectNoSeriousA11yViolations(page);
});

test('the user made in steps 6–8 uses Forgot Password on the Applicant Portal, sets a password and signs in', async () => {
  const workbench = page.url();
  await page.goto(new URL('/portal/applicant/sign-in', server.url).href);
  await heading(page, 'Sign in').waitFor();
  await page.getByRole('link', { name: 'Forgot Password' }).click();
  await heading(page, 'Forgot Password').waitFor();
  await page.getByLabel('E-mail address or user name').fill(NEW_USER);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await heading(page, 'Check your e-mail').waitFor();
  const mail = await mailTo(smtp, NEW_USER, /Reset your .* password/, 15_000);
  const link = /https?:\/\/[^\s"<>]+(\/portal\/set-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
  await page.goto(new URL(link, server.url).href);
  await heading(page, 'Choose your password').waitFor();
  const password = 'copper-meadow-harbour-41';
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Type the new password again').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('region', { name: 'Your details' }).waitFor();
  assert.match(await page.getByRole('region', { name: 'Your details' }).innerText(), NEW_USER);
  // Back in the workbench (its own session), the record now shows the account as active.
  await page.goto(workbench);
  await page.reload();
  await page.getByText('Active', { exact: true }).first().waitFor();
});

test('another plugin\'s tab on the Portal User record view gets the record', async () => {
  await page.goto(new URL(`/security/portal-users/${existingId}`, server.url).href);
  const tab = page.getByRole('tab', { name: 'Fixture Details' });
  await tab.waitFor();
  assert.is(await tab.getAttribute('aria-selected'), 'true');
  await page.getByRole('tabpanel').getByText(`This tab belongs to ${EXISTING}`).waitFor();
});

test('a duplicate e-mail is reported beside the field, with a link to the existing record', async () => {
  await page.goto(`${server.url}/security/portal-users/new`);
  await heading(page, 'New Portal User').waitFor();
  await page.getByLabel('E-mail Address').fill(EXISTING.toUpperCase());
  await page.getByRole('button', { name: 'Save this record' }).click();
  const error = page.getByText('E-mail Address is already used by another portal user');
  await error.waitFor();
  assert.is(await page.getByLabel('E-mail Address').getAttribute('aria-invalid'), 'true');
  const link = page.getByRole('link', { name: 'open the existing record' });
  assert.is(await link.getAttribute('href'), `/security/portal-users/${existingId}`);
  assert.is(pathOf(page), '/security/portal-users/new');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'portal-user-duplicate');
  // Leaving with unsaved edits asks first (the dialog handler accepts).
  const asked = dialogs.length;
  await link.click();
  await heading(page, EXISTING).waitFor();
  assert.is(dialogs.length, asked + 1);
  assert.match(dialogs.at(-1) ?? '', 'unsaved changes');
});

test('sort and keyword live in the URL; bulk "Notify user" on selected rows', async () => {
  await page.goto(`${server.url}/security/portal-users?q=example.org`);
  await heading(page, 'All Portal Users').waitFor();
  assert.is(await search().inputValue(), 'example.org');
  await page.getByText('2 portal users', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'E-mail Address' }).click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'emailAddress');
  assert.is(await page.getByRole('columnheader', { name: 'E-mail Address' }).getAttribute('aria-sort'), 'ascending');
  assert.match(await page.getByRole('row').nth(1).innerText(), NEW_USER);
  await page.reload();
  await heading(page, 'All Portal Users').waitFor();
  await page.getByRole('row', { name: new RegExp(NEW_USER) }).waitFor();
  assert.is(await search().inputValue(), 'example.org');
  assert.is(await page.getByRole('columnheader', { name: 'E-mail Address' }).getAttribute('aria-sort'), 'ascending');

  await page.getByRole('checkbox', { name: `Select ${NEW_USER}` }).check();
  await page.getByRole('checkbox', { name: `Select ${EXISTING}` }).check();
  await page.getByText('2 selected').waitFor();
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'portal-users-list');
  await expectNoSeriousA11yViolations(page);
  const before = smtp.messages.length;
  await page.getByRole('region', { name: 'Selected rows' }).waitFor();
  await page.getByRole('button', { name: 'Notify user' }).click();
  await page.getByRole('status').filter({ hasText: 'Invitation sent to 2 portal users.' }).waitFor();
  await smtp.waitFor(before + 2, 15_000);
});

test('a stale save (409) says so and offers Reload', async () => {
  await page.goto(`${server.url}/security/portal-users/${existingId}`);
  await heading(page, EXISTING).waitFor();
  const current = await apiFromPage<{ version: number }>(page, `/api/entities/tc_portaluser/records/${existingId}`);
  const changed = await apiFromPage(page, `/api/entities/tc_portaluser/records/${existingId}`, {
    method: 'PATCH',
    body: { version: current.body.version, displayName: 'Jordan Elsewhere' },
  });
  assert.is(changed.status, 200);
  await page.getByLabel('Display Name').fill('Jordan Here');
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.getByRole('alert').filter({ hasText: 'Someone else changed this record' }).waitFor();
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.is(await page.getByLabel('Display Name').inputValue(), 'Jordan Elsewhere');
});

test('no uncaught errors in the page', () => {
  assert.equal(wb.pageErrors, []);
});

test.run();
