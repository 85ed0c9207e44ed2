/**
 * Privilege names, shared by server and browser (the Backstage pattern: the UI hides what the
 * server would refuse, the server still enforces).
 *
 * - module access: `module.<moduleId>` (e.g. `module.security`)
 * - entity privileges: `entity.<logicalName>.<action>` (e.g. `entity.tc_portaluser.write`)
 */
export type EntityAction = 'read' | 'write' | 'create' | 'delete';
export const ENTITY_ACTIONS: readonly EntityAction[] = ['read', 'write', 'create', 'delete'];

export const modulePrivilege = (moduleId: string): string => `module.${moduleId}`;
export const entityPrivilege = (entity: string, action: EntityAction): string => `entity.${entity}.${action}`;

/** Granted to the built-in System Administrator group: every privilege, on all records. */
export const ALL_PRIVILEGES = '*';

/** A row rule chosen for a grant, with its parameters (checked by the rule's zod schema). */
export interface RuleScope {
  rule: string;
  params?: unknown;
}

/** A grant is for all records, or only for the records its rule selects. */
export type GrantScope = 'all' | RuleScope;

export interface PrivilegeGrant {
  privilege: string;
  scope: GrantScope;
}

/** What the browser receives: privilege → 'all' or the list of rule scopes. */
export type EffectivePrivileges = Record<string, 'all' | RuleScope[]>;

/**
 * The union of a user's grants over all their groups. A privilege held for all records in one
 * group wins over rule-scoped grants of the same privilege in other groups.
 */
export class PrivilegeSet {
  private readonly map = new Map<string, 'all' | RuleScope[]>();

  constructor(grants: Iterable<PrivilegeGrant> = []) {
    for (const grant of grants) this.add(grant);
  }

  static fromJSON(value: EffectivePrivileges): PrivilegeSet {
    const set = new PrivilegeSet();
    for (const [privilege, scope] of Object.entries(value)) {
      if (scope === 'all') set.add({ privilege, scope });
      else for (const s of scope) set.add({ privilege, scope: s });
    }
    return set;
  }

  private add({ privilege, scope }: PrivilegeGrant): void {
    const current = this.map.get(privilege);
    if (current === 'all') return;
    if (scope === 'all') this.map.set(privilege, 'all');
    else this.map.set(privilege, [...(current ?? []), scope]);
  }

  /** Held at all (for all records or some). `*` (System Administrator) holds everything. */
  has(privilege: string): boolean {
    return this.map.has(privilege) || this.map.has(ALL_PRIVILEGES);
  }

  scopeOf(privilege: string): 'all' | RuleScope[] | undefined {
    return this.map.has(ALL_PRIVILEGES) ? 'all' : this.map.get(privilege);
  }

  toJSON(): EffectivePrivileges {
    return Object.fromEntries(this.map);
  }
}
