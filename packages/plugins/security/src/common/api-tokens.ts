import { z } from 'zod';
import { entityPrivilege } from '@portico/access/common';

/** Privileges of Security › IAM User Management › API Tokens. */
export const ApiTokenPrivileges = {
  read: entityPrivilege('security_apitoken', 'read'),
  create: entityPrivilege('security_apitoken', 'create'),
  delete: entityPrivilege('security_apitoken', 'delete'),
} as const;

export const API_TOKEN_ENTITY = 'security_apitoken';

export const ApiTokenCreate = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  /** The staff user the token acts as (default: the signed-in user). */
  staffUserId: z.uuid({ message: 'is not a staff user id' }).optional(),
  /** Only these privileges (each must be held by the user); absent or empty: all of the user's. */
  privileges: z.array(z.string().min(1).max(200)).max(100).optional(),
  expiresAt: z.coerce.date({ message: 'is not a date' }).refine((d) => d.getTime() > Date.now(), 'must be in the future').optional(),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  staffUserId: string;
  staffUserName: string;
  privileges: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** active | expired | revoked */
  status: 'active' | 'expired' | 'revoked';
}

/** What creating a token returns: the only time the secret is ever shown. */
export interface ApiTokenCreated {
  token: ApiTokenView;
  secret: string;
}
