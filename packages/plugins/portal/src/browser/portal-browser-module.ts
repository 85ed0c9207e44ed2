import type { BrowserModule } from '@portico/core/common';

/** Portal Users screens are registered here (record list and record view on @portico/ui). */
const portalBrowserModule: BrowserModule = () => {};
export default portalBrowserModule;
