import { z } from 'zod';
import { entityPrivilege } from '@portico/access/common';

export const PORTAL_USER_ENTITY = 'tc_portaluser';

export const PortalPrivileges = {
  read: entityPrivilege(PORTAL_USER_ENTITY, 'read'),
  write: entityPrivilege(PORTAL_USER_ENTITY, 'write'),
  create: entityPrivilege(PORTAL_USER_ENTITY, 'create'),
} as const;

/** Derived account status shown in the record list. */
export type PortalUserStatus = 'invited' | 'active' | 'locked' | 'disabled';

/** Body of the bulk record actions. */
export const BulkAction = z.object({ ids: z.array(z.uuid()).min(1, 'select at least one record').max(500, 'at most 500 records at once') });

export interface RecordActionResult {
  id: string;
  email: string;
  /** Id of the message written to the outbox. */
  messageId: number;
}
