import { ContainerModule } from 'inversify';
import { RouteContribution, bindContributionProvider } from '@portico/core';
import { PrivilegeContribution } from '@portico/access';
import { EntityContribution } from './entity-definition';
import { EntityRegistry } from './entity-registry';
import { EntityRoutes } from './entity-routes';
import { EntityService } from './entity-service';

/** Host module: the entity registry, the generic service and its routes at /api/entities. */
export function entitiesModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bindContributionProvider(bind, EntityContribution);
    bind(EntityRegistry).toSelf().inSingletonScope();
    bind(EntityService).toSelf().inSingletonScope();
    bind(RouteContribution).to(EntityRoutes).inSingletonScope();
    // Every registered entity can be granted in privilege groups.
    bind(PrivilegeContribution).toDynamicValue((ctx) => {
      const registry = ctx.get(EntityRegistry);
      return { registerPrivileges: (r) => registry.all().forEach((d) => r.addEntity(d.logicalName, d.pluralName)) } satisfies PrivilegeContribution;
    });
  });
}
