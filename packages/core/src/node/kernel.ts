import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { Container, ContainerModule } from 'inversify';
import { ContributionProvider } from '../common/contribution-provider';
import { PluginError } from '../common/errors';
import { bindContributionProvider } from './container-helpers';
import { KERNEL_CONTRIBUTION_POINTS, LifecycleContribution } from './contribution-points';
import type { Logger } from './logger';
import { readPluginDescriptor, type PluginDescriptor } from './plugin-metadata';
import { orderPlugins } from './plugin-order';

/** The enabled plugins, in dependency order. */
export const Plugins = Symbol('Plugins');

export interface KernelOptions {
  /** Plugin specs (package names or folder paths) in configured order. */
  plugins: readonly string[];
  /** Where package names are resolved from (the host's folder). */
  resolveFrom: string;
  /** Modules of the host (config, logger, database, …), loaded before the plugins. */
  hostModules?: readonly ContainerModule[];
  logger?: Logger;
}

function isContainerModule(value: unknown): value is ContainerModule {
  return value instanceof ContainerModule ||
    (typeof value === 'object' && value !== null && typeof (value as ContainerModule).load === 'function');
}

/**
 * One Inversify container per process, filled from the enabled plugins' node modules.
 *
 * Load order: host modules, then each plugin's module in dependency order. Every failure —
 * an unknown package, bad metadata, a missing dependency, a cycle, a module that throws —
 * becomes a PluginError that names the plugin.
 */
export class Kernel {
  private started: LifecycleContribution[] = [];

  private constructor(
    readonly container: Container,
    readonly plugins: readonly PluginDescriptor[],
    private readonly logger?: Logger,
  ) {}

  static describePlugins(specs: readonly string[], resolveFrom: string): PluginDescriptor[] {
    return orderPlugins(specs.map((spec) => readPluginDescriptor(spec, resolveFrom)));
  }

  static async load(options: KernelOptions): Promise<Kernel> {
    const plugins = Kernel.describePlugins(options.plugins, options.resolveFrom);
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(Plugins).toConstantValue(plugins);
    await container.loadAsync(
      new ContainerModule(({ bind }) => {
        for (const point of KERNEL_CONTRIBUTION_POINTS) bindContributionProvider(bind, point);
      }),
    );
    for (const module of options.hostModules ?? []) await container.loadAsync(module);

    for (const plugin of plugins) {
      if (!plugin.nodeModulePath) continue;
      let exported: unknown;
      try {
        exported = (await import(pathToFileURL(plugin.nodeModulePath).href)).default;
      } catch (error) {
        throw new PluginError(plugin.id, `node module ${plugin.nodeModulePath} failed to load: ${(error as Error).message}`, error);
      }
      if (!isContainerModule(exported)) {
        throw new PluginError(plugin.id, `node module ${plugin.nodeModulePath} must default-export a ContainerModule`);
      }
      try {
        await container.loadAsync(exported);
      } catch (error) {
        throw new PluginError(plugin.id, `node module threw while binding: ${(error as Error).message}`, error);
      }
    }
    options.logger?.debug({ plugins: plugins.map((p) => p.id) }, 'plugins loaded');
    return new Kernel(container, plugins, options.logger);
  }

  contributions<T>(point: symbol): readonly T[] {
    return this.container.get<ContributionProvider<T>>(ContributionProvider.for(point)).getContributions();
  }

  /** Runs every LifecycleContribution's onStart in plugin order. */
  async start(): Promise<void> {
    for (const contribution of this.contributions<LifecycleContribution>(LifecycleContribution)) {
      await contribution.onStart?.();
      this.started.push(contribution);
    }
  }

  /** Runs onStop in reverse order; one failing hook does not stop the others. */
  async stop(): Promise<void> {
    const toStop = this.started.reverse();
    this.started = [];
    for (const contribution of toStop) {
      try {
        await contribution.onStop?.();
      } catch (error) {
        this.logger?.error({ err: error }, 'error while stopping');
      }
    }
  }
}
