import { z } from 'zod';
import { entityPrivilege, modulePrivilege } from '@portico/access/common';

/** Privileges of the Security module (shared so the UI can hide what the server refuses). */
export const SecurityPrivileges = {
  module: modulePrivilege('security'),
  staffRead: entityPrivilege('security_staffuser', 'read'),
  staffWrite: entityPrivilege('security_staffuser', 'write'),
  staffCreate: entityPrivilege('security_staffuser', 'create'),
  groupRead: entityPrivilege('security_group', 'read'),
  groupWrite: entityPrivilege('security_group', 'write'),
  groupCreate: entityPrivilege('security_group', 'create'),
  groupDelete: entityPrivilege('security_group', 'delete'),
  auditRead: entityPrivilege('audit_log', 'read'),
} as const;

const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'is not a valid e-mail address' }));
const name = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');

export const SignInInput = z.object({ email: z.string().trim().max(254), password: z.string().max(1024) });
export const SetupInput = z.object({ token: z.string().min(1), name, email, password: z.string() });
export const StaffUserCreate = z.object({ name, email, password: z.string().optional(), disabled: z.boolean().default(false), groupIds: z.array(z.uuid()).default([]) });
export const StaffUserUpdate = z.object({
  version: z.number().int(),
  name: name.optional(),
  email: email.optional(),
  disabled: z.boolean().optional(),
  groupIds: z.array(z.uuid()).optional(),
  password: z.string().optional(),
});
export const GrantInput = z.object({
  privilege: z.string().regex(/^(module\.[a-z0-9_-]+|entity\.[a-z0-9_]+\.(read|write|create|delete))$/, 'is not a privilege name'),
  scope: z.union([z.literal('all'), z.object({ rule: z.string().min(1), params: z.unknown().optional() })]).default('all'),
});
export const GroupCreate = z.object({ name, description: z.string().max(2000).default(''), grants: z.array(GrantInput).default([]) });
export const GroupUpdate = z.object({ version: z.number().int(), name: name.optional(), description: z.string().max(2000).optional(), grants: z.array(GrantInput).optional() });

export interface StaffUserView {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  lastSignInAt: string | null;
  failedSignIns: number;
  hasPassword: boolean;
  groupIds: string[];
  createdAt: string;
  version: number;
}

export interface GroupView {
  id: string;
  name: string;
  description: string;
  builtin: string | null;
  grants: Array<z.infer<typeof GrantInput>>;
  memberCount: number;
  version: number;
}
export * from './api-tokens';
