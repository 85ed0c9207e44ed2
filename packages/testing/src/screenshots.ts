import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** The repository root: the nearest folder upwards holding pnpm-workspace.yaml. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

/** Folder where browser tests put their screenshots. */
export function screenshotDir(): string {
  return join(repoRoot(), 'test-output', 'screenshots');
}

/**
 * Saves a screenshot of the viewport as `<repo root>/test-output/screenshots/<name>.png` and
 * returns its path. Names are kebab-case (`shell-home`); look at the pictures.
 */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new Error(`screenshot name "${name}" must be a plain file name`);
  const dir = screenshotDir();
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}
