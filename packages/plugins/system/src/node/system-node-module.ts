import { ContainerModule } from 'inversify';
import { NavContribution, RouteContribution } from '@portico/core';
import { PrivilegeContribution } from '@portico/access';
import { SystemPrivileges } from '../common/index';
import { OutboxRoutes } from './outbox-routes';

export default new ContainerModule(({ bind }) => {
  bind(RouteContribution).to(OutboxRoutes).inSingletonScope();
  bind(PrivilegeContribution).toConstantValue({ registerPrivileges: (r) => r.addEntity('mail_outbox', 'Outbox') } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'system', label: 'System', icon: 'inbox', description: 'Outgoing e-mail and system settings', order: 90, privilege: SystemPrivileges.module });
      registry.addSection({ id: 'system.communication', moduleId: 'system', label: 'Communication' });
      registry.addItem({ id: 'system.outbox', sectionId: 'system.communication', label: 'Outbox', path: '/system/outbox', privilege: SystemPrivileges.outboxRead });
    },
  } satisfies NavContribution);
});
