import type { BrowserModule } from '@portico/core/common';

/**
 * The Security module's screens: the sign-in page (the shell's `shell.sign-in` extension, shown
 * for every route while signed out), first-run setup, staff users, privilege groups and the
 * audit trail. Each loads lazily.
 */
const securityBrowserModule: BrowserModule = (registry) => {
  const auth = () => import('./auth-views');
  const admin = () => import('./admin-views');
  registry.addExtension('shell.sign-in', { tag: 'security-sign-in', load: auth, publicPaths: ['/setup'] });
  registry.registerView({ path: '/setup', tag: 'security-setup', load: auth, title: 'Set up Portico' });
  registry.registerView({ path: '/security/staff-users', tag: 'security-staff-list', load: admin, title: 'Staff Users' });
  registry.registerView({ path: '/security/staff-users/new', tag: 'security-staff-record', load: admin, title: 'New Staff User' });
  registry.registerView({ path: '/security/staff-users/:id', tag: 'security-staff-record', load: admin, title: 'Staff User' });
  registry.registerView({ path: '/security/groups', tag: 'security-group-list', load: admin, title: 'Privilege Groups' });
  registry.registerView({ path: '/security/groups/new', tag: 'security-group-record', load: admin, title: 'New Privilege Group' });
  registry.registerView({ path: '/security/groups/:id', tag: 'security-group-record', load: admin, title: 'Privilege Group' });
  registry.registerView({ path: '/security/api-tokens', tag: 'security-api-tokens', load: () => import('./api-tokens-views'), title: 'API Tokens' });
  registry.registerView({ path: '/security/audit', tag: 'security-audit-trail', load: () => import('./audit-views'), title: 'Audit Trail' });
};
export default securityBrowserModule;
