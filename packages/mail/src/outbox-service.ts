import { ConflictError, NotFoundError, ValidationError } from '@portico/core';
import { Database } from '@portico/db';
import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { OUTBOX_CHANNEL } from './outbox';
import { mailOutbox, OUTBOX_STATUSES, type OutboxRow, type OutboxStatus } from './schema';

/** One row of the outbox list (no bodies). */
export interface OutboxSummary {
  id: number;
  to: string[];
  cc: string[];
  subject: string;
  kind: string | null;
  related: { entity: string; recordId: string } | null;
  status: OutboxStatus;
  attempts: number;
  /** Next attempt (`queued`/`failed`) or lease expiry (`sending`). */
  nextAttemptAt: Date;
  lastError: string | null;
  transport: string | null;
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A whole outbox entry, bodies included. */
export interface OutboxEntry extends OutboxSummary {
  text: string;
  html: string | null;
}

/** Filters of {@link OutboxService.list}. */
export interface OutboxListQuery {
  status?: OutboxStatus | readonly OutboxStatus[];
  /** A recipient (to or cc), matched exactly, ignoring case. */
  to?: string;
  /** Words searched (ILIKE) in the subject and the recipients. */
  q?: string;
  /** The related record. */
  entity?: string;
  recordId?: string | number;
  /** 1 … 200 (default 50). */
  limit?: number;
  /** Cursor: only rows with a smaller id (pass the previous page's `nextBefore`). */
  before?: number;
}

export interface OutboxPage {
  items: OutboxSummary[];
  /** Pass as `before` for the next page; absent on the last page. */
  nextBefore?: number;
}

const listQuerySchema = z.object({
  status: z.union([z.enum(OUTBOX_STATUSES), z.array(z.enum(OUTBOX_STATUSES))]).optional(),
  to: z.string().trim().min(1).max(320).optional(),
  q: z.string().trim().max(200).optional(),
  entity: z.string().min(1).max(200).optional(),
  recordId: z.union([z.string().min(1), z.number().int()]).transform(String).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  before: z.number().int().positive().optional(),
});

/** Read (and requeue) access to the outbox, for the workbench's System › Outbox list and record tabs. Authorization is the caller's. */
export interface OutboxService {
  /** Newest first. Throws `ValidationError` on bad filters. */
  list(query?: OutboxListQuery): Promise<OutboxPage>;
  /** One entry with its bodies; throws `NotFoundError`. */
  get(id: number): Promise<OutboxEntry>;
  /** Number of rows per status (statuses without rows are 0). */
  countByStatus(): Promise<Record<OutboxStatus, number>>;
  /** Puts a `failed` or `dead` message back in the queue, due now, with its attempts reset. Throws `NotFoundError`, or `ConflictError` in other states. */
  requeue(id: number): Promise<OutboxSummary>;
}
/** Inversify token for {@link OutboxService}. */
export const OutboxService = Symbol('OutboxService');

const summaryColumns = {
  id: mailOutbox.id,
  to: mailOutbox.to,
  cc: mailOutbox.cc,
  subject: mailOutbox.subject,
  kind: mailOutbox.kind,
  entity: mailOutbox.entity,
  recordId: mailOutbox.recordId,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  lastError: mailOutbox.lastError,
  transport: mailOutbox.transport,
  messageId: mailOutbox.messageId,
  createdAt: mailOutbox.createdAt,
  sentAt: mailOutbox.sentAt,
};

type SummaryRow = Omit<OutboxRow, 'text' | 'html' | 'claimToken'>;

function toSummary(row: SummaryRow): OutboxSummary {
  const { entity, recordId, ...rest } = row;
  return { ...rest, related: entity && recordId ? { entity, recordId } : null };
}

/** `%`, `_` and `\` taken literally in ILIKE patterns. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@injectable()
export class OutboxServiceImpl implements OutboxService {
  constructor(@inject(Database) private readonly db: Database) {}

  async list(query: OutboxListQuery = {}): Promise<OutboxPage> {
    const parsed = listQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    }
    const f = parsed.data;
    const t = mailOutbox;
    const where: SQL[] = [];
    if (f.status !== undefined) where.push(inArray(t.status, Array.isArray(f.status) ? f.status : [f.status]));
    if (f.to) {
      const to = f.to.toLowerCase();
      where.push(sql`exists (select 1 from unnest(${t.to} || ${t.cc}) as r(address) where lower(r.address) = ${to})`);
    }
    if (f.q) {
      for (const word of f.q.split(/\s+/).filter(Boolean)) {
        const pattern = `%${likeLiteral(word)}%`;
        where.push(or(ilike(t.subject, pattern), sql`array_to_string(${t.to} || ${t.cc}, ' ') ilike ${pattern}`)!);
      }
    }
    if (f.entity) where.push(eq(t.entity, f.entity));
    if (f.recordId !== undefined) where.push(eq(t.recordId, f.recordId));
    if (f.before !== undefined) where.push(lt(t.id, f.before));

    const rows = await this.db
      .select(summaryColumns)
      .from(t)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(t.id))
      .limit(f.limit + 1);
    const more = rows.length > f.limit;
    const items = rows.slice(0, f.limit).map(toSummary);
    const last = items[items.length - 1];
    return more && last ? { items, nextBefore: last.id } : { items };
  }

  async get(id: number): Promise<OutboxEntry> {
    const [row] = await this.db
      .select({ ...summaryColumns, text: mailOutbox.text, html: mailOutbox.html })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, id))
      .limit(1);
    if (!row) throw new NotFoundError(`No outbox message ${id}`);
    const { text, html, ...summary } = row;
    return { ...toSummary(summary), text, html };
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .select({ status: mailOutbox.status, count: sql<number>`count(*)::int` })
      .from(mailOutbox)
      .groupBy(mailOutbox.status);
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async requeue(id: number): Promise<OutboxSummary> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(mailOutbox)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: sql`now()`, claimToken: null })
        .where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['failed', 'dead'])))
        .returning(summaryColumns);
      if (!row) {
        const [exists] = await tx.select({ status: mailOutbox.status }).from(mailOutbox).where(eq(mailOutbox.id, id));
        if (!exists) throw new NotFoundError(`No outbox message ${id}`);
        throw new ConflictError(`Only failed or dead messages can be requeued (message ${id} is ${exists.status})`);
      }
      await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
      return toSummary(row);
    });
  }
}
