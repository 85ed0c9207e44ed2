import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { HostEnv, MigrationContribution, NavContribution, PageContribution, RouteContribution } from '@portico/core';
import { EntityContribution } from '@portico/entities';
import { PortalContribution } from '@portico/plugin-portal/node';
import { InspectionPrivileges, InspectorPrivileges } from '../common/index';
import { InspectionService } from './inspection-service';
import { InspectorConfig, loadInspectorConfig } from './inspector-config';
import { InspectorEntities } from './inspector-entities';
import { InspectorPages } from './inspector-pages';
import { inspectorPortal } from './inspector-portal';
import { InspectorRoutes } from './inspector-routes';

export const INSPECTOR_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'inspector-portal', migrationsFolder: INSPECTOR_MIGRATIONS_FOLDER });
  bind<InspectorConfig>(InspectorConfig)
    .toDynamicValue((ctx) => loadInspectorConfig(ctx.get<Record<string, string | undefined>>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind(InspectionService).toSelf().inSingletonScope();
  bind(EntityContribution).to(InspectorEntities).inSingletonScope();
  bind(RouteContribution).to(InspectorRoutes).inSingletonScope();
  bind(PortalContribution).toDynamicValue((ctx) => inspectorPortal(ctx.get<InspectionService>(InspectionService))).inSingletonScope();
  bind(PageContribution).to(InspectorPages).inSingletonScope();
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'inspections', label: 'Inspections', icon: 'clipboard', description: 'Inspections of licensed premises and the inspectors who carry them out.' });
      registry.addSection({ id: 'inspections.records', moduleId: 'inspections', label: 'Inspection Management' });
      registry.addItem({ id: 'inspections.all', sectionId: 'inspections.records', label: 'All Inspections', path: '/inspections', order: 10, privilege: InspectionPrivileges.read });
      registry.addItem({ id: 'inspections.inspectors', sectionId: 'inspections.records', label: 'Inspectors', path: '/inspections/inspectors', order: 20, privilege: InspectorPrivileges.read });
    },
  } satisfies NavContribution);
});
