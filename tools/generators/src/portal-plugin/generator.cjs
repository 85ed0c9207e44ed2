// @ts-check
/**
 * `pnpm nx g @portico/tools:portal-plugin <name>`: writes packages/plugins/<name> from ./files
 * and adds `@portico/plugin-<name>` to the root package.json, so that the host resolves the
 * package name (node_modules of the workspace root) exactly like a plugin installed from a
 * registry. Nothing under apps/ is touched: enabling is configuration (PORTICO_PLUGINS).
 * See docs/plugins.md.
 */
const { execSync } = require('node:child_process');
const path = require('node:path');
const { generateFiles, names, updateJson } = require('@nx/devkit');

/**
 * @param {string} name
 * @param {string} [entity]
 */
function substitutions(name, entity) {
  const n = names(name);
  const singular = entity ?? n.className.replace(/s$/, '');
  const words = (/** @type {string} */ s) => s.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const title = words(n.className);
  const entityLabel = words(names(singular).className);
  return {
    tmpl: '',
    name: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    title,
    titleLower: title.toLowerCase(),
    entityLabel,
    entityLower: entityLabel.toLowerCase(),
    entity: `tc_${names(singular).fileName.replace(/-/g, '')}`,
    table: n.fileName.replace(/-/g, '_'),
  };
}

/**
 * @param {import('@nx/devkit').Tree} tree
 * @param {{ name: string; entity?: string; skipInstall?: boolean }} options
 */
async function portalPluginGenerator(tree, options) {
  if (!/^[a-z][a-z0-9-]*$/.test(options.name)) throw new Error(`"${options.name}": the name must be kebab-case (a-z, 0-9, -)`);
  const s = substitutions(options.name, options.entity);
  const root = `packages/plugins/${s.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  generateFiles(tree, path.join(__dirname, 'files'), root, s);
  updateJson(tree, 'package.json', (pkg) => {
    pkg.dependencies = { ...pkg.dependencies, [`@portico/plugin-${s.name}`]: 'workspace:*' };
    return pkg;
  });
  return () => {
    if (!options.skipInstall) execSync('pnpm install --prefer-offline --no-frozen-lockfile', { cwd: tree.root, stdio: 'inherit' });
    console.log(`\nEnable it: PORTICO_PLUGINS=@portico/plugin-security,@portico/plugin-portal,@portico/plugin-system,@portico/plugin-${s.name}`);
  };
}

module.exports = portalPluginGenerator;
module.exports.default = portalPluginGenerator;
module.exports.substitutions = substitutions;
