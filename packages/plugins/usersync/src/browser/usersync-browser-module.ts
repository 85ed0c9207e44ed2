import type { BrowserModule } from '@portico/core/common';

/** Security › IAM User Management › Sync Queue: TheUserSync rows by state, their errors, retry. */
const userSyncBrowserModule: BrowserModule = (registry) => {
  registry.registerView({ path: '/security/sync-queue', tag: 'usersync-queue', load: () => import('./sync-queue.define'), title: 'Sync Queue' });
};
export default userSyncBrowserModule;
