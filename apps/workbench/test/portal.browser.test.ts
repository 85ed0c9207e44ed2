/**
 * The Applicant Portal in Chromium, end to end, with e-mails read from a real SMTP test server:
 * (a) a portal user created by staff (through the API) uses Forgot Password, follows the e-mailed
 * link, sets a password and lands on the home page with their details; (b) a visitor uses
 * Activate now, follows the verification link, sets a password and is signed in; (c) sign-in and
 * Forgot Password with JavaScript disabled; (d) sign-in on a phone-sized viewport. axe-core on
 * every page (no serious or critical violations); screenshots in test-output/screenshots.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, type LaunchedBrowser, type Page } from '@portico/testing';
import { heading, pathOf } from './browser-harness';
import { APPLICANT, createPortalUser, linkIn, mailTo, startPortalWorkbench, strongPassword, uniqueEmail, type PortalHarness } from './portal/portal-fixtures';

let p: PortalHarness;
let browser: LaunchedBrowser;
let page: Page;
const pageErrors: string[] = [];

test.before(async () => {
  p = await startPortalWorkbench();
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  page = browser.page;
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

test.after(async () => {
  await browser?.close();
  await p?.stop();
});

const url = (path: string): string => `${p.h.url}${path}`;

/** Looks at the page like a person would: pointer out of the way, then axe and a screenshot. */
async function check(target: Page, name?: string): Promise<void> {
  await target.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(target);
  if (name) await saveScreenshot(target, name, { fullPage: true });
}

/** The path and query of the e-mailed link, opened in `target`. */
async function follow(target: Page, link: string): Promise<void> {
  await target.goto(url(link));
}

async function setPassword(target: Page, password: string, screenshot?: string): Promise<void> {
  await heading(target, 'Choose your password').waitFor();
  if (screenshot) await check(target, screenshot);
  await target.getByLabel('New password', { exact: true }).fill(password);
  await target.getByLabel('Type the new password again').fill(password);
  await target.getByRole('button', { name: 'Set password and sign in' }).click();
}

test('(a) a portal user made by staff: Forgot Password → e-mail → set password → home page', async () => {
  const email = uniqueEmail('jordan.applicant');
  await createPortalUser(p.admin, { emailAddress: email, displayName: 'Jordan Applicant' });

  await page.goto(url(`${APPLICANT}/sign-in`));
  await heading(page, 'Sign in').waitFor();
  await check(page, 'portal-sign-in');

  await page.getByRole('link', { name: 'Forgot Password' }).click();
  await heading(page, 'Forgot Password').waitFor();
  assert.is(pathOf(page), `${APPLICANT}/forgot-password`);
  await check(page, 'portal-forgot-password');
  await page.getByLabel('E-mail address or user name').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await heading(page, 'Check your e-mail').waitFor();
  await check(page);

  const mail = await mailTo(p.smtp, email, /Reset your .* password/);
  await follow(page, linkIn(mail));
  const password = strongPassword();
  await setPassword(page, password, 'portal-set-password');

  await heading(page, 'Welcome, Jordan Applicant').waitFor();
  assert.is(pathOf(page), APPLICANT);
  const details = page.getByRole('region', { name: 'Your details' });
  assert.match(await details.innerText(), email);
  assert.match(await details.innerText(), 'Jordan Applicant');
  await check(page, 'portal-home');

  // Sign out, then sign in with the new password.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await heading(page, 'Sign in').waitFor();
  await page.getByText('You have signed out.').waitFor();
  await page.getByLabel('E-mail address or user name').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Welcome, Jordan Applicant').waitFor();

  await page.getByRole('link', { name: 'Account' }).click();
  await heading(page, 'Your account').waitFor();
  await check(page, 'portal-account');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await heading(page, 'Sign in').waitFor();
});

test('(a) a wrong password shows one plain error and keeps what was typed', async () => {
  await page.goto(url(`${APPLICANT}/sign-in`));
  await page.getByLabel('E-mail address or user name').fill('nobody@example.org');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  assert.is(await page.getByLabel('E-mail address or user name').inputValue(), 'nobody@example.org');
  await check(page);
});

test('(b) a visitor: Activate now → verification e-mail → set password → signed in', async () => {
  const email = uniqueEmail('sam.visitor');
  await page.goto(url(`${APPLICANT}/sign-in`));
  await page.getByRole('link', { name: 'Activate now' }).click();
  await heading(page, 'Activate now').waitFor();
  await check(page, 'portal-activate-now');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Your name').fill('Sam Visitor');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Check your e-mail').waitFor();

  const mail = await mailTo(p.smtp, email, /Confirm your e-mail address/);
  await follow(page, linkIn(mail));
  await setPassword(page, strongPassword());
  await heading(page, 'Welcome, Sam Visitor').waitFor();
  const details = await page.getByRole('region', { name: 'Your details' }).innerText();
  assert.match(details, email);
  assert.match(details, /E-mail verified\s+Yes/);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await heading(page, 'Sign in').waitFor();
});

test('(c) without JavaScript: Forgot Password and sign-in still work', async () => {
  const noJs = await launchBrowser({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  try {
    const q = noJs.page;
    q.setDefaultTimeout(8_000);
    const email = uniqueEmail('nojs.applicant');
    await createPortalUser(p.admin, { emailAddress: email, displayName: 'Noor Nojs' });

    await q.goto(url(`${APPLICANT}/sign-in`));
    assert.is(await q.evaluate('typeof window'), 'object'); // the test can still look inside the page
    await q.getByRole('link', { name: 'Forgot Password' }).click();
    await heading(q, 'Forgot Password').waitFor();
    await q.getByLabel('E-mail address or user name').fill(email);
    await q.getByRole('button', { name: 'Send the link' }).click();
    await heading(q, 'Check your e-mail').waitFor();

    const mail = await mailTo(p.smtp, email, /Reset your .* password/);
    await follow(q, linkIn(mail));
    const password = strongPassword();
    await setPassword(q, password);
    await heading(q, 'Welcome, Noor Nojs').waitFor();

    await q.getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading(q, 'Sign in').waitFor();
    // A wrong password first (the server-rendered error), then the right one.
    await q.getByLabel('E-mail address or user name').fill(email);
    await q.getByLabel('Password', { exact: true }).fill('wrong-password-here');
    await q.getByRole('button', { name: 'Sign in' }).click();
    await q.getByText('Sign-in failed.').first().waitFor();
    await q.getByLabel('Password', { exact: true }).fill(password);
    await q.getByRole('button', { name: 'Sign in' }).click();
    await heading(q, 'Welcome, Noor Nojs').waitFor();
    assert.is(pathOf(q), APPLICANT);
  } finally {
    await noJs.close();
  }
});

test('(d) sign-in on a phone (390×844)', async () => {
  const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  try {
    const q = phone.page;
    q.setDefaultTimeout(8_000);
    await q.goto(url(`${APPLICANT}/sign-in`));
    await heading(q, 'Sign in').waitFor();
    const overflow = await q.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.is(overflow, 0, 'no sideways scrolling');
    const button = await q.getByRole('button', { name: 'Sign in' }).boundingBox();
    assert.ok(button && button.height >= 44, `the Sign in button is a large tap target (${button?.height} px)`);
    await check(q, 'portal-sign-in-mobile');
  } finally {
    await phone.close();
  }
});

test('no uncaught page errors', () => {
  assert.equal(pageErrors, []);
});

test.run();
