import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Tables of packages/auth. Generate migrations after a change with
 * `npx drizzle-kit generate --name <what>` from packages/auth; never edit the generated SQL.
 */

/** One-time tokens: only the SHA-256 of the token given to the user is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    /** Hex SHA-256 of the base64url token string. */
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('auth_tokens_subject_purpose_idx').on(t.subject, t.purpose), index('auth_tokens_expires_at_idx').on(t.expiresAt)],
);

/** express-session sessions, shared by every app node. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    sid: text('sid').primaryKey(),
    sess: jsonb('sess').notNull(),
    /** When the session ends: the earlier of idle expiry (cookie maxAge) and the absolute limit. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Start of the session (the session's `createdAt`), for the absolute timeout. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Extracted from the session data so that all sessions of a user can be ended at once. */
    userKind: text('user_kind'),
    userId: text('user_id'),
  },
  (t) => [
    index('auth_sessions_expires_at_idx').on(t.expiresAt),
    index('auth_sessions_user_idx').on(t.userKind, t.userId).where(sql`${t.userId} is not null`),
  ],
);

/** Failed sign-in counters per key (`acct:staff:<id>`, `acct:email:<email>`, `ip:<ip>`). */
export const authThrottle = pgTable(
  'auth_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [index('auth_throttle_window_start_idx').on(t.windowStart)],
);

export type AuthTokenRow = typeof authTokens.$inferSelect;
export type AuthSessionRow = typeof authSessions.$inferSelect;
export type AuthThrottleRow = typeof authThrottle.$inferSelect;
