import type { BrowserModule } from '@portico/core/common';

/** The System module's screens: the outbox list and one message. */
const systemBrowserModule: BrowserModule = (registry) => {
  registry.registerView({ path: '/system/outbox', tag: 'system-outbox-list', title: 'Outbox', load: () => import('./outbox-views.define') });
  registry.registerView({ path: '/system/outbox/:id', tag: 'system-outbox-message', title: 'Message', load: () => import('./outbox-views.define') });
};
export default systemBrowserModule;
