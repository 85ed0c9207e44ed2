import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrincipalResolver } from '@portico/access';
import { HostEnv, MigrationContribution, NavContribution, PageContribution, RouteContribution, bindContributionProvider } from '@portico/core';
import { EntityContribution } from '@portico/entities';
import { PortalPrivileges } from '../common/index';
import { applicantPortal } from './applicant-portal';
import { PortalConfig, loadPortalConfig } from './portal-config';
import { PortalContribution, PortalHomeContribution } from './portal-contribution';
import { PortalRoutes } from './portal-routes';
import { PortalUserActions } from './portal-user-actions';
import { PortalUserContribution } from './portal-user-contribution';
import { PortalAccounts } from './runtime/portal-accounts';
import { PortalPages } from './runtime/portal-pages';
import { PortalPrincipalResolver } from './runtime/portal-principal-resolver';

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'portal', migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
  bind<PortalConfig>(PortalConfig)
    .toDynamicValue((ctx) => loadPortalConfig(ctx.get<HostEnv>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind(EntityContribution).to(PortalUserContribution).inSingletonScope();
  bind(PortalUserActions).toSelf().inSingletonScope();
  bind(RouteContribution).to(PortalRoutes).inSingletonScope();
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      // The Security module and its IAM section belong to the security plugin.
      registry.addItem({ id: 'security.portal-users', sectionId: 'security.iam', label: 'Portal Users', path: '/security/portal-users', order: 10, privilege: PortalPrivileges.read });
    },
  } satisfies NavContribution);

  // The portal runtime: the PortalContribution point, its pages, portal principals.
  bindContributionProvider(bind, PortalContribution);
  bindContributionProvider(bind, PortalHomeContribution);
  bind(PortalContribution).toConstantValue(applicantPortal);
  bind(PortalAccounts).toSelf().inSingletonScope();
  bind(PortalPrincipalResolver).toSelf().inSingletonScope();
  bind(PrincipalResolver).toService(PortalPrincipalResolver);
  bind(PageContribution).to(PortalPages).inSingletonScope();
});
