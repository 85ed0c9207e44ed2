import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { MigrationContribution, NavContribution, RouteContribution } from '@portico/core';
import { Database } from '@portico/db';
import { EntityContribution } from '@portico/entities';
import { PortalContribution } from '@portico/plugin-portal/node';
import { PermitsPrivileges } from '../common/index';
import { permitsEntity } from './permits-entity';
import { permitsPortal } from './permits-portal';
import { PermitsRoutes } from './permits-routes';

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'permits', migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
  bind<EntityContribution>(EntityContribution).toConstantValue({ registerEntities: (registry) => registry.register(permitsEntity) });
  bind(RouteContribution).to(PermitsRoutes).inSingletonScope();
  bind(PortalContribution).toDynamicValue((ctx) => permitsPortal(ctx.get<Database>(Database))).inSingletonScope();
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'permits', label: 'Permits', icon: 'inbox' });
      registry.addSection({ id: 'permits.records', moduleId: 'permits', label: 'Permits' });
      registry.addItem({ id: 'permits.all', sectionId: 'permits.records', label: 'All Permits', path: '/permits', privilege: PermitsPrivileges.read });
    },
  } satisfies NavContribution);
});
