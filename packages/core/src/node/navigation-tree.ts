import type { NavItem, NavModule, NavRegistry, NavSection, NavTree } from '../common/navigation';
import type { NavContribution } from './contribution-points';

const byOrder = <T extends { order?: number; label: string }>(a: T, b: T): number =>
  (a.order ?? 100) - (b.order ?? 100) || a.label.localeCompare(b.label);

/**
 * Collects every NavContribution into one tree. `canSee(privilege)` decides what a user
 * sees: modules, items and then empty sections and modules are dropped.
 */
export function buildNavTree(contributions: readonly NavContribution[], canSee: (privilege: string) => boolean = () => true): NavTree {
  const modules: NavModule[] = [];
  const sections: NavSection[] = [];
  const items: NavItem[] = [];
  const registry: NavRegistry = {
    addModule: (m) => modules.push(m),
    addSection: (s) => sections.push(s),
    addItem: (i) => items.push(i),
  };
  for (const contribution of contributions) contribution.registerNavigation(registry);
  const visible = (p?: string): boolean => !p || canSee(p);
  return {
    modules: modules
      .filter((m) => visible(m.privilege))
      .sort(byOrder)
      .map((module) => ({
        ...module,
        sections: sections
          .filter((s) => s.moduleId === module.id)
          .sort(byOrder)
          .map((section) => ({ ...section, items: items.filter((i) => i.sectionId === section.id && visible(i.privilege)).sort(byOrder) }))
          .filter((section) => section.items.length > 0),
      }))
      .filter((module) => module.sections.length > 0),
  };
}
