import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { MigrationContribution, NavContribution, RouteContribution } from '@portico/core';
import { EntityContribution } from '@portico/entities';
import { PortalPrivileges } from '../common/index';
import { PortalRoutes } from './portal-routes';
import { PortalUserActions } from './portal-user-actions';
import { PortalUserContribution } from './portal-user-contribution';

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'portal', migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
  bind(EntityContribution).to(PortalUserContribution).inSingletonScope();
  bind(PortalUserActions).toSelf().inSingletonScope();
  bind(RouteContribution).to(PortalRoutes).inSingletonScope();
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      // The Security module and its IAM section belong to the security plugin.
      registry.addItem({ id: 'security.portal-users', sectionId: 'security.iam', label: 'Portal Users', path: '/security/portal-users', order: 10, privilege: PortalPrivileges.read });
    },
  } satisfies NavContribution);
});
