/**
 * Issue 8 (a) in Chromium: staff create a portal user exactly as in the Portal Users procedure
 * (Modules → Security → Menu → Portal Users → Create a new record → E-mail Address, Online
 * Access Disabled = No → Save this record), make them an inspector in one step on the record's
 * "Inspector" tab, and "Notify user". Staff schedule an inspection for them in Modules →
 * Inspections. The inspector then uses Forgot Password on the Inspector Portal (the mail is read
 * from the test SMTP server), sets a password, is signed in, opens the assigned inspection,
 * records findings, attaches a photo, saves a draft and submits a result — which staff then see
 * on the Inspection record (report section and "Photos and documents" tab). axe-core on each
 * main screen; screenshots in test-output/screenshots/inspector-*.png.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, saveScreenshot, type Page } from '@portico/testing';
import type { RunningWorkbench } from '../src/node/server';
import { apiFromPage, completeFirstRunSetup, heading, pathOf, signInAs, startMailingBrowserWorkbench, type MailingBrowserWorkbench } from './browser-harness';
import { mailTo } from './portal/portal-fixtures';

const PLUGINS = ['@portico/plugin-security', '@portico/plugin-portal', '@portico/plugin-licensing', '@portico/plugin-inspector-portal'];
const ADMIN = { name: 'Avery Admin', email: 'avery.admin@example.org', password: 'amber-orchard-lantern-73' };
const INSPECTOR_EMAIL = 'riley.inspector@example.org';
const PASSWORD = 'copper-meadow-harbour-41';
const PREMISES = '14 Quay Street, Harbourtown';
const FINDINGS = 'Kitchen clean. Cold room at 4 °C. Hand-wash basin stocked. Pest control log up to date.';
/** 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let wb: MailingBrowserWorkbench;
let smtp: MailingBrowserWorkbench['smtp'];
let server: RunningWorkbench;
let page: Page;
let portalUserPath = '';
let inspectionPath = '';
let reference = '';
let licenseeName = '';


test.before(async () => {
  wb = await startMailingBrowserWorkbench({ plugins: PLUGINS, acceptDialogs: true });
  ({ server, page, smtp } = wb);
});

test.after(async () => {
  await wb?.stop();
});

test('staff sign in; a licensee exists in Licensing', async () => {
  await completeFirstRunSetup(wb, ADMIN);
  await page.goto(`${server.url}/`);
  await signInAs(page, ADMIN);
  await page.getByRole('button', { name: 'Modules' }).waitFor();
  const type = await apiFromPage<{ id: string }>(page, '/api/entities/lic_licensetype/records', { method: 'POST', body: { name: 'Food Premises', code: 'FOOD', numberPrefix: 'FP', validityMonths: 12 } });
  assert.is(type.status, 201, JSON.stringify(type.body));
  const person = await apiFromPage<{ id: string; fullName?: string }>(page, '/api/entities/lic_person/records', { method: 'POST', body: { firstName: 'Morgan', lastName: 'Baker' } });
  assert.is(person.status, 201, JSON.stringify(person.body));
  licenseeName = String(person.body.fullName ?? 'Morgan Baker');
  const license = await apiFromPage(page, '/api/entities/lic_license/records', { method: 'POST', body: { licenseTypeId: type.body.id, personId: person.body.id, status: 'active' } });
  assert.is(license.status, 201, JSON.stringify(license.body));
});

test('Portal Users procedure: Modules → Security → Menu → Portal Users → Create a new record → Save this record', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Security/ }).click();
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('dialog', { name: 'Security' }).getByRole('list', { name: 'IAM User Management' }).getByRole('link', { name: 'Portal Users' }).click();
  await heading(page, 'All Portal Users').waitFor();
  await page.getByRole('searchbox', { name: 'Narrow results by keyword' }).fill(INSPECTOR_EMAIL);
  await page.getByText(`Nothing matches “${INSPECTOR_EMAIL}”.`).waitFor();
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await heading(page, 'New Portal User').waitFor();
  const section = page.getByRole('region', { name: 'This Record › Portal User' });
  await section.getByLabel('E-mail Address').fill(INSPECTOR_EMAIL);
  await section.getByLabel('Display Name').fill('Riley Inspector');
  await section.getByLabel('Online Access Disabled').selectOption({ label: 'No' });
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.waitForURL(/\/security\/portal-users\/[0-9a-f-]{36}$/);
  await heading(page, INSPECTOR_EMAIL).waitFor();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  portalUserPath = pathOf(page);
});

test('"Inspector" tab: make them an inspector in one step; then "Notify user"', async () => {
  const tab = page.getByRole('tab', { name: 'Inspector' });
  await tab.waitFor();
  await tab.click();
  const panel = page.getByRole('tabpanel');
  await panel.getByText('This portal user is not an inspector.').waitFor();
  await panel.getByLabel(/Badge number/).fill('EH-101');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'inspector-portal-user-tab');
  await expectNoSeriousA11yViolations(page);
  await panel.getByRole('button', { name: 'Make inspector' }).click();
  await panel.getByRole('status').filter({ hasText: 'Riley Inspector is now an inspector (badge EH-101).' }).waitFor();
  await panel.getByText('Yes: may sign in to the Inspector Portal').waitFor();
  const audit = await apiFromPage<{ items: Array<{ action: string }> }>(page, '/api/security/audit?entity=ins_inspector');
  assert.equal(audit.body.items.map((a) => a.action), ['make-inspector'], 'one click, one audited record');
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'inspector-made');

  await page.getByRole('button', { name: 'Notify user' }).click();
  await page.getByRole('status').filter({ hasText: `Invitation sent to ${INSPECTOR_EMAIL}.` }).waitFor();
  await mailTo(smtp, INSPECTOR_EMAIL, /portal account is ready/, 15_000);
});

test('staff schedule an inspection: Modules → Inspections → All Inspections → Create a new record', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Inspections/ }).click();
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('dialog', { name: 'Inspections' }).getByRole('link', { name: 'All Inspections' }).click();
  await heading(page, 'All Inspections').waitFor();
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await heading(page, 'New Inspection').waitFor();
  const inspection = page.getByRole('region', { name: 'This Record › Inspection' });
  await inspection.getByLabel('Inspection Type').selectOption({ label: 'Routine' });
  await inspection.getByLabel('Scheduled For').fill('2026-12-03T09:30');
  await inspection.getByLabel('Assigned Inspector').selectOption({ label: 'Riley Inspector (EH-101)' });
  const where = page.getByRole('region', { name: 'This Record › Licensee and Premises' });
  await where.getByLabel('Licensee').selectOption({ label: licenseeName });
  await where.getByLabel('License', { exact: true }).selectOption({ index: 1 });
  await where.getByLabel('Premises Address').fill(PREMISES);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'inspector-inspection-new');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
  inspectionPath = pathOf(page);
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await heading(page, /^INS-\d{6}$/).waitFor();
  reference = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  assert.match(reference, /^INS-\d{6}$/);
  assert.is(await page.getByRole('region', { name: 'This Record › Inspection' }).getByLabel('Status').inputValue(), 'scheduled');
});

test('the inspector uses Forgot Password on the Inspector Portal, sets a password and is signed in', async () => {
  await page.goto(new URL('/portal/inspector/sign-in', server.url).href);
  await heading(page, 'Sign in').waitFor();
  assert.match(await page.title(), 'Inspector Portal');
  await page.getByRole('link', { name: 'Forgot Password' }).click();
  await heading(page, 'Forgot Password').waitFor();
  await page.getByLabel('E-mail address or user name').fill(INSPECTOR_EMAIL);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await heading(page, 'Check your e-mail').waitFor();
  const text = (await mailTo(smtp, INSPECTOR_EMAIL, /Reset your .* password/, 15_000)).text ?? '';
  const link = /https?:\/\/[^\s"<>]+(\/portal\/set-password\?token=[A-Za-z0-9_-]+)/.exec(text)![1]!;
  await page.goto(new URL(link, server.url).href);
  await heading(page, 'Choose your password').waitFor();
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Type the new password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await heading(page, 'Welcome, Riley Inspector').waitFor();
  assert.is(pathOf(page), '/portal/inspector');
  await page.getByRole('region', { name: 'Your open inspections' }).getByRole('link', { name: new RegExp(reference) }).waitFor();
  await saveScreenshot(page, 'inspector-portal-home');
  await expectNoSeriousA11yViolations(page);
});

test('the inspector opens the inspection, records findings, attaches a photo, saves a draft and submits', async () => {
  await page.getByRole('link', { name: new RegExp(reference) }).click();
  await heading(page, `Inspection ${reference}`).waitFor();
  await page.getByText(PREMISES).first().waitFor();
  await page.getByText(licenseeName).first().waitFor();
  await page.getByLabel('Findings').fill(FINDINGS);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').filter({ hasText: 'Your draft is saved.' }).waitFor();
  assert.is(await page.getByLabel('Findings').inputValue(), FINDINGS);

  await page.getByLabel('Add photos or documents').setInputFiles({ name: 'cold-room.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Attach files' }).click();
  await page.getByRole('status').filter({ hasText: 'The files are attached.' }).waitFor();
  await page.getByRole('link', { name: 'cold-room.png' }).waitFor();
  await saveScreenshot(page, 'inspector-portal-inspection', { fullPage: true });
  await expectNoSeriousA11yViolations(page);

  // Submitting without the declaration is refused, beside the field.
  await page.getByLabel('Pass', { exact: true }).check();
  await page.getByRole('button', { name: 'Submit result' }).click();
  await page.getByRole('alert').filter({ hasText: 'Confirm that the report is complete and accurate.' }).waitFor();
  await page.getByLabel(/I confirm this report is complete and accurate/).check();
  await page.getByRole('button', { name: 'Submit result' }).click();
  await page.getByRole('status').filter({ hasText: 'Your result is submitted. Thank you.' }).waitFor();
  await page.getByRole('heading', { name: 'Submitted report' }).waitFor();
  assert.is(await page.getByRole('button', { name: 'Submit result' }).count(), 0, 'read-only after submit');
  assert.is(await page.getByLabel('Findings').count(), 0);
  await saveScreenshot(page, 'inspector-portal-submitted', { fullPage: true });
  await expectNoSeriousA11yViolations(page);
  // On a phone: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(new URL('/portal/inspector/inspections', server.url).href);
  await heading(page, 'Your inspections').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling');
  await saveScreenshot(page, 'inspector-portal-list-mobile');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('staff see the submitted result, findings and the photo on the Inspection record', async () => {
  await page.goto(new URL(inspectionPath, server.url).href);
  await heading(page, reference).waitFor();
  const report = page.getByRole('region', { name: 'This Record › Inspection Report' });
  await report.getByText('Pass', { exact: true }).waitFor();
  await report.getByText(FINDINGS).waitFor();
  await page.getByRole('region', { name: 'This Record › Inspection' }).getByRole('combobox', { name: 'Status' }).waitFor();
  assert.is(await page.getByRole('region', { name: 'This Record › Inspection' }).getByLabel('Status').inputValue(), 'submitted');
  await page.getByRole('tab', { name: 'Photos and documents' }).click();
  await page.getByRole('tabpanel').getByRole('link', { name: 'cold-room.png' }).waitFor();
  await page.getByRole('img', { name: 'Photo cold-room.png' }).waitFor();
  await page.mouse.move(0, 0);
  await page.getByRole('region', { name: 'This Record › Inspection', exact: true }).evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -64); // below the sticky menu bar
  });
  await saveScreenshot(page, 'inspector-inspection-staff-report');
  await page.getByRole('tabpanel').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'inspector-inspection-staff-photos');
  await expectNoSeriousA11yViolations(page);

  // Staff close it; the list shows the result.
  await page.getByRole('region', { name: 'This Record › Inspection' }).getByLabel('Status').selectOption({ label: 'Closed' });
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.goto(new URL('/inspections', server.url).href);
  await heading(page, 'All Inspections').waitFor();
  const row = page.getByRole('row', { name: new RegExp(reference) });
  await row.waitFor();
  assert.match(await row.innerText(), /Closed[\s\S]*Pass/);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'inspector-inspections-list');
  await expectNoSeriousA11yViolations(page);
  // The portal user's Inspector tab links to the inspector record.
  await page.goto(new URL(portalUserPath, server.url).href);
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByRole('tabpanel').getByText('EH-101').waitFor();
});

test('no uncaught errors in the page', () => {
  assert.equal(wb.pageErrors, []);
});

test.run();
