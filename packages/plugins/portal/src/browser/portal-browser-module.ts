import type { BrowserModule } from '@portico/core/common';

/**
 * The Portal Users screens (Security › IAM User Management › Portal Users): the "All Portal
 * Users" record list and the Portal User record view, both built from the entity's metadata by
 * `wb-entity-list` / `wb-entity-record`, with the record actions "Reset access" and "Notify
 * user". Loaded lazily.
 */
const portalBrowserModule: BrowserModule = (registry) => {
  const views = () => import('./portal-views');
  registry.registerView({ path: '/security/portal-users', tag: 'portal-user-list', load: views, title: 'Portal Users' });
  registry.registerView({ path: '/security/portal-users/new', tag: 'portal-user-record', load: views, title: 'New Portal User' });
  registry.registerView({ path: '/security/portal-users/:id', tag: 'portal-user-record', load: views, title: 'Portal User' });
};
export default portalBrowserModule;
