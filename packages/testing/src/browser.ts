import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface LaunchedBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and deletes its profile folder. */
  close(): Promise<void>;
}

export interface LaunchBrowserOptions {
  viewport?: { width: number; height: number };
  /** Chromium binary; default env PORTICO_CHROMIUM or /usr/bin/chromium. */
  executablePath?: string;
  /** False runs every page without client-side JavaScript (default true). */
  javaScriptEnabled?: boolean;
}

/** The Chromium flags that work headless in containers and CI (no sandbox, GPU, sync, …). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts headless Chromium with a fresh profile (playwright-core rejects `--user-data-dir` in
 * args, so a persistent context on a temporary folder is used) and opens one page.
 *
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * try { await browser.page.goto(url); } finally { await browser.close(); }
 * ```
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<LaunchedBrowser> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: options.executablePath ?? process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1280, height: 800 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
