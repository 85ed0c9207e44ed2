import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { ValidationError } from '@portico/core';
import type { Principal } from '../common/principal';
import type { EntityAction, RuleScope } from '../common/privileges';
import { entityPrivilege } from '../common/privileges';

/**
 * A row rule (the Backstage pattern): one decision, two forms. `toSql` becomes part of the
 * WHERE clause of every list, count and get, so paging and counts stay exact; `apply` decides
 * for one record in memory (used before writes, and by tests to cross-check the SQL).
 *
 * @example
 * const ownRecords: RowRule<{}> = {
 *   id: 'own-records', entity: 'tc_portaluser', params: z.object({}),
 *   toSql: ({ principal }) => sql`created_by = ${principal.id}`,
 *   apply: (row, { principal }) => row.createdBy === principal.id,
 * };
 */
export interface RowRule<P = unknown> {
  readonly id: string;
  readonly entity: string;
  readonly description: string;
  readonly params: z.ZodType<P>;
  toSql(context: { principal: Principal; params: P }): SQL;
  apply(record: Record<string, unknown>, context: { principal: Principal; params: P }): boolean;
}
export const RowRule = Symbol('RowRule');

/** The result of an access decision for a set of rows. */
export type RowAccess = { kind: 'all' } | { kind: 'none' } | { kind: 'filter'; where: SQL };

/**
 * Turns a principal's scope for `entity.<name>.<action>` into a SQL condition: all rows,
 * none, or the OR of the rules' conditions.
 */
export class RowAccessResolver {
  /** Inversify token (bound by accessModule from every RowRule contribution). */
  static readonly token = Symbol('RowAccessResolver');

  private readonly rules = new Map<string, RowRule>();

  constructor(rules: readonly RowRule[]) {
    for (const rule of rules) this.rules.set(`${rule.entity}:${rule.id}`, rule as RowRule);
  }

  rulesFor(entity: string): RowRule[] {
    return [...this.rules.values()].filter((r) => r.entity === entity);
  }

  /** Checks a grant's rule and parameters before it is saved. */
  validateScope(entity: string, scope: RuleScope): void {
    const rule = this.rules.get(`${entity}:${scope.rule}`);
    if (!rule) throw new ValidationError([{ path: 'scope.rule', message: `unknown rule "${scope.rule}" for ${entity}` }]);
    const parsed = rule.params.safeParse(scope.params ?? {});
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: ['scope', 'params', ...i.path].join('.'), message: i.message })));
    }
  }

  resolve(principal: Principal, entity: string, action: EntityAction): RowAccess {
    const scope = principal.privileges.scopeOf(entityPrivilege(entity, action));
    if (!scope) return { kind: 'none' };
    if (scope === 'all') return { kind: 'all' };
    const parts = scope.map((s) => this.ruleSql(principal, entity, s)).filter((x): x is SQL => !!x);
    if (!parts.length) return { kind: 'none' };
    return { kind: 'filter', where: parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})` };
  }

  /** In-memory twin of `resolve` for one record. */
  allows(principal: Principal, entity: string, action: EntityAction, record: Record<string, unknown>): boolean {
    const scope = principal.privileges.scopeOf(entityPrivilege(entity, action));
    if (!scope) return false;
    if (scope === 'all') return true;
    return scope.some((s) => {
      const rule = this.rules.get(`${entity}:${s.rule}`);
      const params = rule?.params.safeParse(s.params ?? {});
      return !!rule && !!params?.success && rule.apply(record, { principal, params: params.data });
    });
  }

  private ruleSql(principal: Principal, entity: string, scope: RuleScope): SQL | undefined {
    const rule = this.rules.get(`${entity}:${scope.rule}`);
    // An unknown rule or bad parameters grant nothing: fail closed.
    const params = rule?.params.safeParse(scope.params ?? {});
    if (!rule || !params?.success) return undefined;
    return sql`(${rule.toSql({ principal, params: params.data })})`;
  }
}
