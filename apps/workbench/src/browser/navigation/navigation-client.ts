import type { NavItem, NavTree } from '@portico/core/common';

export type ShellModule = NavTree['modules'][number];

/** Fetches the navigation the server allows this user to see. */
export async function fetchNavigation(signal?: AbortSignal): Promise<NavTree> {
  const response = await fetch('/api/shell/navigation', {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  const tree = (await response.json()) as NavTree;
  if (!tree || !Array.isArray(tree.modules)) throw new Error('the server sent navigation in an unexpected shape');
  return tree;
}

export interface NavLocation {
  module: ShellModule;
  item?: NavItem;
}

/**
 * Where a path sits in the navigation: the item whose path is the path or its longest
 * prefix, or the module whose overview (`/<module id>`) it is.
 */
export function locate(tree: NavTree | undefined, path: string): NavLocation | undefined {
  if (!tree) return undefined;
  let best: NavLocation | undefined;
  for (const module of tree.modules) {
    if (path === `/${module.id}` && !best) best = { module };
    for (const section of module.sections) {
      for (const item of section.items) {
        const prefix = item.path.replace(/\/$/, '');
        if (path === prefix || path.startsWith(prefix + '/')) {
          if (!best?.item || item.path.length > best.item.path.length) best = { module, item };
        }
      }
    }
  }
  return best;
}

export function moduleById(tree: NavTree | undefined, id: string): ShellModule | undefined {
  return tree?.modules.find((module) => module.id === id);
}

export function itemCount(module: ShellModule): number {
  return module.sections.reduce((sum, section) => sum + section.items.length, 0);
}
