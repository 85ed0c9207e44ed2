/**
 * Licensing in Chromium, end to end, with e-mails read from a real SMTP test server (issue 8,
 * Chromium test (b)): a visitor uses "Activate now" on the Applicant Portal, follows the
 * verification e-mail, sets a password, applies for a license through the multi-step form
 * (saving a step to come back later, attaching a document), and submits; staff sign in to the
 * workbench, open Modules › Licensing › License Applications, see the document and approve the
 * application; the applicant signs in to the Licensee Portal, sees the license and its
 * printable certificate. An account without a license is turned away from the Licensee Portal
 * with the reason and a link to the Applicant Portal. axe-core on every main screen;
 * screenshots in test-output/screenshots.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, type LaunchedBrowser, type Page } from '@portico/testing';
import { startTestSmtpServer, type TestSmtpServer } from '@portico/mail/testing';
import { apiFromPage, completeFirstRunSetup, heading, pathOf, signInAs, startBrowserWorkbench, type BrowserWorkbench } from './browser-harness';
import { linkIn, mailTo } from './portal/portal-fixtures';
import { strongPassword, uniqueEmail } from './security/fixtures';
import { PNG } from './licensing/licensing-fixtures';

const PLUGINS = ['@portico/plugin-security', '@portico/plugin-portal', '@portico/plugin-licensing', '@portico/plugin-licensee-portal'];
const ADMIN = { name: 'Morgan Licensing', email: 'morgan.licensing@example.org', password: 'copper-meadow-violin-58' };
const APPLICANT = { name: 'Jamie Rivera', email: uniqueEmail('jamie.rivera'), password: strongPassword() };

let smtp: TestSmtpServer;
let wb: BrowserWorkbench;
let staff: Page;
let visitor: LaunchedBrowser;
let page: Page;
const pageErrors: string[] = [];
let licenseNumber = '';

const url = (path: string): string => `${wb.server.url}${path}`;

/** Looks at the page like a person would: pointer out of the way, then axe and a screenshot. */
async function check(target: Page, name?: string): Promise<void> {
  await target.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(target);
  if (name) await saveScreenshot(target, name, { fullPage: true });
}

test.before(async () => {
  smtp = await startTestSmtpServer();
  wb = await startBrowserWorkbench({ plugins: PLUGINS, env: { SMTP_URL: smtp.url, PORTICO_JOBS: 'true', MAIL_FROM: 'Portico <no-reply@portico.test>' }, timeout: 10_000 });
  staff = wb.page;
  staff.on('dialog', (dialog) => void dialog.accept());
  visitor = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  page = visitor.page;
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

test.after(async () => {
  await visitor?.close();
  await wb?.stop();
  await smtp?.stop();
});

test('staff: first-run setup, sign in, and a license type to apply for', async () => {
  await completeFirstRunSetup(wb, ADMIN);
  await staff.goto(url('/'));
  await signInAs(staff, ADMIN);
  await staff.getByRole('button', { name: 'Modules' }).waitFor();
  const created = await apiFromPage(staff, '/api/entities/lic_licensetype/records', {
    method: 'POST',
    body: { name: 'Electrician', code: 'ELEC', numberPrefix: 'EL', validityMonths: 36, openForApplications: true, description: 'Electrical installation and repair work.' },
  });
  assert.is(created.status, 201);
  await apiFromPage(staff, '/api/entities/lic_licensetype/records', {
    method: 'POST',
    body: { name: 'Gas Engineer', code: 'GAS', numberPrefix: 'GS', validityMonths: 24, openForApplications: true, description: 'Installation and servicing of gas appliances.' },
  });
});

test('applicant: Activate now → verification e-mail → set password → Applicant Portal home', async () => {
  await page.goto(url('/portal/applicant/sign-in'));
  await page.getByRole('link', { name: 'Activate now' }).click();
  await heading(page, 'Activate now').waitFor();
  await page.getByLabel('E-mail address').fill(APPLICANT.email);
  await page.getByLabel('Your name').fill(APPLICANT.name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Check your e-mail').waitFor();
  const mail = await mailTo(smtp, APPLICANT.email, /Confirm your e-mail address/);
  await page.goto(url(linkIn(mail)));
  await heading(page, 'Choose your password').waitFor();
  await page.getByLabel('New password', { exact: true }).fill(APPLICANT.password);
  await page.getByLabel('Type the new password again').fill(APPLICANT.password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await heading(page, `Welcome, ${APPLICANT.name}`).waitFor();
  const panel = page.getByRole('region', { name: 'License applications' });
  assert.match(await panel.innerText(), 'Apply for an individual license online');
  await check(page, 'licensing-applicant-home');
});

test('applicant: the multi-step application, saved and resumed, with a document, submitted', async () => {
  await page.getByRole('link', { name: 'Apply for a license' }).click();
  await heading(page, 'Your license applications').waitFor();
  await page.getByRole('button', { name: 'Start a new application' }).click();

  // Step 1: the license.
  await heading(page, 'License type').waitFor();
  await page.getByText('Step 1 of 5').waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  await check(page, 'licensing-apply-step1-error');
  await page.getByLabel('Electrician').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: about you — prefilled from the account's name; save and come back later.
  await heading(page, 'About you').waitFor();
  assert.is(await page.getByLabel('First name').inputValue(), 'Jamie');
  assert.is(await page.getByLabel('Last name').inputValue(), 'Rivera');
  await page.getByLabel('Date of birth').fill('1991-07-04');
  await page.getByLabel('Phone number (optional)').fill('+44 20 7946 0123');
  await check(page, 'licensing-apply-step2');
  await page.getByRole('button', { name: 'Save and come back later' }).click();
  await heading(page, 'Your license applications').waitFor();
  await page.getByText('Your answers are saved.').waitFor();
  await check(page, 'licensing-applications-list');
  await page.getByRole('link', { name: /Continue/ }).click();

  // Resumes at step 3: the address.
  await heading(page, 'Your address').waitFor();
  await page.getByLabel('Address line 1').fill('27 Quay Street');
  await page.getByLabel('Town or city').fill('Porthaven');
  await page.getByLabel('Postal code').fill('PH2 9QS');
  await page.getByLabel('Country').fill('United Kingdom');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: a document, uploaded with a plain multipart form.
  await heading(page, 'Qualifications and documents').waitFor();
  await page.getByLabel('Choose files').setInputFiles({ name: 'passport-scan.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('list', { name: 'Attached documents' }).getByRole('link', { name: 'passport-scan.png' }).waitFor();
  await page.getByLabel('Qualifications and experience (optional)').fill('Level 3 Electrical Installation; 8 years in domestic and commercial work.');
  await check(page, 'licensing-apply-step4-documents');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 5: check and submit.
  await heading(page, 'Check and submit').waitFor();
  const answers = await page.locator('main').innerText();
  assert.match(answers, 'Electrician');
  assert.match(answers, 'Jamie Rivera');
  assert.match(answers, '4 July 1991');
  assert.match(answers, '27 Quay Street');
  assert.match(answers, 'passport-scan.png');
  await check(page, 'licensing-apply-step5-review');
  await page.getByLabel(/I confirm that the information/).check();
  await page.getByRole('button', { name: 'Submit application' }).click();
  await heading(page, /^Application APP-\d{6}$/).waitFor();
  await page.getByText('your application is submitted').waitFor();
  await check(page, 'licensing-application-submitted');
  await mailTo(smtp, APPLICANT.email, /We have received your Electrician license application/);
});

test('an account without a license is turned away from the Licensee Portal, with the reason and a link', async () => {
  await page.goto(url('/portal/licensee/sign-in'));
  await heading(page, 'Sign in').waitFor();
  await page.getByLabel('E-mail address or user name').fill(APPLICANT.email);
  await page.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'You cannot use the Licensee Portal').waitFor();
  await page.getByText('your account is not linked to a license holder').waitFor();
  await check(page, 'licensee-portal-turned-away');
  await page.getByRole('link', { name: 'Go to the Applicant Portal' }).click();
  assert.match(pathOf(page), /^\/portal\/applicant/);
});

test('staff: Modules › Licensing › License Applications → open the application, see its document, Approve', async () => {
  await staff.getByRole('button', { name: 'Modules' }).click();
  await staff.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Licensing/ }).click();
  await staff.getByRole('button', { name: 'Menu' }).click();
  await staff.getByRole('dialog', { name: 'Licensing' }).getByRole('link', { name: 'License Applications' }).click();
  await heading(staff, 'All License Applications').waitFor();
  assert.is(pathOf(staff), '/licensing/applications');
  const row = staff.getByRole('row', { name: /Jamie Rivera/ });
  await row.waitFor();
  assert.match(await row.innerText(), 'Submitted');
  await check(staff, 'licensing-workbench-applications');
  await row.dblclick();
  await staff.getByRole('region', { name: 'This Record › Applicant' }).waitFor();
  assert.match(await staff.getByRole('region', { name: 'This Record › Applicant' }).innerText(), 'Jamie');
  await staff.getByRole('tab', { name: 'Documents' }).click();
  await staff.getByRole('tabpanel').getByRole('link', { name: 'passport-scan.png' }).waitFor();
  await check(staff, 'licensing-workbench-application');

  await staff.getByRole('button', { name: 'Approve' }).click();
  const notice = staff.getByRole('status').filter({ hasText: /Approved\. License EL-\d{4}-\d{6} has been issued\./ });
  await notice.waitFor();
  licenseNumber = /EL-\d{4}-\d{6}/.exec(await notice.innerText())![0];
  const decision = await staff.getByRole('region', { name: 'This Record › Decision' }).innerText();
  assert.match(decision, licenseNumber);
  assert.match(decision, ADMIN.name);
  await check(staff, 'licensing-workbench-approved');

  // The license and the person it is linked to are in their lists.
  await staff.goto(url('/licensing/licenses'));
  await heading(staff, 'All Licenses').waitFor();
  const license = staff.getByRole('row', { name: new RegExp(licenseNumber) });
  await license.waitFor();
  assert.match(await license.innerText(), 'Jamie Rivera');
  await check(staff, 'licensing-workbench-licenses');
  await staff.goto(url('/licensing/persons'));
  const person = staff.getByRole('row', { name: /Jamie Rivera/ });
  await person.waitFor();
  assert.match(await person.innerText(), APPLICANT.email);
});

test('applicant: signs in to the Licensee Portal, sees the license, opens the printable certificate', async () => {
  await mailTo(smtp, APPLICANT.email, new RegExp(`license ${licenseNumber} has been issued`));
  await page.goto(url('/portal/licensee/sign-in'));
  await page.getByLabel('E-mail address or user name').fill(APPLICANT.email);
  await page.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'My licenses').waitFor();
  const card = page.getByRole('region', { name: 'Electrician license' });
  const text = await card.innerText();
  assert.match(text, licenseNumber);
  assert.match(text, 'Active');
  assert.match(text, 'Jamie Rivera');
  await check(page, 'licensee-portal-my-licenses');

  await card.getByRole('link', { name: /View certificate/ }).click();
  await heading(page, `Certificate of license ${licenseNumber}`).waitFor();
  const certificate = await page.getByRole('region', { name: 'Electrician License' }).innerText();
  assert.match(certificate, 'Jamie Rivera');
  assert.match(certificate, licenseNumber);
  await check(page, 'licensee-portal-certificate');
  await page.emulateMedia({ media: 'print' });
  assert.is(await page.locator('.site-header').isVisible(), false, 'no portal chrome on paper');
  assert.is(await page.locator('.certificate').isVisible(), true);
  await saveScreenshot(page, 'licensee-portal-certificate-print', { fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('a license near expiry: the licensee requests its renewal; staff see the request in the workbench and renew it', async () => {
  // A second license, transferred from paper records by staff, that expires in 20 days.
  const persons = await apiFromPage<{ items: Array<{ id: string; email: string }> }>(staff, `/api/entities/lic_person/records?q=${encodeURIComponent('Rivera')}`);
  const personId = persons.body.items[0]!.id;
  const types = await apiFromPage<{ items: Array<{ id: string; name: string }> }>(staff, '/api/entities/lic_licensetype/records?q=Gas');
  const expires = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const created = await apiFromPage<{ licenseNumber: string }>(staff, '/api/entities/lic_license/records', {
    method: 'POST', body: { licenseTypeId: types.body.items[0]!.id, personId, status: 'active', issuedOn: '2024-12-01', expiresOn: expires },
  });
  assert.is(created.status, 201);
  const gas = created.body.licenseNumber;

  await page.goto(url('/portal/licensee'));
  await heading(page, 'My licenses').waitFor();
  const card = page.getByRole('region', { name: 'Gas Engineer license' });
  assert.match(await card.innerText(), '(in 20 days)');
  await card.getByRole('link', { name: /Request renewal/ }).click();
  await heading(page, 'Request a renewal').waitFor();
  await page.getByLabel('Anything we should know? (optional)').fill('My address is unchanged.');
  await check(page, 'licensee-portal-renewal');
  await page.getByRole('button', { name: 'Send renewal request' }).click();
  await page.getByText('Your renewal request has been sent.').waitFor();
  await page.getByRole('link', { name: 'Back to my licenses' }).click();
  assert.match(await page.getByRole('region', { name: 'Gas Engineer license' }).innerText(), 'Renewal requested');

  await staff.getByRole('button', { name: 'Modules' }).click();
  await staff.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Licensing/ }).click();
  await staff.getByRole('button', { name: 'Menu' }).click();
  await staff.getByRole('dialog', { name: 'Licensing' }).getByRole('link', { name: 'Renewal Requests' }).click();
  await heading(staff, 'All Renewal Requests').waitFor();
  const row = staff.getByRole('row', { name: new RegExp(gas) });
  await row.waitFor();
  assert.match(await row.innerText(), 'Requested');
  assert.match(await row.innerText(), 'Jamie Rivera');
  await check(staff, 'licensing-workbench-renewals');
  await row.dblclick();
  await staff.getByRole('region', { name: 'This Record › Renewal Request' }).waitFor();
  assert.match(await staff.getByRole('region', { name: 'This Record › Renewal Request' }).innerText(), 'My address is unchanged.');
  await staff.getByRole('button', { name: 'Renew license' }).click();
  await staff.getByRole('status').filter({ hasText: new RegExp(`License ${gas} renewed until \\d{4}-\\d{2}-\\d{2}\\.`) }).waitFor();
  assert.match(await staff.getByRole('region', { name: 'This Record › Handling' }).innerText(), 'Renewed');
  await check(staff, 'licensing-workbench-renewed');

  await page.reload();
  const renewed = await page.getByRole('region', { name: 'Gas Engineer license' }).innerText();
  assert.not.match(renewed, 'Renewal requested');
  assert.not.match(renewed, '(in 20 days)');
});

test('on a phone (390×844): the applications list, an application and My licenses fit the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [path, name] of [['/portal/applicant/applications', 'licensing-applications-mobile'], ['/portal/licensee', 'licensee-portal-mobile']] as const) {
      await page.goto(url(path));
      await page.locator('h1').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.is(overflow, 0, `no sideways scrolling on ${path}`);
      await check(page, name);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('no uncaught page errors', () => {
  assert.equal(pageErrors, []);
  assert.equal(wb.pageErrors, []);
});

test.run();
