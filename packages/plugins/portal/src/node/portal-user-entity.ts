import { sql } from 'drizzle-orm';
import type { EntityDefinition } from '@portico/entities';
import { PORTAL_USER_ENTITY } from '../common/index';
import { portalUsers } from './portal-schema';

/** Failed sign-ins that lock an account (issue: configurable; the portal runtime reads the same value). */
export const DEFAULT_LOCK_THRESHOLD = 10;

const t = portalUsers;

/**
 * The Portal User entity as staff see it in Security › IAM User Management › Portal Users.
 * Status is derived: disabled (online access disabled) › locked › active (has a password) ›
 * link expired (the invitation ran out or was revoked) › invited.
 */
export function portalUserEntity(lockThreshold = DEFAULT_LOCK_THRESHOLD): Omit<EntityDefinition, 'hooks'> {
  return {
    logicalName: PORTAL_USER_ENTITY,
    displayName: 'Portal User',
    pluralName: 'Portal Users',
    listName: 'All Portal Users',
    primaryField: 'emailAddress',
    table: portalUsers,
    idColumn: t.id,
    versionColumn: t.version,
    columns: {
      emailAddress: t.email,
      userName: t.userName,
      displayName: t.displayName,
      onlineAccessDisabled: t.onlineAccessDisabled,
      mustChangePassword: t.mustChangePassword,
      authFailureCount: t.authFailureCount,
      lastSignInAt: t.lastSignInAt,
      createdByName: t.createdByName,
      createdAt: t.createdAt,
      createdById: t.createdById, // system column: set by beforeCreate, not a field
    },
    computed: {
      status: sql<string>`case when ${t.onlineAccessDisabled} then 'disabled' when ${t.lockedAt} is not null or ${t.authFailureCount} >= ${sql.raw(String(Math.trunc(lockThreshold)))} then 'locked' when ${t.passwordHash} is not null then 'active' when ${t.invitationExpiresAt} is null and ${t.invitedAt} is not null then 'link-expired' when ${t.invitationExpiresAt} < now() then 'link-expired' else 'invited' end`,
      emailVerified: sql<boolean>`(${t.emailVerifiedAt} is not null)`,
    },
    fields: [
      { name: 'emailAddress', label: 'E-mail Address', type: 'email', required: true, sortable: true, filterable: true, help: 'The sign-in name unless a user name is set.' },
      { name: 'userName', label: 'User Name', type: 'text', maxLength: 100, sortable: true, filterable: true, help: 'Optional. For accounts created in bulk, who activate by user name.' },
      { name: 'displayName', label: 'Display Name', type: 'text', maxLength: 200, sortable: true },
      { name: 'onlineAccessDisabled', label: 'Online Access Disabled', type: 'yesno', defaultValue: false, filterable: true, help: 'Yes stops this user from signing in to every portal.' },
      { name: 'mustChangePassword', label: 'Must Change Password at Next Login', type: 'yesno', defaultValue: false },
      {
        name: 'status', label: 'Status', type: 'choice', readOnly: true, filterable: true, sortable: true,
        choices: [
          { value: 'invited', label: 'Invited' }, { value: 'link-expired', label: 'Link expired' }, { value: 'active', label: 'Active' },
          { value: 'locked', label: 'Locked' }, { value: 'disabled', label: 'Disabled' },
        ],
      },
      { name: 'emailVerified', label: 'E-mail Verified', type: 'yesno', readOnly: true },
      { name: 'authFailureCount', label: 'Authentication Failure Count', type: 'number', readOnly: true },
      { name: 'lastSignInAt', label: 'Last Sign-in', type: 'datetime', readOnly: true, sortable: true },
      { name: 'createdByName', label: 'Created By', type: 'text', readOnly: true },
      { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
    ],
    sections: [
      { id: 'portal-user', group: 'This Record', label: 'Portal User', fields: ['emailAddress', 'userName', 'displayName', 'onlineAccessDisabled', 'mustChangePassword'] },
      { id: 'sign-in', group: 'This Record', label: 'Sign-in', fields: ['status', 'emailVerified', 'authFailureCount', 'lastSignInAt'] },
      { id: 'system', group: 'This Record', label: 'System', fields: ['createdByName', 'createdAt'] },
    ],
    listColumns: ['emailAddress', 'displayName', 'userName', 'status', 'lastSignInAt', 'createdAt'],
    defaultSort: { field: 'createdAt', direction: 'desc' },
    keywordFields: ['emailAddress', 'displayName', 'userName'],
    keywordColumn: t.searchText,
    allowDelete: false,
  };
}
