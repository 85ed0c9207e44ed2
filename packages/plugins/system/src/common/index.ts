import { entityPrivilege, modulePrivilege } from '@portico/access/common';

export const SystemPrivileges = {
  module: modulePrivilege('system'),
  outboxRead: entityPrivilege('mail_outbox', 'read'),
  outboxWrite: entityPrivilege('mail_outbox', 'write'),
} as const;
