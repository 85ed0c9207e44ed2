import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, saveScreenshot } from '@portico/testing';
import { startWorkbench } from '/work/main/apps/workbench/src/node/server';
const server = await startWorkbench({ port: 0, env: { PORTICO_DATA_DIR: mkdtempSync(join(tmpdir(), 'dbg-')), PORTICO_PLUGINS: '@portico/plugin-hello', PORTICO_JOBS: 'false', LOG_LEVEL: 'silent' } });
const b = await launchBrowser();
const p = b.page;
p.on('console', (m) => console.log('console', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror', e.message));
// host bug workaround for debugging: '/' is not served by the SPA fallback
await p.route(server.url + '/', async (route) => route.fulfill({ response: await route.fetch({ url: server.url + '/__spa' }) }));
const steps = (process.argv[2] ?? '/').split(',');
for (const step of steps) {
  if (step.startsWith('/')) await p.goto(server.url + step);
  else if (step === 'modules') await p.getByRole('button', { name: 'Modules' }).click();
  else if (step === 'menu') await p.getByRole('button', { name: 'Menu' }).click();
  else if (step.startsWith('shot:')) { await p.waitForTimeout(400); await saveScreenshot(p, step.slice(5)); }
  else if (step.startsWith('tab')) await p.keyboard.press('Tab');
  else if (step.startsWith('hover:')) await p.getByRole('button', { name: step.slice(6) }).first().hover();
  await p.waitForTimeout(300);
}
await b.close(); await server.stop();
