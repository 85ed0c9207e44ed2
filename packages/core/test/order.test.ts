import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PluginError, orderPlugins } from '../src/index';

const p = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

test('dependencies come first; otherwise the configured order is kept', () => {
  const order = orderPlugins([p('portal', 'security'), p('docs', 'portal'), p('hello'), p('security')]).map((x) => x.id);
  assert.equal(order, ['security', 'portal', 'docs', 'hello']);
});

test('a diamond is ordered once per plugin', () => {
  const order = orderPlugins([p('d', 'b', 'c'), p('b', 'a'), p('c', 'a'), p('a')]).map((x) => x.id);
  assert.equal(order, ['a', 'b', 'c', 'd']);
});

test('a three-plugin cycle is reported with its full path', () => {
  try {
    orderPlugins([p('a', 'b'), p('b', 'c'), p('c', 'a')]);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, PluginError);
    assert.match((error as Error).message, 'dependency cycle: a → b → c → a');
  }
});

test('a self-dependency is a cycle', () => {
  assert.throws(() => orderPlugins([p('a', 'a')]), /dependency cycle: a → a/);
});

test.run();
