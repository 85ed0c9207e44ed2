import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrincipalResolver, PrivilegeContribution } from '@portico/access';
import { LifecycleContribution, MigrationContribution, NavContribution, RouteContribution } from '@portico/core';
import { SecurityPrivileges } from '../common/index';
import { bindApiTokens } from './api-tokens-module';
import { FirstRunSetup } from './first-run-setup';
import { GroupDirectory } from './group-directory';
import { SecurityRoutes } from './security-routes';
import { StaffDirectory } from './staff-directory';
import { StaffPrincipalResolver } from './staff-principal-resolver';

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'security', migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
  bind(StaffDirectory).toSelf().inSingletonScope();
  bind(GroupDirectory).toSelf().inSingletonScope();
  bind(FirstRunSetup).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(FirstRunSetup);
  bind(PrincipalResolver).to(StaffPrincipalResolver).inSingletonScope();
  bind(RouteContribution).to(SecurityRoutes).inSingletonScope();
  bindApiTokens({ bind });
  bind(PrivilegeContribution).toConstantValue({
    registerPrivileges(r) {
      r.addEntity('security_staffuser', 'Staff Users');
      r.addEntity('security_group', 'Privilege Groups');
      r.addEntity('audit_log', 'Audit Trail');
    },
  } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'security', label: 'Security', icon: 'shield', description: 'Staff, portal users and privileges', order: 10, privilege: SecurityPrivileges.module });
      registry.addSection({ id: 'security.iam', moduleId: 'security', label: 'IAM User Management', order: 10 });
      registry.addSection({ id: 'security.audit', moduleId: 'security', label: 'Audit', order: 90 });
      registry.addItem({ id: 'security.staff-users', sectionId: 'security.iam', label: 'Staff Users', path: '/security/staff-users', order: 20, privilege: SecurityPrivileges.staffRead });
      registry.addItem({ id: 'security.groups', sectionId: 'security.iam', label: 'Privilege Groups', path: '/security/groups', order: 30, privilege: SecurityPrivileges.groupRead });
      registry.addItem({ id: 'security.audit-trail', sectionId: 'security.audit', label: 'Audit Trail', path: '/security/audit', privilege: SecurityPrivileges.auditRead });
    },
  } satisfies NavContribution);
});
