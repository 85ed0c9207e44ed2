import { entityPrivilege } from '@portico/access/common';

/** Logical name of the Permit entity: records API `/api/entities/tc_permit/records`. */
export const PERMITS_ENTITY = 'tc_permit';

export const PermitsPrivileges = {
  read: entityPrivilege(PERMITS_ENTITY, 'read'),
  write: entityPrivilege(PERMITS_ENTITY, 'write'),
} as const;

/** Only holders of an approved permit may sign in to the Permits Portal. */
export const PERMITS_STATUSES = [
  { value: 'pending', label: 'Pending' },
  { value: 'approved', label: 'Approved' },
  { value: 'revoked', label: 'Revoked' },
];
