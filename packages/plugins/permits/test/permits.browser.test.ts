import { test } from 'uvu';
import { completeFirstRunSetup, heading, signInAs, startBrowserWorkbench, type BrowserWorkbench } from '@portico/workbench/testing';

const ADMIN = { name: 'Avery Admin', email: 'avery.admin@example.org', password: 'amber-orchard-lantern-73' };
let wb: BrowserWorkbench;

test.before(async () => {
  wb = await startBrowserWorkbench({ plugins: ['@portico/plugin-security', '@portico/plugin-portal', '@portico/plugin-permits'] });
});
test.after(async () => {
  await wb?.stop();
});

test('staff open "All Permits", create a permit and find it in the list', async () => {
  const { page, server } = wb;
  await completeFirstRunSetup(wb, ADMIN);
  await page.goto(`${server.url}/permits/new`);
  await signInAs(page, ADMIN);
  await page.getByLabel('Title', { exact: true }).fill('Browser-made permit');
  await page.getByLabel('Holder E-mail').fill('holder@example.org');
  await page.getByRole('button', { name: 'Save this record' }).click();
  await page.goto(`${server.url}/permits`);
  await heading(page, 'All Permits').waitFor();
  await page.getByRole('row', { name: /Browser-made permit/ }).waitFor();
});

test('the portal sign-in page renders', async () => {
  await wb.page.goto(`${wb.server.url}/portal/permits/sign-in`);
  await heading(wb.page, /Sign in/).waitFor();
});

test.run();
