/**
 * Test helpers for plugins, exported as `@portico/workbench/testing` (a plugin's tests add
 * `@portico/workbench` to their devDependencies): a workbench on a fresh database (PGlite, or
 * the server named by TEST_DATABASE_URL), the first administrator, signed-in API clients, portal
 * form clients and portal users, and the Chromium harness. They live with the host because they
 * start it; `@portico/testing` stays host-free (the host's tests depend on it).
 */
export { testEnvironment } from './helpers';
export { TestClient } from './http-client';
export { createFirstAdmin, expectStatus, signIn, signedInClient, startSecurityWorkbench, strongPassword, uniqueEmail, type SecurityHarness, type Staff } from './security/fixtures';
export {
  DEFAULT_PLUGINS, FormClient, createActiveUser, createPortalUser, portalSignIn, startPortalWorkbench, type PortalAccount, type PortalHarness, type PageResponse,
} from './portal/portal-fixtures';
export { apiFromPage, completeFirstRunSetup, ensureBrowserBuild, heading, pathOf, signInAs, startBrowserWorkbench, type BrowserWorkbench, type Credentials } from './browser-harness';
