import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every state an outbox row can be in. */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The transactional outbox: one row per e-mail, written in the same transaction as the state
 * change it announces, sent afterwards by the `mail.dispatch` job.
 *
 * `next_attempt_at` is when the row is next due: the (re)send time while `queued`/`failed`,
 * the lease expiry while `sending` (a crashed node's rows become due again when it passes).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    to: text('to').array().notNull(),
    cc: text('cc').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** What kind of e-mail this is, usually the template's name (`portal.invitation`). */
    kind: text('kind'),
    /** Logical name of the entity the e-mail is about (`tc_portaluser`), for showing it on the record. */
    entity: text('entity'),
    recordId: text('record_id'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** Random token of the dispatcher batch holding the lease; only its holder may settle the row. */
    claimToken: text('claim_token'),
    lastError: text('last_error'),
    /** `smtp` or `outbox` (the embedded outbox): where the message went. */
    transport: text('transport'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('mail_outbox_status_check', sql`${t.status} in ('queued', 'sending', 'sent', 'failed', 'dead')`),
    check('mail_outbox_to_not_empty', sql`cardinality(${t.to}) > 0`),
    // The dispatcher's claim query: due rows in the states it picks up.
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'failed', 'sending')`),
    index('mail_outbox_status_idx').on(t.status, t.id),
    index('mail_outbox_record_idx').on(t.entity, t.recordId),
  ],
);

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type NewOutboxRow = typeof mailOutbox.$inferInsert;
