import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { PluginError } from '../common/errors';

/** The `portico` field of a plugin's package.json. */
export const PluginManifest = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)'),
  dependsOn: z.array(z.string()).default([]),
  node: z.string().optional(),
  browser: z.string().optional(),
});
export type PluginManifest = z.infer<typeof PluginManifest>;

export interface PluginDescriptor extends PluginManifest {
  /** npm package name, e.g. `@portico/plugin-portal`. */
  packageName: string;
  /** Folder holding the plugin's package.json. */
  root: string;
  /** Absolute path of the node module, if any. */
  nodeModulePath?: string;
  /** Absolute path of the browser module, if any. */
  browserModulePath?: string;
}

/**
 * Finds a plugin's package.json. A spec is a package name (looked up in node_modules from
 * `fromDir` upwards, as Node does — so a plugin installed from a registry works the same
 * as a workspace one) or a path to the plugin's folder.
 */
export function findPluginPackageJson(spec: string, fromDir: string): string {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const file = join(resolve(fromDir, spec), 'package.json');
    if (existsSync(file)) return file;
    throw new PluginError(spec, `no package.json in ${resolve(fromDir, spec)}`);
  }
  let dir = resolve(fromDir);
  for (;;) {
    const file = join(dir, 'node_modules', spec, 'package.json');
    if (existsSync(file)) return file;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new PluginError(spec, `package not found from ${fromDir} (is it installed and listed in dependencies?)`);
}

export function readPluginDescriptor(spec: string, fromDir: string): PluginDescriptor {
  const file = findPluginPackageJson(spec, fromDir);
  let pkg: { name?: string; portico?: unknown };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PluginError(spec, `cannot read ${file}`, error);
  }
  if (pkg.portico === undefined) {
    throw new PluginError(spec, `${file} has no "portico" field, so it is not a Portico plugin`);
  }
  const parsed = PluginManifest.safeParse(pkg.portico);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `portico.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PluginError(spec, `invalid metadata in ${file}: ${why}`);
  }
  const root = dirname(file);
  const manifest = parsed.data;
  return {
    ...manifest,
    packageName: pkg.name ?? spec,
    root,
    ...(manifest.node ? { nodeModulePath: resolve(root, manifest.node) } : {}),
    ...(manifest.browser ? { browserModulePath: resolve(root, manifest.browser) } : {}),
  };
}
