import { z } from 'zod';
import { entityPrivilege } from '@portico/access/common';

/** Privileges of the Sync queue (Security › IAM User Management › Sync Queue). */
export const UserSyncPrivileges = {
  read: entityPrivilege('usersync_row', 'read'),
  write: entityPrivilege('usersync_row', 'write'),
  /** SavePortalUser needs both (manage portal users). */
  portalUserCreate: entityPrivilege('tc_portaluser', 'create'),
  portalUserWrite: entityPrivilege('tc_portaluser', 'write'),
} as const;
export const USERSYNC_ROW_ENTITY = 'usersync_row';

/** SyncState by number. */
export const SYNC_STATES = { 0: 'synced', 1: 'pending', 2: 'delete-pending', 3: 'failed', 4: 'delete-failed' } as const;
export type SyncStateName = (typeof SYNC_STATES)[keyof typeof SYNC_STATES] | 'deleted';
export const SYNC_STATE_LABELS: Record<number, string> = { 0: 'Synced', 1: 'Pending', 2: 'Delete pending', 3: 'Failed', 4: 'Delete failed' };

const no = z.union([z.number().int().positive().max(999_999_999), z.string().trim().regex(/^\d{1,9}$/, 'must be a whole number')]).transform(Number);
const fieldRef = z.union([z.number().int().positive().max(999_999_999), z.string().trim().min(1, 'is required').max(200)]);

/** The body of `POST /api/portal/save-portal-user`. */
export const SavePortalUserBody = z.object({
  PortalUser: z.object({
    Email: z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email({ message: 'is not a valid e-mail address' })),
    UserName: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
    UserPwd: z.string().min(1, 'must not be empty (leave it out for activation by user name)').max(1024).nullish(),
    OneTimePwd: z.union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1'])]).optional(),
    QueryNo: no.nullish(),
    Conditions: z.array(z.object({ FieldNoOrName: fieldRef, Condition: z.string().max(1000, 'must be at most 1000 characters') })).max(100).default([]),
    CtgryNo: no.nullish(),
    IndexDataItems: z.array(z.object({ FieldNoOrName: fieldRef, Value: z.union([z.string().max(1000), z.number()]).transform(String), Mode: z.enum(['readonly', 'write']).default('readonly') })).max(200).default([]),
    Delete: z.boolean().optional(),
  }, { error: 'is required' }).superRefine((u, ctx) => {
    if (u.QueryNo == null && u.CtgryNo == null) ctx.addIssue({ code: 'custom', path: ['QueryNo'], message: 'QueryNo (a search) or CtgryNo (an upload permission) is required' });
    if (u.Conditions.length && u.QueryNo == null) ctx.addIssue({ code: 'custom', path: ['Conditions'], message: 'Conditions need a QueryNo' });
    if (u.IndexDataItems.length && u.CtgryNo == null) ctx.addIssue({ code: 'custom', path: ['IndexDataItems'], message: 'IndexDataItems need a CtgryNo' });
  }),
});
export type SavePortalUserBody = z.infer<typeof SavePortalUserBody>;

export const RowStatesQuery = z.object({
  ids: z.string().regex(/^\d{1,10}(,\d{1,10}){0,999}$/, 'must be row ids separated by commas (at most 1000)').transform((s) => [...new Set(s.split(',').map(Number))]),
});

export interface SyncRowState {
  id: number;
  syncState: number | null;
  state: SyncStateName;
  error: string | null;
  processedAt: string | null;
}

/** A row of the Sync queue screen (never the password). */
export interface SyncQueueRow {
  id: number;
  email: string;
  userName: string | null;
  queryNo: number | null;
  ctgryNo: number | null;
  userType: number;
  syncState: number;
  error: string | null;
  hasPassword: boolean;
  processedAt: string | null;
  createdAt: string;
}

export const SyncQueueQuery = z.object({
  state: z.coerce.number().int().min(0).max(4).optional(),
  q: z.string().trim().max(200).optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const RetryInput = z.object({ ids: z.array(z.number().int().positive()).min(1, 'select at least one row').max(10_000) });
