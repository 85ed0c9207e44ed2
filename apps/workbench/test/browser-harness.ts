/**
 * Shared boot code of the workbench browser tests: builds the browser bundle when it is stale,
 * starts a workbench on a fresh database, launches Chromium, and drives first-run setup and
 * sign-in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type LaunchedBrowser, type Page } from '@portico/testing';
import { startTestSmtpServer, type TestSmtpServer } from '@portico/mail/testing';
import { FirstRunSetup } from '@portico/plugin-security/node';
import { startWorkbench, type RunningWorkbench } from '../src/node/server';
import { testEnvironment } from './helpers';

export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appRoot, '../..');

/**
 * The plugins of the security and portal browser tests. One set for both, so running them one
 * after the other does not rebuild the bundle in between.
 */
export const WORKBENCH_PLUGINS = [
  '@portico/plugin-security',
  '@portico/plugin-hello',
  '@portico/plugin-portal',
  // A test plugin that adds a tab to the Portal User record view (extending another plugin's view).
  './test/fixtures/plugins/record-tab',
  // Search and Upload tabs on the Portal User record view, the Documents module, the Document Portal.
  '@portico/plugin-documents',
];

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

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
export function ensureBrowserBuild(plugins: readonly string[]): void {
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
    const { plugins: builtWith } = JSON.parse(readFileSync(manifest, 'utf8')) as { plugins: Array<{ packageName: string }> };
    samePlugins = builtWith.map((p) => p.packageName).sort().join(',') === [...plugins].sort().join(',');
  }
  if (built > newest && samePlugins) return;
  const vite = join(appRoot, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: appRoot,
    env: { ...process.env, PORTICO_PLUGINS: plugins.join(',') },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

export const pathOf = (page: Page): string => new URL(page.url()).pathname;
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

export interface BrowserWorkbench {
  server: RunningWorkbench;
  browser: LaunchedBrowser;
  page: Page;
  /** Uncaught errors of the page (`pageerror`). */
  pageErrors: string[];
  /** With `acceptDialogs`: the messages of the page's confirm/alert dialogs, each accepted. */
  dialogs: string[];
  stop(): Promise<void>;
}

/** A {@link BrowserWorkbench} that sends its mail (job runner on) to an in-process SMTP server. */
export interface MailingBrowserWorkbench extends BrowserWorkbench {
  smtp: TestSmtpServer;
}

interface BrowserWorkbenchOptions {
  plugins?: readonly string[];
  env?: Record<string, string>;
  timeout?: number;
  /** Accept every confirm/alert dialog and record its message in `dialogs`. */
  acceptDialogs?: boolean;
}

/** Builds the bundle if stale, starts a workbench with `plugins` on a fresh database and opens Chromium. */
export async function startBrowserWorkbench(options: BrowserWorkbenchOptions = {}): Promise<BrowserWorkbench> {
  const plugins = options.plugins ?? WORKBENCH_PLUGINS;
  ensureBrowserBuild(plugins);
  const environment = await testEnvironment({ PORTICO_PLUGINS: plugins.join(','), PORTICO_JOBS: 'false', ...options.env });
  let server: RunningWorkbench | undefined;
  let browser: LaunchedBrowser | undefined;
  try {
    server = await startWorkbench({ port: 0, env: environment.env });
    browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  } catch (error) {
    await server?.stop();
    await environment.cleanup();
    throw error;
  }
  const page = browser.page;
  page.setDefaultTimeout(options.timeout ?? 8_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const dialogs: string[] = [];
  if (options.acceptDialogs) {
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  }
  const s = server;
  const b = browser;
  return {
    server: s,
    browser: b,
    page,
    pageErrors,
    dialogs,
    async stop() {
      await b.close();
      await s.stop();
      await environment.cleanup();
    },
  };
}

/** {@link startBrowserWorkbench} with a test SMTP server as `SMTP_URL` and the job runner (mail dispatcher) on. */
export async function startMailingBrowserWorkbench(options: BrowserWorkbenchOptions = {}): Promise<MailingBrowserWorkbench> {
  const smtp = await startTestSmtpServer();
  let wb: BrowserWorkbench;
  try {
    wb = await startBrowserWorkbench({ ...options, env: { SMTP_URL: smtp.url, PORTICO_JOBS: 'true', ...options.env } });
  } catch (error) {
    await smtp.stop();
    throw error;
  }
  return {
    ...wb,
    smtp,
    async stop() {
      await wb.stop();
      await smtp.stop();
    },
  };
}

/** Fills and submits the sign-in page. */
export async function signInAs(page: Page, user: { email: string; password: string }): Promise<void> {
  await heading(page, 'Sign in to Portico').waitFor();
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the one-time setup link and creates the first administrator; ends on the sign-in page. */
export async function completeFirstRunSetup(
  wb: BrowserWorkbench,
  admin: Credentials,
  options: { beforeSubmit?: () => Promise<void> } = {},
): Promise<void> {
  const { page, server } = wb;
  const link = await server.workbench.kernel.container.get(FirstRunSetup).issueLink();
  if (!link) throw new Error('no setup link: a staff user already exists');
  const url = new URL(link);
  await page.goto(`${server.url}${url.pathname}${url.search}`);
  await heading(page, 'Set up Portico').waitFor();
  await options.beforeSubmit?.();
  await page.getByLabel('Full name').fill(admin.name);
  await page.getByLabel('E-mail address').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await heading(page, 'Administrator created').waitFor();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await heading(page, 'Sign in to Portico').waitFor();
}

/**
 * A JSON call to the workbench API from inside the page (the session cookie and the CSRF token
 * of the signed-in user).
 */
export async function apiFromPage<T = unknown>(page: Page, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path, method, body }) => {
      const session = (await (await fetch('/api/shell/session')).json()) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': session.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    { path, method: init.method ?? 'GET', body: init.body },
  );
}
