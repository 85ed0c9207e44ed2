/**
 * Builds the workbench's browser shell into dist/browser.
 *
 * `virtual:portico-plugins` imports the browser module of every enabled plugin. The enabled
 * plugins come from env `PORTICO_PLUGINS` (comma-separated package names or folders) or else
 * from this package.json's `"portico": { "plugins": [...] }` — the same rule as the host — and
 * are put in dependency order by the kernel (`Kernel.describePlugins`). The list the bundle was
 * built with is written to dist/browser/portico-build.json, so tests and tooling can tell a
 * stale bundle from a fresh one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { tsImport } from 'tsx/esm/api';

const appRoot = dirname(fileURLToPath(import.meta.url));

// @portico/core exports TypeScript source, which Node cannot load by itself and Vite's config
// bundler leaves external: load it through tsx, with the workspace's compiler options.
const { Kernel } = (await tsImport('@portico/core', {
  parentURL: import.meta.url,
  tsconfig: resolve(appRoot, '../../tsconfig.base.json'),
})) as typeof import('@portico/core');
const VIRTUAL_ID = 'virtual:portico-plugins';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

/** Plugin specs: env PORTICO_PLUGINS, else package.json `portico.plugins`. */
export function enabledPluginSpecs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.PORTICO_PLUGINS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (fromEnv) return fromEnv;
  const pkg = JSON.parse(readFileSync(resolve(appRoot, 'package.json'), 'utf8')) as { portico?: { plugins?: string[] } };
  return pkg.portico?.plugins ?? [];
}

function porticoPlugins(): Plugin {
  const specs = enabledPluginSpecs();
  const descriptors = Kernel.describePlugins(specs, appRoot);
  const withBrowser = descriptors.filter((d) => d.browserModulePath);
  for (const d of withBrowser) {
    if (!existsSync(d.browserModulePath!)) {
      throw new Error(`Plugin "${d.id}" (${d.packageName}): its browser module ${d.browserModulePath} does not exist (package.json "portico.browser")`);
    }
  }
  return {
    name: 'portico-plugins',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const imports = withBrowser.map((d, i) => `import plugin${i} from ${JSON.stringify(d.browserModulePath)};`);
      const entries = withBrowser.map(
        (d, i) => `  { id: ${JSON.stringify(d.id)}, packageName: ${JSON.stringify(d.packageName)}, module: plugin${i} },`,
      );
      return `${imports.join('\n')}\nexport const plugins = [\n${entries.join('\n')}\n];\n`;
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'portico-build.json',
        source: JSON.stringify(
          { plugins: descriptors.map((d) => ({ id: d.id, packageName: d.packageName, browser: Boolean(d.browserModulePath) })) },
          null,
          2,
        ),
      });
    },
  };
}

export default defineConfig({
  root: appRoot,
  plugins: [porticoPlugins()],
  build: {
    outDir: resolve(appRoot, 'dist/browser'),
    emptyOutDir: true,
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    // `vite` (dev) next to a running host: the API is proxied to it.
    proxy: { '/api': process.env.PORTICO_API_URL ?? 'http://localhost:3000' },
  },
});
