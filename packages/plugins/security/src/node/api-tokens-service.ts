import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrail, AuditTrailToken, type BearerPrincipalResolver, type Principal } from '@portico/access';
import { PrivilegeSet, type PrivilegeGrant } from '@portico/access/common';
import { ForbiddenError, NotFoundError, ValidationError } from '@portico/core';
import { Database, isUuid } from '@portico/db';
import { API_TOKEN_ENTITY, type ApiTokenCreate, type ApiTokenCreated, type ApiTokenView } from '../common/api-tokens';
import { apiTokens, type ApiTokenRow } from './api-tokens-schema';
import { GroupDirectory } from './group-directory';
import { staffUsers } from './security-schema';
import type { WriteContext } from './staff-directory';

const SECRET_PREFIX = 'ptk_';
/** last_used_at is written at most once a minute per token (not on every request). */
const LAST_USED_RESOLUTION_MS = 60_000;

/** SHA-256 of the secret, hex. The secret has 256 random bits, so no slow hash is needed. */
export const hashApiToken = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Staff API tokens: create (the secret returned once, only its hash stored), list, revoke, and
 * resolve `Authorization: Bearer` secrets into `api` principals acting as the token's staff user.
 * Creation and revocation are audited (`security_apitoken`); the secret never is.
 */
@injectable()
export class ApiTokenService implements BearerPrincipalResolver {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(GroupDirectory) private readonly groups: GroupDirectory,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
  ) {}

  async create(input: ApiTokenCreate, ctx: WriteContext): Promise<ApiTokenCreated> {
    const staffUserId = input.staffUserId ?? ctx.actor.id;
    if (!staffUserId || !isUuid(staffUserId)) throw new ValidationError([{ path: 'staffUserId', message: 'is required' }]);
    const [user] = await this.db.select({ id: staffUsers.id, disabled: staffUsers.disabled }).from(staffUsers).where(eq(staffUsers.id, staffUserId));
    if (!user) throw new ValidationError([{ path: 'staffUserId', message: 'No such staff user' }]);
    const privileges = input.privileges?.length ? [...new Set(input.privileges)] : null;
    if (privileges) {
      const held = await this.groups.privilegesOf(staffUserId);
      const missing = privileges.filter((p) => !held.has(p));
      if (missing.length) throw new ValidationError([{ path: 'privileges', message: `The staff user does not hold ${missing.join(', ')}` }]);
    }
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apiTokens)
        .values({ staffUserId, name: input.name, prefix: secret.slice(0, 12), tokenHash: hashApiToken(secret), privileges, expiresAt: input.expiresAt ?? null, createdById: isUuid(ctx.actor.id ?? '') ? ctx.actor.id! : null })
        .returning();
      await this.audit.record(tx, { ...ctx, entity: API_TOKEN_ENTITY, recordId: row!.id, action: 'create', before: null, after: auditable(row!) });
      return row!.id;
    });
    return { token: (await this.get(id))!, secret };
  }

  async list(filter: { staffUserId?: string } = {}): Promise<ApiTokenView[]> {
    const rows = await this.db
      .select({ t: apiTokens, userName: staffUsers.name })
      .from(apiTokens)
      .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.staffUserId))
      .where(filter.staffUserId ? eq(apiTokens.staffUserId, filter.staffUserId) : undefined)
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
      .limit(1000);
    return rows.map((r) => view(r.t, r.userName));
  }

  async get(id: string): Promise<ApiTokenView | undefined> {
    if (!isUuid(id)) return undefined;
    const [r] = await this.db.select({ t: apiTokens, userName: staffUsers.name }).from(apiTokens).innerJoin(staffUsers, eq(staffUsers.id, apiTokens.staffUserId)).where(eq(apiTokens.id, id));
    return r ? view(r.t, r.userName) : undefined;
  }

  /** Revokes at once: the next request with the secret gets 401. Revoking twice is a no-op. */
  async revoke(id: string, ctx: WriteContext): Promise<ApiTokenView> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError('No such API token');
    if (!before.revokedAt) {
      await this.db.transaction(async (tx) => {
        const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
        if (row) await this.audit.record(tx, { ...ctx, entity: API_TOKEN_ENTITY, recordId: id, action: 'revoke', before: { revokedAt: null }, after: { revokedAt: row.revokedAt } });
      });
    }
    return (await this.get(id))!;
  }

  /** Only the staff user's own tokens, unless the caller may manage staff users. */
  assertMayManage(token: Pick<ApiTokenView, 'staffUserId'> | { staffUserId?: string }, principal: Principal | undefined, staffWrite: string): void {
    if (!principal) throw new ForbiddenError();
    if (token.staffUserId && token.staffUserId !== principal.id && !principal.privileges.has(staffWrite)) {
      throw new ForbiddenError('Only the staff user themselves or someone who may edit staff users can manage this token');
    }
  }

  async resolveBearer(secret: string): Promise<Principal | undefined> {
    if (!secret.startsWith(SECRET_PREFIX) || secret.length > 200) return undefined;
    const [r] = await this.db
      .select({ id: apiTokens.id, name: apiTokens.name, privileges: apiTokens.privileges, lastUsedAt: apiTokens.lastUsedAt, userId: staffUsers.id, userName: staffUsers.name })
      .from(apiTokens)
      .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.staffUserId))
      .where(and(eq(apiTokens.tokenHash, hashApiToken(secret)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)), eq(staffUsers.disabled, false)));
    if (!r) return undefined;
    if (!r.lastUsedAt || Date.now() - r.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, r.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
    }
    const held = await this.groups.privilegesOf(r.userId);
    const privileges = r.privileges ? narrow(held, r.privileges) : held;
    return { kind: 'api', id: r.userId, displayName: `${r.userName} (API token ${r.name})`, privileges };
  }
}

/** The token's listed privileges, each with the user's own scope for it (dropped if no longer held). */
function narrow(held: PrivilegeSet, only: readonly string[]): PrivilegeSet {
  const grants = only.flatMap((privilege): PrivilegeGrant[] => {
    const scope = held.scopeOf(privilege);
    if (!scope) return [];
    return scope === 'all' ? [{ privilege, scope: 'all' }] : scope.map((s) => ({ privilege, scope: s }));
  });
  return new PrivilegeSet(grants);
}

function auditable(row: ApiTokenRow): Record<string, unknown> {
  return { name: row.name, prefix: row.prefix, staffUserId: row.staffUserId, privileges: row.privileges, expiresAt: row.expiresAt };
}

function view(t: ApiTokenRow, staffUserName: string): ApiTokenView {
  const now = Date.now();
  const status = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active';
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: t.id, name: t.name, prefix: t.prefix, staffUserId: t.staffUserId, staffUserName, privileges: t.privileges ?? null,
    expiresAt: iso(t.expiresAt), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt), createdAt: t.createdAt.toISOString(), status,
  };
}
