import type { BrowserModule } from '@portico/core/common';

/** The Security module's screens (sign-in, first-run setup, staff users, groups, audit trail) are registered here. */
const securityBrowserModule: BrowserModule = () => {};
export default securityBrowserModule;
