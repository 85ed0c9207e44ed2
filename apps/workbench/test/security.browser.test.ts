/**
 * The Security module in Chromium, end to end: signed out every route shows the sign-in page
 * (which says when setup is required); first-run setup through the one-time link; sign-in
 * returns to the requested URL; a privilege group and a staff user created through the record
 * views; then that user sees only what the group grants (no Create, a read-only record) and
 * the API refuses their writes. axe-core on the main screens; screenshots in
 * test-output/screenshots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, type LaunchedBrowser, type Page } from '@portico/testing';
import { FirstRunSetup } from '@portico/plugin-security/node';
import { startWorkbench, type RunningWorkbench } from '../src/node/server';
import { testEnvironment } from './helpers';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appRoot, '../..');
const PLUGINS = ['@portico/plugin-security', '@portico/plugin-hello'];

const ADMIN = { name: 'Avery Admin', email: 'avery.admin@example.org', password: 'amber-orchard-lantern-73' };
const RILEY = { name: 'Riley Reader', email: 'riley.reader@example.org', password: 'quiet-harbour-compass-58' };

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Builds dist/browser with Vite unless it is newer than every source and has the same plugins. */
function ensureBrowserBuild(): void {
  const index = join(appRoot, 'dist/browser/index.html');
  const manifest = join(appRoot, 'dist/browser/portico-build.json');
  const sources = [
    join(appRoot, 'src/browser'),
    join(appRoot, 'index.html'),
    join(appRoot, 'vite.config.ts'),
    join(appRoot, 'package.json'),
    join(repoRoot, 'packages/ui/src'),
    join(repoRoot, 'packages/core/src/common'),
    join(repoRoot, 'packages/plugins'),
  ];
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(...sources.map(newestMtime));
  let samePlugins = false;
  if (existsSync(manifest)) {
    const { plugins } = JSON.parse(readFileSync(manifest, 'utf8')) as { plugins: Array<{ packageName: string }> };
    samePlugins = plugins.map((p) => p.packageName).sort().join(',') === [...PLUGINS].sort().join(',');
  }
  if (built > newest && samePlugins) return;
  const vite = join(appRoot, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: appRoot,
    env: { ...process.env, PORTICO_PLUGINS: PLUGINS.join(',') },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

const pathOf = (page: Page): string => new URL(page.url()).pathname;
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

let server: RunningWorkbench;
let browser: LaunchedBrowser;
let cleanup: () => Promise<void>;
let page: Page;
const pageErrors: string[] = [];

async function signInAs(user: { email: string; password: string }): Promise<void> {
  await heading(page, 'Sign in to Portico').waitFor();
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.before(async () => {
  ensureBrowserBuild();
  const environment = await testEnvironment({ PORTICO_PLUGINS: PLUGINS.join(','), PORTICO_JOBS: 'false' });
  cleanup = environment.cleanup;
  server = await startWorkbench({ port: 0, env: environment.env });
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  page = browser.page;
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

test.after(async () => {
  await browser?.close();
  await server?.stop();
  await cleanup?.();
});

test('signed out: a workbench route shows the sign-in page, which says setup is required', async () => {
  await page.goto(`${server.url}/security/staff-users`);
  await heading(page, 'Sign in to Portico').waitFor();
  await page.getByText('Portico is not set up yet').waitFor();
  assert.is(pathOf(page), '/security/staff-users', 'the URL stays the requested one');
  assert.ok(await page.getByRole('button', { name: 'Modules' }).isHidden(), 'no workbench chrome while signed out');
});

test('first-run setup through the one-time link', async () => {
  const link = await server.workbench.kernel.container.get(FirstRunSetup).issueLink();
  assert.ok(link, 'a setup link while no staff user exists');
  const url = new URL(link!);
  await page.goto(`${server.url}${url.pathname}${url.search}`);
  await heading(page, 'Set up Portico').waitFor();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('Full name').fill(ADMIN.name);
  await page.getByLabel('E-mail address').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await heading(page, 'Administrator created').waitFor();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await heading(page, 'Sign in to Portico').waitFor();
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
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'security-staff-record');
  await expectNoSeriousA11yViolations(page);
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
