import { ValidationError, type FieldError } from '@portico/core';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { injectable } from 'inversify';
import { z } from 'zod';
import { mailOutbox } from './schema';

/** The NOTIFY channel the dispatcher listens on. */
export const OUTBOX_CHANNEL = 'mail_outbox';

/**
 * Anything that runs drizzle queries on PostgreSQL: the `Database`, a transaction from
 * `db.transaction(...)`, or a plugin's own schema-typed drizzle instance.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DbExecutor = PgDatabase<PgQueryResultHKT, any, any>;

const address = z.email({ error: 'Invalid e-mail address' }).max(320);
const singleLine = (field: string) =>
  z.string().refine((s) => !/[\r\n]/.test(s), { error: `${field} must be a single line` });

/** What {@link Outbox.enqueue} accepts; checked by {@link outboxMessageSchema}. */
export interface OutboxMessage {
  /** One address or several (plain addresses, `name@example.org`). */
  to: string | readonly string[];
  cc?: string | readonly string[];
  subject: string;
  /** The plain-text body (always sent; the HTML part is optional). */
  text: string;
  html?: string;
  /** What kind of e-mail this is, e.g. the template name `portal.invitation`. */
  kind?: string;
  /** The record the e-mail is about, so it can be listed on that record. */
  related?: { entity: string; recordId: string | number };
}

const addresses = z
  .union([address, z.array(address)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** zod schema of an {@link OutboxMessage}; the output has `to`/`cc` as arrays. */
export const outboxMessageSchema = z.object({
  to: addresses.refine((a) => a.length > 0, { error: 'At least one recipient is required' }),
  cc: addresses.optional(),
  subject: singleLine('Subject')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, { error: 'Subject must not be empty' }).max(998)),
  text: z.string().min(1, { error: 'Text body must not be empty' }),
  html: z.string().min(1).optional(),
  kind: z.string().min(1).max(200).optional(),
  related: z
    .object({
      entity: z.string().min(1).max(200),
      recordId: z.union([z.string().min(1).max(200), z.number().int()]).transform(String),
    })
    .optional(),
});

/** A validated, normalised message. */
export type ValidOutboxMessage = z.output<typeof outboxMessageSchema>;

/** Checks a message; throws core's `ValidationError` with one entry per offending field (`to.1`). */
export function parseOutboxMessage(message: OutboxMessage): ValidOutboxMessage {
  const result = outboxMessageSchema.safeParse(message);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ValidationError(fields);
}

/**
 * Writes e-mails into the outbox. Pass the transaction that makes the state change the e-mail
 * announces: both commit together, or neither does.
 *
 * ```ts
 * await db.transaction(async (tx) => {
 *   const [user] = await tx.insert(portalUsers).values(input).returning();
 *   await outbox.enqueue(tx, { to: user.email, subject: 'Welcome', text, related: { entity: 'tc_portaluser', recordId: user.id } });
 * });
 * ```
 */
export interface Outbox {
  /**
   * Validates the message (throws `ValidationError`), inserts it as `queued`, and issues
   * `pg_notify('mail_outbox', '')` on the same executor, so the dispatcher wakes on commit.
   */
  enqueue(tx: DbExecutor, message: OutboxMessage): Promise<{ id: number }>;
}
/** Inversify token for {@link Outbox}. */
export const Outbox = Symbol('Outbox');

@injectable()
export class OutboxImpl implements Outbox {
  async enqueue(tx: DbExecutor, message: OutboxMessage): Promise<{ id: number }> {
    const valid = parseOutboxMessage(message);
    const [row] = await tx
      .insert(mailOutbox)
      .values({
        to: valid.to,
        cc: valid.cc ?? [],
        subject: valid.subject,
        text: valid.text,
        html: valid.html ?? null,
        kind: valid.kind ?? null,
        entity: valid.related?.entity ?? null,
        recordId: valid.related?.recordId ?? null,
      })
      .returning({ id: mailOutbox.id });
    // Delivered to listeners when (and only if) the surrounding transaction commits.
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
    return { id: row!.id };
  }
}
