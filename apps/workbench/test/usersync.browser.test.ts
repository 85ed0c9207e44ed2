/**
 * Issue 7 in Chromium, the way staff use it: Security › IAM User Management › API Tokens —
 * create a token (the secret shown once), which an external system then uses for SavePortalUser;
 * Security › IAM User Management › Sync Queue — the failed row with its reason, filter by state,
 * retry the selected row after fixing the cause, see it synced; then revoke the token, which the
 * API refuses at once. Screenshots of both screens; axe-core on both.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, saveScreenshot, type Page } from '@portico/testing';
import type { RunningWorkbench } from '../src/node/server';
import { WORKBENCH_PLUGINS, apiFromPage, completeFirstRunSetup, heading, pathOf, signInAs, startBrowserWorkbench, type BrowserWorkbench } from './browser-harness';

const ADMIN = { name: 'Robin Admin', email: 'robin.admin@example.org', password: 'copper-meadow-violin-58' };
let wb: BrowserWorkbench;
let server: RunningWorkbench;
let page: Page;
let secret = '';
let failedId = 0;
let dialogs: string[];

const save = (body: unknown) =>
  fetch(`${server.url}/api/portal/save-portal-user`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function settle(ids: number[]): Promise<Array<{ id: number; state: string; error: string | null }>> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${server.url}/api/portal/save-portal-user?ids=${ids.join(',')}`, { headers: { authorization: `Bearer ${secret}` } });
    const { rows } = (await res.json()) as { rows: Array<{ id: number; state: string; error: string | null }> };
    if (rows.every((r) => !r.state.includes('pending'))) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('rows still pending');
}

async function openMenuItem(label: string): Promise<void> {
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('dialog', { name: 'Security' }).getByRole('list', { name: 'IAM User Management' }).getByRole('link', { name: label }).click();
}

test.before(async () => {
  wb = await startBrowserWorkbench({ plugins: [...WORKBENCH_PLUGINS, '@portico/plugin-usersync'], env: { PORTICO_JOBS: 'true' }, acceptDialogs: true });
  ({ server, page, dialogs } = wb);
});
test.after(async () => { await wb?.stop(); });

test('sign in; a category and search 163 to provision into', async () => {
  await completeFirstRunSetup(wb, ADMIN);
  await page.goto(`${server.url}/`);
  await signInAs(page, ADMIN);
  await page.getByRole('button', { name: 'Modules' }).waitFor();
  assert.is((await apiFromPage(page, '/api/documents/categories/20', { method: 'PUT', body: { name: 'Customers', fields: [{ fieldNo: 1019, name: 'Region', type: 'text' }] } })).status, 200);
  assert.is((await apiFromPage(page, '/api/documents/searches/163', { method: 'PUT', body: { ctgryNo: 20, name: 'My documents', columns: [1019] } })).status, 200);
});

test('Modules → Security → Menu → API Tokens: create a token; the secret is shown once', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Security/ }).click();
  await openMenuItem('API Tokens');
  await heading(page, 'API Tokens').waitFor();
  assert.is(pathOf(page), '/security/api-tokens');
  await page.getByText('No API tokens yet', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Create a new record' }).click();
  await page.getByLabel('Name').fill('CRM nightly sync');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('token-secret');
  await shown.waitFor();
  secret = (await shown.textContent())!.trim();
  assert.match(secret, /^ptk_[A-Za-z0-9_-]{43}$/);
  await page.getByText('shown only this once', { exact: false }).waitFor();
  await page.getByRole('row', { name: /CRM nightly sync/ }).getByText('Active').waitFor();
  await saveScreenshot(page, 'usersync-api-token-created');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Done' }).click();
  assert.is(await page.getByTestId('token-secret').count(), 0, 'the secret is gone once dismissed');
  await page.reload();
  await page.getByRole('row', { name: /CRM nightly sync/ }).waitFor();
  assert.not.ok((await page.content()).includes(secret.slice(12)), 'the list never shows it again');
});

test('an external system uses the token: one row syncs, one fails (user name taken)', async () => {
  const ok = (await (await save({ PortalUser: { Email: 'first@example.org', UserName: 'taken-name', QueryNo: 163, Conditions: [{ FieldNoOrName: 'Region', Condition: 'North' }] } })).json()) as { ids: number[] };
  const bad = (await (await save({ PortalUser: { Email: 'second@example.org', UserName: 'TAKEN-NAME', QueryNo: 163 } })).json()) as { ids: number[] };
  const [a, b] = await settle([...ok.ids, ...bad.ids]);
  assert.is(a!.state, 'synced');
  assert.is(b!.state, 'failed');
  failedId = b!.id;
});

test('Menu → Sync Queue: the failed row with its reason; retry it after fixing the cause; it is synced', async () => {
  await openMenuItem('Sync Queue');
  await heading(page, 'Sync Queue').waitFor();
  assert.is(pathOf(page), '/security/sync-queue');
  const row = page.getByRole('row', { name: /second@example\.org/ });
  await row.waitFor();
  await row.getByText('belongs to another portal user', { exact: false }).waitFor();
  await page.getByRole('button', { name: /^Failed/ }).waitFor();
  assert.is(await page.getByRole('button', { name: /^Failed/ }).getAttribute('aria-pressed'), 'true');
  await row.dblclick();
  await page.getByRole('heading', { name: `Row ${failedId} · second@example.org` }).waitFor();
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await saveScreenshot(page, 'usersync-sync-queue-failed');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Close' }).click();

  // Fix the cause: the other user gets another name.
  const users = await apiFromPage<{ items: Array<{ id: string; version: number; emailAddress: string }> }>(page, '/api/entities/tc_portaluser/records?q=first%40example.org');
  const first = users.body.items.find((u) => u.emailAddress === 'first@example.org')!;
  assert.is((await apiFromPage(page, `/api/entities/tc_portaluser/records/${first.id}`, { method: 'PATCH', body: { version: first.version, userName: 'renamed' } })).status, 200);

  await page.getByRole('checkbox', { name: `Select ${failedId}` }).check();
  await page.getByText('1 selected').waitFor();
  await page.getByRole('region', { name: 'Selected rows' }).waitFor();
  await page.getByRole('button', { name: 'Retry selected' }).click();
  await page.getByText('1 row sent back to processing.').waitFor();
  const [after] = await settle([failedId]);
  assert.is(after!.state, 'synced');
  await page.getByRole('button', { name: /^Synced/ }).click();
  await page.getByRole('row', { name: /second@example\.org/ }).getByText('Synced (0)').waitFor();
  await page.getByRole('row', { name: /first@example\.org/ }).waitFor();
  await saveScreenshot(page, 'usersync-sync-queue-synced');
});

test('revoke the token from the list: the API refuses it at once', async () => {
  await openMenuItem('API Tokens');
  await heading(page, 'API Tokens').waitFor();
  await page.getByRole('checkbox', { name: 'Select CRM nightly sync' }).check();
  await page.getByRole('region', { name: 'Selected rows' }).waitFor();
  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('1 API token revoked.').waitFor();
  assert.match(dialogs.at(-1) ?? '', 'Revoke this API token?');
  await page.getByRole('row', { name: /CRM nightly sync/ }).getByText('Revoked').waitFor();
  await saveScreenshot(page, 'usersync-api-token-revoked');
  const res = await save({ PortalUser: { Email: 'third@example.org', QueryNo: 163 } });
  assert.is(res.status, 401);
  assert.equal(wb.pageErrors, []);
});

test.run();
