import type { ContainerModuleLoadOptions } from 'inversify';
import { ContributionProvider } from '../common/contribution-provider';

/**
 * Binds the ContributionProvider of a contribution point. The kernel does this for its own
 * points; a plugin that defines a point of its own (e.g. the portal plugin's
 * PortalContribution) calls it in its node module.
 */
export function bindContributionProvider(bind: ContainerModuleLoadOptions['bind'], point: symbol): void {
  bind<ContributionProvider<unknown>>(ContributionProvider.for(point))
    .toDynamicValue((context) => {
      let cached: readonly unknown[] | undefined;
      return {
        getContributions: () => (cached ??= context.getAll(point, { optional: true })),
      };
    })
    .inSingletonScope();
}
