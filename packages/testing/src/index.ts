export { launchBrowser, CHROMIUM_ARGS, type LaunchBrowserOptions, type LaunchedBrowser } from './browser';
export { saveScreenshot, screenshotDir, repoRoot } from './screenshots';
export { expectNoSeriousA11yViolations, runAxe, formatViolations, type A11yOptions, type AxeViolation } from './a11y';
export type { Page, BrowserContext, Locator } from 'playwright-core';
