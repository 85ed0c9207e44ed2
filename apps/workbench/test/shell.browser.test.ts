/**
 * The workbench shell in Chromium: Modules launcher, Menu drawer, client-side routing with
 * deep links and the back button, the same by keyboard, the not-found and not-available
 * views, axe-core on every main screen, and screenshots in test-output/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, type LaunchedBrowser, type Page } from '@portico/testing';
import type { NavTree } from '@portico/core/common';
import { startWorkbench, type RunningWorkbench } from '../src/node/server';
import { ensureBrowserBuild } from './browser-harness';

const PLUGINS = '@portico/plugin-hello';

/** Describes the focused element, looking through shadow roots. */
function focused(page: Page): Promise<{ tag: string; text: string; label: string; insideDrawer: boolean; insideLauncher: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    const hosts: string[] = [];
    while (el?.shadowRoot?.activeElement) {
      hosts.push(el.tagName.toLowerCase());
      el = el.shadowRoot.activeElement;
    }
    if (el) hosts.push(el.tagName.toLowerCase());
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      label: el?.getAttribute('aria-label') ?? '',
      insideDrawer: hosts.includes('wb-nav-drawer'),
      insideLauncher: hosts.includes('wb-module-launcher'),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches, at most `max` times. */
async function tabTo(page: Page, name: string, options: { shift?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 15); i++) {
    await page.keyboard.press(options.shift ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f.label === name || f.text === name) return;
  }
  const f = await focused(page);
  assert.unreachable(`could not reach "${name}" with Tab; focus is on <${f.tag}> "${f.label || f.text}"`);
}

const pathOf = (page: Page): string => new URL(page.url()).pathname;
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const launcher = (page: Page) => page.getByRole('dialog', { name: 'Modules' });
const drawer = (page: Page, name: string) => page.getByRole('dialog', { name });

/**
 * Opens the home page. Goes through a deep link and the breadcrumb's Home link (a client-side
 * navigation), so these tests exercise the shell even while `GET /` itself is broken on the
 * host; the test "the host serves the shell at /" checks that separately.
 */
async function openHome(page: Page): Promise<void> {
  await page.goto(`${server.url}/examples`);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
  await heading(page, 'Welcome to Portico').waitFor();
}

let server: RunningWorkbench;
let browser: LaunchedBrowser;
let dataDir: string;
let page: Page;

test.before(async () => {
  ensureBrowserBuild([PLUGINS]);
  dataDir = mkdtempSync(join(tmpdir(), 'portico-shell-test-'));
  server = await startWorkbench({ port: 0, env: { PORTICO_DATA_DIR: dataDir, PORTICO_PLUGINS: PLUGINS, PORTICO_JOBS: 'false' } });
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  page = browser.page;
  page.setDefaultTimeout(5_000);
});

test.after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the host serves the shell at / and at deep links', async () => {
  for (const path of ['/', '/examples', '/hello/greetings', '/no/such/page']) {
    const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
    assert.is(response.status, 200, `GET ${path} should serve the shell's index.html (SPA fallback), got ${response.status}`);
    assert.match(await response.text(), '<div id="app">');
  }
});

test('home: the menu bar and a calm landing page with module tiles', async () => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openHome(page);
  assert.is(await page.title(), 'Portico');
  assert.ok(await page.getByRole('button', { name: 'Modules' }).isVisible());
  assert.ok(await page.getByRole('button', { name: 'Menu' }).isVisible());
  assert.ok(await page.getByRole('searchbox', { name: 'Search' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Examples' }).isVisible(), 'module tile on the home page');
  await saveScreenshot(page, 'shell-home');
  await expectNoSeriousA11yViolations(page);
  assert.equal(errors, []);
});

test('mouse: Modules → module, Menu → item changes the URL and the view', async () => {
  await page.getByRole('button', { name: 'Modules' }).click();
  await launcher(page).waitFor();
  assert.is(await page.getByRole('button', { name: 'Modules' }).getAttribute('aria-expanded'), 'true');
  await page.mouse.move(800, 500);
  await saveScreenshot(page, 'shell-modules-open');
  await expectNoSeriousA11yViolations(page);

  await launcher(page).getByRole('link', { name: /Examples/ }).click();
  await heading(page, 'Examples').waitFor();
  assert.is(pathOf(page), '/examples');
  assert.ok(await launcher(page).isHidden(), 'launcher closes after picking');
  assert.is(await page.title(), 'Examples · Portico');

  await page.getByRole('button', { name: 'Menu' }).click();
  await drawer(page, 'Examples').waitFor();
  await page.mouse.move(800, 500); // off the close button, so no hover tooltip in the picture
  await saveScreenshot(page, 'shell-menu-open');
  await expectNoSeriousA11yViolations(page);

  await drawer(page, 'Examples').getByRole('link', { name: 'Greetings' }).click();
  await heading(page, 'Greetings').waitFor();
  assert.is(pathOf(page), '/hello/greetings');
  assert.ok(await drawer(page, 'Examples').isHidden(), 'drawer closes after picking');
  assert.is(await page.title(), 'Greetings · Portico');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Examples' }).waitFor();
  await saveScreenshot(page, 'shell-plugin-view');
  await expectNoSeriousA11yViolations(page);
});

test('the current item is highlighted in the Menu', async () => {
  await page.getByRole('button', { name: 'Menu' }).click();
  const current = drawer(page, 'Examples').getByRole('link', { name: 'Greetings' });
  assert.is(await current.getAttribute('aria-current'), 'page');
  const f = await focused(page);
  assert.ok(f.insideDrawer && f.text === 'Greetings', `focus starts on the current item, got "${f.text}"`);
  await page.keyboard.press('Escape');
  await drawer(page, 'Examples').waitFor({ state: 'hidden' });
});

test('deep link: reload renders the same view', async () => {
  await page.reload();
  await heading(page, 'Greetings').waitFor();
  assert.is(pathOf(page), '/hello/greetings');
  await page.goto(`${server.url}/examples`);
  await heading(page, 'Examples').waitFor();
  await page.goto(`${server.url}/hello/greetings`);
  await heading(page, 'Greetings').waitFor();
});

test('back and forward buttons', async () => {
  await page.goBack();
  await heading(page, 'Examples').waitFor();
  assert.is(pathOf(page), '/examples');
  await page.goForward();
  await heading(page, 'Greetings').waitFor();
  assert.is(pathOf(page), '/hello/greetings');
});

test('keyboard: Tab/Enter/Escape through Modules and Menu', async () => {
  await openHome(page);
  await page.keyboard.press('Shift+Tab'); // from the page heading back towards the menu bar

  // Modules: open with Enter, Escape closes and gives focus back to the button.
  await tabTo(page, 'Modules', { shift: true });
  await page.keyboard.press('Enter');
  await launcher(page).waitFor();
  let f = await focused(page);
  assert.ok(f.insideLauncher && f.tag === 'a', `focus moves into the launcher, got <${f.tag}> "${f.text}"`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await launcher(page).waitFor({ state: 'hidden' });
  f = await focused(page);
  assert.is(f.label, 'Modules', 'Escape returns focus to the Modules button');

  // Open again and pick the module with Enter.
  await page.keyboard.press('Enter');
  await launcher(page).waitFor();
  await page.keyboard.press('Enter');
  await heading(page, 'Examples').waitFor();
  assert.is(pathOf(page), '/examples');
  f = await focused(page);
  assert.is(f.text, 'Examples', 'after navigating, focus is on the new page heading');

  // Menu: reach it, open, Escape, open again, Tab stays inside, Enter on an item.
  await tabTo(page, 'Menu', { shift: true });
  await page.keyboard.press('Enter');
  await drawer(page, 'Examples').waitFor();
  f = await focused(page);
  assert.ok(f.insideDrawer, 'focus moves into the drawer');
  await page.keyboard.press('Escape');
  await drawer(page, 'Examples').waitFor({ state: 'hidden' });
  f = await focused(page);
  assert.is(f.label, 'Menu', 'Escape returns focus to the Menu button');

  await page.keyboard.press('Enter');
  await drawer(page, 'Examples').waitFor();
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    await page.keyboard.press('Tab');
    f = await focused(page);
    assert.ok(f.insideDrawer, `focus stays in the drawer (Tab ${i}), got <${f.tag}> "${f.label || f.text}"`);
  }
  await tabTo(page, 'Greetings');
  await page.keyboard.press('Enter');
  await heading(page, 'Greetings').waitFor();
  assert.is(pathOf(page), '/hello/greetings');
  await drawer(page, 'Examples').waitFor({ state: 'hidden' });

  await page.goBack();
  await heading(page, 'Examples').waitFor();
});

test('unknown route: a friendly not-found view', async () => {
  await page.goto(`${server.url}/no/such/page`);
  await heading(page, 'Page not found').waitFor();
  assert.ok(await page.getByText('/no/such/page').isVisible());
  await saveScreenshot(page, 'shell-not-found');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await heading(page, 'Welcome to Portico').waitFor();
  assert.is(pathOf(page), '/');
});

test('a navigation item without a view shows "not available"', async () => {
  // Navigation from a plugin whose browser half is not in this bundle.
  await page.route('**/api/shell/navigation', async (route) => {
    const response = await route.fetch();
    const tree = (await response.json()) as NavTree;
    tree.modules.unshift({
      id: 'security',
      label: 'Security',
      icon: 'shield',
      description: 'Users, roles and access for staff and portal users',
      sections: [
        {
          id: 'security.iam',
          moduleId: 'security',
          label: 'IAM User Management',
          items: [
            { id: 'security.portal-users', sectionId: 'security.iam', label: 'Portal Users', path: '/security/portal-users' },
            { id: 'security.staff-users', sectionId: 'security.iam', label: 'Staff Users', path: '/security/staff-users' },
          ],
        },
        {
          id: 'security.roles',
          moduleId: 'security',
          label: 'Access Control',
          items: [{ id: 'security.roles', sectionId: 'security.roles', label: 'Security Roles', path: '/security/roles' }],
        },
      ],
    });
    await route.fulfill({ response, json: tree });
  });
  try {
    await page.goto(`${server.url}/security/portal-users`);
    await heading(page, 'Portal Users is not available').waitFor();
    assert.is(await page.title(), 'Portal Users · Portico');
    await saveScreenshot(page, 'shell-not-available');
    await expectNoSeriousA11yViolations(page);

    // Two modules: the launcher's arrow keys move between tiles.
    await page.getByRole('button', { name: 'Modules' }).click();
    await launcher(page).waitFor();
    let f = await focused(page);
    assert.is(f.text.startsWith('Security'), true, `current module's tile is focused first, got "${f.text}"`);
    await page.keyboard.press('ArrowRight');
    f = await focused(page);
    assert.ok(f.text.startsWith('Examples'), `ArrowRight moves to the next tile, got "${f.text}"`);
    await page.keyboard.press('ArrowLeft');
    f = await focused(page);
    assert.ok(f.text.startsWith('Security'), `ArrowLeft moves back, got "${f.text}"`);
    await saveScreenshot(page, 'shell-modules-two');
    await page.mouse.click(900, 600); // outside
    await launcher(page).waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'Go to Security' }).click();
    await heading(page, 'Security').waitFor();
    await saveScreenshot(page, 'shell-module-overview');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    await drawer(page, 'Security').waitFor();
    await saveScreenshot(page, 'shell-menu-sections');
    await page.keyboard.press('Escape');
    await openHome(page);
    await saveScreenshot(page, 'shell-home-two-modules');
  } finally {
    await page.unroute('**/api/shell/navigation');
  }
});

test('middle-click and modified clicks are left to the browser (real links)', async () => {
  await page.goto(`${server.url}/examples`);
  await heading(page, 'Examples').waitFor();
  const href = await page.getByRole('link', { name: 'Greetings' }).first().getAttribute('href');
  assert.is(href, '/hello/greetings');
  const [popup] = await Promise.all([
    browser.context.waitForEvent('page'),
    page.getByRole('link', { name: 'Greetings' }).first().click({ modifiers: ['ControlOrMeta'] }),
  ]);
  assert.is(pathOf(page), '/examples', 'the shell did not navigate itself');
  await popup.waitForLoadState();
  assert.is(new URL(popup.url()).pathname, '/hello/greetings');
  await popup.close();
});

test.run();
