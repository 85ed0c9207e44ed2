import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { GrantScope } from '@portico/access/common';

/** Workbench (staff) accounts. Portal accounts live elsewhere: the two never mix. */
export const staffUsers = pgTable(
  'security_staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    disabled: boolean('disabled').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('security_staff_users_email_key').on(sql`lower(${t.email})`)],
);

/** Privilege groups (roles). `builtin = 'system-administrator'` holds every privilege. */
export const groups = pgTable(
  'security_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    builtin: text('builtin'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('security_groups_name_key').on(sql`lower(${t.name})`), uniqueIndex('security_groups_builtin_key').on(t.builtin)],
);

export const groupMembers = pgTable(
  'security_group_members',
  {
    groupId: uuid('group_id').notNull().references(() => groups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('security_group_members_user_idx').on(t.userId)],
);

/** A privilege granted to a group, for all records or for those a row rule selects. */
export const grants = pgTable(
  'security_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id, { onDelete: 'cascade' }),
    privilege: text('privilege').notNull(),
    scope: jsonb('scope').$type<GrantScope>().notNull(),
  },
  (t) => [index('security_grants_group_idx').on(t.groupId)],
);

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type GroupRow = typeof groups.$inferSelect;
