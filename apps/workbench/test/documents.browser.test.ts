/**
 * The document portal end to end in Chromium. Staff, signed in to the workbench, open a Portal
 * User record; in its "Search" tab (contributed by the documents plugin through RECORD_TABS) they
 * assign a search and give it a company + date-range condition (the live count shows how many
 * documents match), preview it as the user and export it as ConditionXML; in the "Upload" tab
 * they allow an upload category with a read-only pre-filled company. The portal user then signs in
 * to the Document Portal, sees exactly the matching documents, uploads one (the read-only company
 * cannot be changed) and finds it in the search. Also the Documents module's category and
 * document views, and copying a user's searches and upload settings to another portal user. Screenshots of each screen; axe-core on each.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, saveScreenshot, type Page } from '@portico/testing';
import type { RunningWorkbench } from '../src/node/server';
import { apiFromPage, completeFirstRunSetup, heading, pathOf, signInAs, startMailingBrowserWorkbench, type MailingBrowserWorkbench } from './browser-harness';
import { linkIn, strongPassword } from './portal/portal-fixtures';

const ADMIN = { name: 'Dana Documents', email: 'dana.documents@example.org', password: 'copper-harbour-lantern-58' };
const PORTAL_USER = 'moya.accounts@example.org';
const MOYA = 'Moya River Trading';
const COMPANY = 1020, DATE = 1030, AMOUNT = 1040;
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

let wb: MailingBrowserWorkbench;
let smtp: MailingBrowserWorkbench['smtp'];
let server: RunningWorkbench;
let page: Page;
let userId = '';
let dialogs: string[];

async function check(name: string): Promise<void> {
  await saveScreenshot(page, name, { fullPage: true });
  await expectNoSeriousA11yViolations(page);
}

/** A multipart upload as staff, from inside the page (its session and CSRF token). */
async function staffUpload(name: string, indexData: Record<string, unknown>): Promise<number> {
  return page.evaluate(async ({ name, indexData, pdf }) => {
    const session = (await (await fetch('/api/shell/session')).json()) as { csrfToken: string };
    const form = new FormData();
    form.set('indexData', JSON.stringify(indexData));
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), `${name}.pdf`);
    return (await fetch('/api/documents/categories/10/documents', { method: 'POST', body: form, headers: { 'x-csrf-token': session.csrfToken } })).status;
  }, { name, indexData, pdf: PDF });
}

/** The portal results table: the first three cells of each body row. */
async function portalRows(): Promise<string[][]> {
  return page.locator('table.results tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent!.trim())));
}

test.before(async () => {
  wb = await startMailingBrowserWorkbench({ acceptDialogs: true, timeout: 15_000 });
  ({ server, page, smtp, dialogs } = wb);
});

test.after(async () => {
  await wb?.stop();
});

test('staff set up a category, a search, documents and a portal user', async () => {
  await completeFirstRunSetup(wb, ADMIN);
  await page.goto(`${server.url}/`);
  await signInAs(page, ADMIN);
  await page.getByRole('button', { name: 'Modules' }).waitFor();
  const category = await apiFromPage(page, '/api/documents/categories/10', {
    method: 'PUT',
    body: { name: 'Invoices', fields: [{ fieldNo: COMPANY, name: 'Company', type: 'text', required: true }, { fieldNo: DATE, name: 'Invoice Date', type: 'date' }, { fieldNo: AMOUNT, name: 'Amount', type: 'number' }] },
  });
  assert.is(category.status, 200);
  assert.is((await apiFromPage(page, '/api/documents/searches/7', { method: 'PUT', body: { ctgryNo: 10, name: 'My invoices', columns: [COMPANY, DATE, AMOUNT], sort: { fieldNo: DATE, dir: 'asc' } } })).status, 200);
  const docs: Array<[string, Record<string, unknown>]> = [
    ['moya-2018-01-30', { [COMPANY]: MOYA, [DATE]: '2018-01-30', [AMOUNT]: 15 }],
    ['moya-2018-02-03', { [COMPANY]: MOYA, [DATE]: '2018-02-03', [AMOUNT]: 120.5 }],
    ['moya-2018-02-14', { [COMPANY]: MOYA, [DATE]: '2018-02-14', [AMOUNT]: 80 }],
    ['moya-2018-03-01', { [COMPANY]: MOYA, [DATE]: '2018-03-01', [AMOUNT]: 10 }],
    ['acme-2018-02-10', { [COMPANY]: 'Acme Ltd', [DATE]: '2018-02-10', [AMOUNT]: 55 }],
  ];
  for (const [name, data] of docs) assert.is(await staffUpload(name, data), 201, name);
  const user = await apiFromPage<{ id: string }>(page, '/api/entities/tc_portaluser/records', { method: 'POST', body: { emailAddress: PORTAL_USER, displayName: 'Morgan Moya' } });
  assert.is(user.status, 201);
  userId = user.body.id;
});

test('Documents module: the category with its index fields and its documents', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await page.getByRole('dialog', { name: 'Modules' }).getByRole('link', { name: /Documents/ }).click();
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('dialog', { name: 'Documents' }).getByRole('link', { name: 'Categories & Documents' }).click();
  await heading(page, 'Document Categories').waitFor();
  await page.getByRole('row', { name: /Invoices/ }).dblclick();
  await page.getByRole('heading', { level: 1, name: 'Invoices', exact: true }).waitFor();
  assert.is(pathOf(page), '/documents/categories/10');
  await page.getByRole('table', { name: 'Index fields' }).waitFor();
  await page.getByText('5 documents').first().waitFor();
  await check('documents-category');
  await page.getByRole('row', { name: /Acme Ltd/ }).dblclick();
  await heading(page, 'Invoices document').waitFor();
  await page.getByRole('link', { name: 'acme-2018-02-10.pdf' }).waitFor();
  await check('documents-document');
});

test('Search tab: assign a search with a company + date-range condition; live count; preview; ConditionXML', async () => {
  await page.goto(`${server.url}/security/portal-users/${userId}`);
  await page.getByRole('tab', { name: 'Search' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByText('No searches yet').waitFor();
  await panel.getByLabel('Assign a search').selectOption({ label: '7 · My invoices (Invoices)' });
  await panel.getByRole('button', { name: 'Assign' }).click();
  const search = panel.getByRole('region', { name: '7 · My invoices' });
  await search.getByText('5 documents match').waitFor();
  await search.getByLabel(/^Company/).fill(MOYA);
  await search.getByText('4 documents match (unsaved conditions)').waitFor();
  await search.getByLabel('Invoice Date from').fill('2018-02-01');
  await search.getByLabel('Invoice Date to').fill('2018-02-28');
  await search.getByText('2 documents match (unsaved conditions)').waitFor();
  assert.is(await search.getByLabel(/^Invoice Date/).first().inputValue(), '2018-02-01..2018-02-28');
  // A malformed filter is shown beside its field, and the count waits for a fix.
  await search.getByLabel(/^Amount/).fill('10..x');
  await search.getByText('"x" is not a number').waitFor();
  assert.ok(await search.getByRole('button', { name: 'Save conditions' }).isDisabled());
  await search.getByLabel(/^Amount/).fill('');
  await search.getByRole('button', { name: 'Save conditions' }).click();
  await panel.getByText('Conditions of search 7 saved.').waitFor();
  await search.getByText(/^\s*2 documents match\s*$/).waitFor();
  await search.getByRole('button', { name: 'Preview as this user' }).click();
  const preview = search.getByRole('table', { name: 'Documents this user sees in search 7' });
  await preview.waitFor();
  const previewRows = await preview.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent!.trim())));
  assert.equal(previewRows, [[MOYA, '2018-02-03'], [MOYA, '2018-02-14']]);
  await search.getByRole('button', { name: 'ConditionXML' }).click();
  const xml = await search.getByLabel('ConditionXML of search 7').inputValue();
  assert.is(xml, `<Conds><C><FieldNo>${COMPANY}</FieldNo><Filter>${MOYA}</Filter></C><C><FieldNo>${DATE}</FieldNo><Filter>2018-02-01..2018-02-28</Filter></C></Conds>`);
  await check('documents-search-tab');
  // Import of malformed XML names the problem; nothing is saved.
  await search.getByLabel('ConditionXML of search 7').fill(`<Conds><C><FieldNo>9999</FieldNo><Filter>x</Filter></C></Conds>`);
  await search.getByRole('button', { name: 'Import' }).click();
  await search.getByText(/Not imported, nothing was saved/).waitFor();
  await search.getByText(/9999/).first().waitFor();
  const saved = await apiFromPage<{ assignments: Array<{ conditions: unknown[] }> }>(page, `/api/documents/users/${userId}/assignments`);
  assert.is(saved.body.assignments[0]!.conditions.length, 2);
});

test('Upload tab: an upload category with a read-only pre-filled company', async () => {
  await page.getByRole('tab', { name: 'Upload' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByText('This portal user may not upload documents.').waitFor();
  await panel.getByLabel('Allow uploads into').selectOption({ label: '10 · Invoices' });
  await panel.getByRole('button', { name: 'Add category' }).click();
  const table = panel.getByRole('table', { name: 'Pre-filled values for Invoices' });
  await table.getByLabel('Company', { exact: true }).fill(MOYA);
  await table.getByLabel('Company: mode').selectOption({ label: 'Read-only' });
  await panel.getByRole('button', { name: 'Save upload settings' }).click();
  await panel.getByText('Upload settings saved.').waitFor();
  await check('documents-upload-tab');
  const saved = await apiFromPage<{ permissions: unknown }>(page, `/api/documents/users/${userId}/upload-permissions`);
  assert.equal(saved.body.permissions, [{ ctgryNo: 10, values: [{ fieldNo: COMPANY, value: MOYA, mode: 'readonly' }] }]);
});

test('Copy to another portal user: searches, conditions and upload settings come along', async () => {
  const other = await apiFromPage<{ id: string }>(page, '/api/entities/tc_portaluser/records', { method: 'POST', body: { emailAddress: 'moya.second@example.org', displayName: 'Sam Second' } });
  assert.is(other.status, 201);
  await page.getByRole('tab', { name: 'Search' }).click();
  const copy = page.getByRole('tabpanel').getByRole('region', { name: 'Copy to another portal user' });
  await copy.getByLabel('Find the portal user').fill('moya.second');
  await copy.getByLabel('Copy to').selectOption({ label: 'moya.second@example.org (Sam Second)' });
  await copy.getByRole('button', { name: 'Copy searches and upload settings' }).click();
  await copy.getByText('Copied to moya.second@example.org.').waitFor();
  assert.match(dialogs[dialogs.length - 1]!, 'Copy the searches, conditions and upload settings');
  const copied = await apiFromPage<{ assignments: unknown }>(page, `/api/documents/users/${other.body.id}/assignments`);
  assert.equal(copied.body.assignments, [{ queryNo: 7, conditions: [{ fieldNo: COMPANY, filter: MOYA }, { fieldNo: DATE, filter: '2018-02-01..2018-02-28' }] }]);
  const uploads = await apiFromPage<{ permissions: unknown }>(page, `/api/documents/users/${other.body.id}/upload-permissions`);
  assert.equal(uploads.body.permissions, [{ ctgryNo: 10, values: [{ fieldNo: COMPANY, value: MOYA, mode: 'readonly' }] }]);
});

test('the portal user sees only the matching documents, uploads one and finds it', async () => {
  assert.is((await apiFromPage(page, `/api/portal/users/${userId}/notify`, { method: 'POST' })).status, 200);
  const until = Date.now() + 15_000;
  let mail = smtp.messages.find((m) => m.text?.includes('/portal/set-password'));
  while (!mail && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    mail = smtp.messages.find((m) => m.text?.includes('/portal/set-password'));
  }
  assert.ok(mail, 'invitation mail');
  const password = strongPassword();
  await page.goto(`${server.url}${linkIn(mail)}`);
  await heading(page, 'Choose your password').waitFor();
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Type the new password again').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL((u) => !u.pathname.includes('set-password'));

  await page.goto(`${server.url}/portal/documents/sign-in`);
  await page.getByLabel('E-mail address or user name').fill(PORTAL_USER);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'My documents').waitFor();
  await check('documents-portal-home');
  await page.getByRole('link', { name: 'My invoices' }).click();
  await heading(page, 'My invoices').waitFor();
  await page.getByText('2 documents', { exact: true }).waitFor();
  assert.equal(await portalRows(), [[MOYA, '2018-02-03', '120.5'], [MOYA, '2018-02-14', '80']]);
  await check('documents-portal-search');

  await page.getByRole('link', { name: '← My documents' }).click();
  await page.getByRole('link', { name: 'Upload a document' }).click();
  await heading(page, 'Upload a document').waitFor();
  const company = page.getByLabel('Company');
  assert.is(await company.inputValue(), MOYA);
  assert.ok(await company.isDisabled(), 'the read-only company cannot be changed');
  await page.getByLabel(/^Invoice Date/).fill('2018-02-20');
  await page.getByLabel(/^Amount/).fill('99.9');
  await page.getByLabel('Files').setInputFiles({ name: 'february-invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
  await check('documents-portal-upload');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText('Your document has been uploaded.').waitFor();
  await saveScreenshot(page, 'documents-portal-uploaded', { fullPage: true });

  await page.goto(`${server.url}/portal/documents/searches/7`);
  await page.getByText('3 documents', { exact: true }).waitFor();
  assert.equal(await portalRows(), [[MOYA, '2018-02-03', '120.5'], [MOYA, '2018-02-14', '80'], [MOYA, '2018-02-20', '99.9']]);
  await page.getByRole('link', { name: 'february-invoice.pdf' }).waitFor();
  // Sort by Amount through the column header.
  await page.getByRole('link', { name: 'Amount, sort ascending' }).click();
  assert.equal((await portalRows()).map((r) => r[2]), ['80', '99.9', '120.5']);
  await check('documents-portal-search-after-upload');
  assert.equal(wb.pageErrors, []);
});

test.run();
