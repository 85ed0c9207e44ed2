import type { BrowserModule } from '@portico/core/common';

/** The "All Permits" list and the Permit record view, loaded lazily. */
const permitsBrowserModule: BrowserModule = (registry) => {
  const views = () => import('./permits-views');
  registry.registerView({ path: '/permits', tag: 'permits-list', load: views, title: 'Permits' });
  registry.registerView({ path: '/permits/new', tag: 'permits-record', load: views, title: 'New Permit' });
  registry.registerView({ path: '/permits/:id', tag: 'permits-record', load: views, title: 'Permit' });
};
export default permitsBrowserModule;
