/**
 * The workbench's browser entry: global styles, the plugins' browser modules (bundled by
 * `virtual:portico-plugins`), then the `<portico-shell>` application.
 */
import { adoptGlobalStyles } from '@portico/ui';
import { connectExtensions } from '@portico/ui/extensions';
import { plugins } from 'virtual:portico-plugins';
import { loadPlugins } from './plugins/load-plugins';
import { ViewRegistry } from './plugins/view-registry';
import './shell/portico-shell.define';

adoptGlobalStyles();

const registry = new ViewRegistry();
const pluginFailures = loadPlugins(plugins, registry);
connectExtensions((point) => registry.extensions(point));

const shell = document.createElement('portico-shell');
shell.registry = registry;
shell.pluginFailures = pluginFailures;
const mount = document.getElementById('app');
if (mount) mount.replaceChildren(shell);
else document.body.append(shell);
