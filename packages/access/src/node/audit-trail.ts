import { and, desc, eq, gte, isNotNull, lt, lte, type SQL } from 'drizzle-orm';
import type { Database } from '@portico/db';
import { auditLog, type AuditRow } from './audit-schema';

/** Field names whose values never enter the audit trail, whatever the entity. */
const SECRET = /pass(word)?|hash|token|secret|otp|pwd/i;

export interface AuditActor {
  kind: string;
  id?: string;
  name?: string;
}

export interface AuditEntry {
  actor: AuditActor;
  entity: string;
  recordId: string;
  action: 'create' | 'update' | 'delete' | (string & {});
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string;
}

/** Executor: the database or an open transaction (so the audit row commits with the write). */
type Executor = Pick<Database, 'insert' | 'select' | 'selectDistinct'>;

/** The changed fields between two versions of a record, secrets shown only as changed. */
export function diffRecords(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): AuditRow['changes'] {
  const changes: AuditRow['changes'] = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'version' || key === 'updatedAt') continue;
    const from = normalize(before?.[key]);
    const to = normalize(after?.[key]);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[key] = SECRET.test(key) ? { from: from == null ? null : '[redacted]', to: to == null ? null : '[redacted]' } : { from, to };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/**
 * Writes audit rows. Call `record(tx, …)` with the transaction of the write itself, so the
 * write and its audit row commit or roll back together.
 */
export class AuditTrail {
  async record(tx: Executor, entry: AuditEntry): Promise<void> {
    const changes = diffRecords(entry.before, entry.after);
    if (entry.action === 'update' && Object.keys(changes).length === 0) return;
    await tx.insert(auditLog).values({
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      actorName: entry.actor.name ?? null,
      entity: entry.entity,
      recordId: entry.recordId,
      action: entry.action,
      changes,
      requestId: entry.requestId ?? null,
    });
  }

  /** The entities and the actors that appear in the trail, for the audit list's filters. */
  async facets(db: Executor): Promise<{ entities: string[]; actors: Array<{ id: string; name: string | null }> }> {
    const entities = await db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(auditLog.entity);
    const actors = await db
      .selectDistinct({ id: auditLog.actorId, name: auditLog.actorName })
      .from(auditLog)
      .where(isNotNull(auditLog.actorId))
      .orderBy(auditLog.actorName);
    return { entities: entities.map((e) => e.entity), actors: actors.map((a) => ({ id: a.id!, name: a.name })) };
  }

  /** Newest first; keyset paging with `beforeId`. */
  async list(db: Executor, filter: { actorId?: string; entity?: string; recordId?: string; from?: Date; to?: Date; beforeId?: number; limit?: number }): Promise<AuditRow[]> {
    const where: SQL[] = [];
    if (filter.actorId) where.push(eq(auditLog.actorId, filter.actorId));
    if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
    if (filter.recordId) where.push(eq(auditLog.recordId, filter.recordId));
    if (filter.from) where.push(gte(auditLog.at, filter.from));
    if (filter.to) where.push(lte(auditLog.at, filter.to));
    if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId));
    return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(Math.min(filter.limit ?? 50, 500));
  }
}
export const AuditTrailToken = Symbol('AuditTrail');
