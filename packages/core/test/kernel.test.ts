import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ContainerModule } from 'inversify';
import {
  ContributionProvider,
  JobContribution,
  Kernel,
  LifecycleContribution,
  PluginError,
  RouteContribution,
  bindContributionProvider,
} from '../src/index';
import { log } from './fixtures/plugins/log';
import { Greeter } from './fixtures/plugins/base/node-module';

const fixtures = fileURLToPath(new URL('./fixtures/plugins', import.meta.url));
const load = (plugins: string[], hostModules: ContainerModule[] = []) =>
  Kernel.load({ plugins: plugins.map((p) => `./${p}`), resolveFrom: fixtures, hostModules });

async function rejects(promise: Promise<unknown>): Promise<PluginError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, PluginError);
    return error as PluginError;
  }
  throw new Error('expected a PluginError, but it resolved');
}

test('loads plugins in dependency order whatever the configured order', async () => {
  const kernel = await load(['addon', 'base']);
  assert.equal(kernel.plugins.map((p) => p.id), ['base', 'addon']);
  // Both bound the same symbol: consumers see both, in plugin order.
  assert.equal(kernel.container.getAll(Greeter), ['base', 'addon']);
});

test('lifecycle hooks run in plugin order at start and in reverse at stop', async () => {
  log.length = 0;
  const kernel = await load(['addon', 'base']);
  await kernel.start();
  await kernel.stop();
  assert.equal(log, ['start base', 'start addon', 'stop addon', 'stop base']);
});

test('a contribution point nobody contributes to gives an empty list, not an error', async () => {
  const kernel = await load(['base']);
  assert.equal(kernel.contributions(RouteContribution), []);
  assert.equal(kernel.contributions(JobContribution), []);
  assert.is(kernel.contributions<LifecycleContribution>(LifecycleContribution).length, 1);
});

test('host modules are loaded first and plugins may define their own contribution points', async () => {
  const Widget = Symbol('Widget');
  const host = new ContainerModule(({ bind }) => {
    bindContributionProvider(bind, Widget);
    bind(Widget).toConstantValue('from host');
  });
  const kernel = await load(['base'], [host]);
  const provider = kernel.container.get<ContributionProvider<string>>(ContributionProvider.for(Widget));
  assert.equal(provider.getContributions(), ['from host']);
});

test('a missing dependency fails fast naming the plugin and the dependency', async () => {
  const error = await rejects(load(['needs-ghost']));
  assert.is(error.pluginId, 'needs-ghost');
  assert.match(error.message, /depends on "ghost"/);
});

test('a dependency cycle fails fast naming the cycle', async () => {
  const error = await rejects(load(['cycle-a', 'cycle-b']));
  assert.match(error.message, /dependency cycle: cycle-[ab] → cycle-[ab] → cycle-[ab]/);
});

test('a module that throws while binding names the plugin and the cause', async () => {
  const error = await rejects(load(['base', 'throws-on-bind']));
  assert.is(error.pluginId, 'throws-on-bind');
  assert.match(error.message, /the licence key is missing/);
});

test('a module that throws on import names the plugin and the cause', async () => {
  const error = await rejects(load(['throws-on-import']));
  assert.is(error.pluginId, 'throws-on-import');
  assert.match(error.message, /top-level failure in plugin code/);
});

test('a node module must default-export a ContainerModule', async () => {
  const error = await rejects(load(['not-a-module']));
  assert.match(error.message, /must default-export a ContainerModule/);
});

test('bad metadata, no metadata and unknown packages are refused with the reason', async () => {
  assert.match((await rejects(load(['bad-id']))).message, /portico\.id: must be kebab-case/);
  assert.match((await rejects(load(['no-metadata']))).message, /no "portico" field/);
  const unknown = await rejects(Kernel.load({ plugins: ['@portico/plugin-does-not-exist'], resolveFrom: fixtures }));
  assert.is(unknown.pluginId, '@portico/plugin-does-not-exist');
  assert.match(unknown.message, /package not found/);
});

test('the same plugin enabled twice is refused', async () => {
  assert.match((await rejects(load(['base', 'base']))).message, /enabled twice/);
});

test.run();
