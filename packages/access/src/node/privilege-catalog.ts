import type { NavContribution } from '@portico/core';
import { buildNavTree } from '@portico/core';
import { modulePrivilege } from '../common/privileges';

/**
 * What privileges exist, for the group editor: every module (from the navigation) and every
 * kind of record a plugin protects with `entity.<logicalName>.<action>` privileges.
 *
 * @example
 * bind(PrivilegeContribution).toConstantValue({
 *   registerPrivileges: (r) => r.addEntity('mail_outbox', 'Outbox'),
 * });
 */
export interface PrivilegeContribution {
  registerPrivileges(registry: { addEntity(logicalName: string, label: string): void }): void;
}
export const PrivilegeContribution = Symbol('PrivilegeContribution');

export interface PrivilegeCatalog {
  modules: Array<{ privilege: string; label: string }>;
  entities: Array<{ logicalName: string; label: string }>;
}

export function buildPrivilegeCatalog(nav: readonly NavContribution[], contributions: readonly PrivilegeContribution[]): PrivilegeCatalog {
  const entities = new Map<string, string>();
  for (const c of contributions) c.registerPrivileges({ addEntity: (name, label) => void entities.set(name, label) });
  const modules = buildNavTree(nav).modules.map((m) => ({ privilege: m.privilege ?? modulePrivilege(m.id), label: m.label }));
  return {
    modules: modules.filter((m) => m.privilege.startsWith('module.')),
    entities: [...entities].map(([logicalName, label]) => ({ logicalName, label })).sort((a, b) => a.label.localeCompare(b.label)),
  };
}
