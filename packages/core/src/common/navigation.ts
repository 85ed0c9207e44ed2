/**
 * The workbench's navigation: modules (Security, Licensing, …) shown by the Modules launcher;
 * each module has sections ("IAM User Management") of items ("Portal Users") shown by the Menu.
 * Plugins contribute entries; the server filters them by the user's privileges before the
 * shell receives them.
 */
export interface NavModule {
  id: string;
  label: string;
  /** One of the icon names of packages/ui (e.g. `shield`, `id-card`, `inbox`). */
  icon?: string;
  description?: string;
  order?: number;
  /** Module privilege needed to see it (e.g. `module.security`); none = every signed-in user. */
  privilege?: string;
}

export interface NavSection {
  id: string;
  moduleId: string;
  label: string;
  order?: number;
}

export interface NavItem {
  id: string;
  sectionId: string;
  label: string;
  /** Client-side route, e.g. `/security/portal-users`. */
  path: string;
  order?: number;
  privilege?: string;
}

export interface NavRegistry {
  addModule(module: NavModule): void;
  addSection(section: NavSection): void;
  addItem(item: NavItem): void;
}

/** Navigation tree as the shell receives it. */
export interface NavTree {
  modules: Array<NavModule & { sections: Array<NavSection & { items: NavItem[] }> }>;
}
