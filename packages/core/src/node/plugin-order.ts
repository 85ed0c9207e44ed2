import { PluginError } from '../common/errors';

interface Orderable {
  id: string;
  dependsOn: readonly string[];
}

/**
 * Orders plugins so that every plugin comes after the plugins it depends on. Ties keep the
 * configured order, so the result is stable. Throws a PluginError naming the plugin for a
 * duplicate id, a dependency that is not enabled, or a dependency cycle (with its path).
 */
export function orderPlugins<T extends Orderable>(plugins: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const plugin of plugins) {
    if (byId.has(plugin.id)) throw new PluginError(plugin.id, 'is enabled twice');
    byId.set(plugin.id, plugin);
  }
  for (const plugin of plugins) {
    for (const dep of plugin.dependsOn) {
      if (!byId.has(dep)) {
        throw new PluginError(plugin.id, `depends on "${dep}", which is not enabled or not installed`);
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: T, path: string[]): void => {
    const seen = state.get(plugin.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.id)), plugin.id];
      throw new PluginError(plugin.id, `dependency cycle: ${cycle.join(' → ')}`);
    }
    state.set(plugin.id, 'visiting');
    for (const dep of plugin.dependsOn) visit(byId.get(dep)!, [...path, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
