import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Portal accounts (entity `tc_portaluser`). Separate from staff accounts: a portal user can
 * never sign in to the workbench and a staff user never to a portal.
 */
export const portalUsers = pgTable(
  'portal_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    userName: text('user_name'),
    displayName: text('display_name'),
    onlineAccessDisabled: boolean('online_access_disabled').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordHash: text('password_hash'),
    authFailureCount: integer('auth_failure_count').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    /** When the latest invitation link stops working (null: none outstanding, or revoked). */
    invitationExpiresAt: timestamp('invitation_expires_at', { withTimezone: true }),
    createdById: text('created_by_id'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    /**
     * What "Narrow results by keyword" searches: the e-mail address, display name and user name,
     * lower-cased, in one column with one trigram index. One `LIKE` per row instead of three
     * `ILIKE`s (a walk in list order checks ~3× more rows per millisecond), and one index scan
     * instead of three OR-ed ones. A keyword word has no whitespace, so it never spans two fields.
     */
    searchText: text('search_text').generatedAlwaysAs(sql`lower(email || ' ' || coalesce(display_name, '') || ' ' || coalesce(user_name, ''))`),
  },
  (t) => [
    uniqueIndex('portal_users_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('portal_users_user_name_key').on(sql`lower(${t.userName})`),
    // "Narrow results by keyword" is LIKE '%term%' on search_text: a trigram index keeps it fast at millions of rows.
    index('portal_users_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('portal_users_created_at_idx').on(t.createdAt, t.id),
    index('portal_users_email_sort_idx').on(t.email, t.id),
  ],
);
export type PortalUserRow = typeof portalUsers.$inferSelect;
