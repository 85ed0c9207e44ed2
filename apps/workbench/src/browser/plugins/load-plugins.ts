import type { BundledPlugin } from 'virtual:portico-plugins';
import type { ViewRegistry } from './view-registry';

export interface PluginFailure {
  pluginId: string;
  message: string;
}

/**
 * Calls each bundled plugin's browser module with a registry attributed to it. A plugin that
 * throws is reported and skipped; the others and the shell keep working.
 */
export function loadPlugins(plugins: readonly BundledPlugin[], registry: ViewRegistry): PluginFailure[] {
  const failures: PluginFailure[] = [];
  for (const plugin of plugins) {
    try {
      if (typeof plugin.module !== 'function') throw new Error('its browser module must default-export a function (BrowserModule)');
      plugin.module(registry.forPlugin(plugin.id));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[portico] plugin "${plugin.id}" (${plugin.packageName}) failed to start in the browser:`, error);
      failures.push({ pluginId: plugin.id, message });
    }
  }
  return failures;
}
