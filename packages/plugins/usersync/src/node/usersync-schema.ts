import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * `TheUserSync`: other systems insert, update and delete rows here with plain SQL
 * (`INSERT INTO TheUserSync (Email, QueryNo, …)` — unquoted identifiers fold to lower case, so
 * the table and its contract columns are lower-case on purpose). The `usersync.process` job
 * turns each row into a portal user with a search assignment (docs/usersync.md).
 *
 * SyncState: 0 synced (or written as 0: left alone), 1 pending add/change, 2 pending delete,
 * 3 add/change failed, 4 delete failed (`error` says why; set 3 → 1 or 4 → 2 to retry).
 */
export const theUserSync = pgTable(
  'theusersync',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    queryNo: integer('queryno'),
    userName: text('username'),
    /** 4 = portal user; other values are ignored (marked with `error` 'ignored: UserType n'). */
    userType: integer('usertype').notNull().default(4),
    /** Cleartext from the external system; nulled by the processor in the statement that settles the row. */
    userPwd: text('userpwd'),
    /** 1 = must change at next sign-in (only with a UserPwd). */
    oneTimePwd: integer('onetimepwd').notNull().default(0),
    conditionXml: text('conditionxml'),
    /** An upload permission for this category (instead of, or as well as, QueryNo). */
    ctgryNo: integer('ctgryno'),
    /** Pre-filled values of that upload permission: JSON `[{"FieldNo":1020,"Value":"C42","Mode":"readonly"}]` (Mode default readonly). */
    indexData: text('indexdata'),
    syncState: integer('syncstate').notNull().default(1),
    /** Why the row is in state 3 or 4, or 'ignored: UserType n'. */
    error: text('error'),
    /** argon2id hash of a UserPwd whose row failed, so a retry (3 → 1) keeps the password without keeping the cleartext. */
    pwdHash: text('pwd_hash'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('theusersync_syncstate_check', sql`${t.syncState} in (0, 1, 2, 3, 4)`),
    check('theusersync_onetimepwd_check', sql`${t.oneTimePwd} in (0, 1)`),
    index('theusersync_pending_idx').on(t.id).where(sql`${t.syncState} in (1, 2)`),
    index('theusersync_email_idx').on(sql`lower(${t.email})`),
  ],
);
export type UserSyncRow = typeof theUserSync.$inferSelect;

/** NOTIFY channel of the trigger on `theusersync` (custom migration 0001). */
export const USERSYNC_CHANNEL = 'theusersync';
