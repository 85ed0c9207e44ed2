import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Permit records (entity `tc_permit`). Change it, then `pnpm db:generate`. */
export const permits = pgTable(
  'permits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    holderEmail: text('holder_email').notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('permits_holder_email_idx').on(t.holderEmail)],
);
