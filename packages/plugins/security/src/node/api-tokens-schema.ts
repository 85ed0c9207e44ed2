import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from './security-schema';

/**
 * Staff API tokens. Only the SHA-256 of the secret is stored (`token_hash`): the secret is 32
 * random bytes, so a fast hash is enough (nothing to brute-force) and a bearer request costs one
 * indexed lookup. `prefix` (the first characters of the secret) tells tokens apart in the list.
 * A token acts as its staff user: with the user's privileges, or only `privileges` when given.
 */
export const apiTokens = pgTable(
  'security_api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** null: all of the user's privileges; else only these (and only while the user holds them). */
    privileges: jsonb('privileges').$type<string[]>(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('security_api_tokens_hash_key').on(t.tokenHash), index('security_api_tokens_user_idx').on(t.staffUserId)],
);
export type ApiTokenRow = typeof apiTokens.$inferSelect;
