import { eq, inArray, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrail, AuditTrailToken, RowAccessResolver, type AuditActor, type Principal } from '@portico/access';
import { TokenService } from '@portico/auth';
import { ForbiddenError, HostInfo, NotFoundError } from '@portico/core';
import { Database, isUuid } from '@portico/db';
import { MailTemplates, Outbox } from '@portico/mail';
import { PORTAL_USER_ENTITY, type RecordActionResult } from '../common/index';
import { invitationMail, resetAccessMail } from './portal-mail';
import { PortalConfig } from './portal-config';
import { portalUsers, type PortalUserRow } from './portal-schema';


export interface ActionContext {
  principal: Principal;
  actor: AuditActor;
  requestId?: string;
}

/**
 * Record actions on portal users. Each is one transaction: the change, its audit row and the
 * e-mail in the outbox commit together (the e-mail is sent after commit by the dispatcher).
 */
@injectable()
export class PortalUserActions {
  private readonly templates = new MailTemplates({ brandName: 'Portico' });

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(Outbox) private readonly outbox: Outbox,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(RowAccessResolver.token) private readonly access: RowAccessResolver,
    @inject(HostInfo) private readonly host: HostInfo,
    @inject(PortalConfig) private readonly config: PortalConfig,
  ) {}

  /** Re-enables online access, clears failures and the lock, and e-mails a password-reset link. */
  async resetAccess(ids: readonly string[], ctx: ActionContext): Promise<RecordActionResult[]> {
    const users = await this.writable(ids, ctx.principal);
    const results: RecordActionResult[] = [];
    for (const user of users) {
      await this.tokens.revokeAll(user.id, 'password-reset');
      const { token } = await this.tokens.issue({ purpose: 'password-reset', subject: user.id, ttlSeconds: this.config.resetMinutes * 60 });
      const messageId = await this.db.transaction(async (tx) => {
        const [after] = await tx
          .update(portalUsers)
          .set({ onlineAccessDisabled: false, authFailureCount: 0, lockedAt: null, updatedAt: new Date(), version: sql`${portalUsers.version} + 1` })
          .where(eq(portalUsers.id, user.id))
          .returning();
        await this.audit.record(tx, {
          actor: ctx.actor, entity: PORTAL_USER_ENTITY, recordId: user.id, action: 'reset-access',
          before: { onlineAccessDisabled: user.onlineAccessDisabled, authFailureCount: user.authFailureCount, lockedAt: user.lockedAt },
          after: { onlineAccessDisabled: after!.onlineAccessDisabled, authFailureCount: after!.authFailureCount, lockedAt: after!.lockedAt },
          ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
        });
        const mail = this.templates.render(resetAccessMail, {
          brand: 'Portico', name: user.displayName ?? user.email, email: user.email, minutes: this.config.resetMinutes,
          url: `${this.host.publicUrl}/portal/set-password?token=${token}`,
        });
        return (await this.outbox.enqueue(tx, { to: user.email, ...mail, related: { entity: PORTAL_USER_ENTITY, recordId: user.id } })).id;
      });
      results.push({ id: user.id, email: user.email, messageId });
    }
    return results;
  }

  /** E-mails an invitation: the sign-in link and a single-use link to set a password. */
  async notify(ids: readonly string[], ctx: ActionContext): Promise<RecordActionResult[]> {
    const users = await this.writable(ids, ctx.principal);
    const results: RecordActionResult[] = [];
    for (const user of users) {
      await this.tokens.revokeAll(user.id, 'invitation');
      const { token, expiresAt } = await this.tokens.issue({ purpose: 'invitation', subject: user.id, ttlSeconds: this.config.invitationHours * 3600 });
      const now = new Date();
      const messageId = await this.db.transaction(async (tx) => {
        await tx.update(portalUsers).set({ invitedAt: now, invitationExpiresAt: expiresAt }).where(eq(portalUsers.id, user.id));
        await this.audit.record(tx, {
          actor: ctx.actor, entity: PORTAL_USER_ENTITY, recordId: user.id, action: 'notify',
          before: { invitedAt: user.invitedAt, invitationExpiresAt: user.invitationExpiresAt }, after: { invitedAt: now, invitationExpiresAt: expiresAt },
          ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
        });
        const mail = this.templates.render(invitationMail, {
          brand: 'Portico', name: user.displayName ?? user.email, email: user.email, hours: this.config.invitationHours,
          // The list of portals (or the only one): an inspector is not sent to the Applicant Portal.
          signInUrl: `${this.host.publicUrl}/portal`,
          url: `${this.host.publicUrl}/portal/set-password?token=${token}`,
        });
        return (await this.outbox.enqueue(tx, { to: user.email, ...mail, related: { entity: PORTAL_USER_ENTITY, recordId: user.id } })).id;
      });
      results.push({ id: user.id, email: user.email, messageId });
    }
    return results;
  }

  /** Makes outstanding invitation links stop working; the status becomes "link expired". */
  async revokeInvitation(ids: readonly string[], ctx: ActionContext): Promise<Array<{ id: string; email: string; revoked: number }>> {
    const users = await this.writable(ids, ctx.principal);
    const results: Array<{ id: string; email: string; revoked: number }> = [];
    for (const user of users) {
      const revoked = await this.tokens.revokeAll(user.id, 'invitation');
      await this.db.transaction(async (tx) => {
        await tx.update(portalUsers).set({ invitationExpiresAt: null }).where(eq(portalUsers.id, user.id));
        await this.audit.record(tx, {
          actor: ctx.actor, entity: PORTAL_USER_ENTITY, recordId: user.id, action: 'revoke-invitation',
          before: { invitationExpiresAt: user.invitationExpiresAt }, after: { invitationExpiresAt: null },
          ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
        });
      });
      results.push({ id: user.id, email: user.email, revoked });
    }
    return results;
  }

  /** The users the principal may change; any id outside their write scope is a 404 for the whole request. */
  private async writable(ids: readonly string[], principal: Principal): Promise<PortalUserRow[]> {
    const scope = this.access.resolve(principal, PORTAL_USER_ENTITY, 'write');
    if (scope.kind === 'none') throw new ForbiddenError('You may not change Portal Users');
    const unique = [...new Set(ids)];
    if (unique.some((id) => !isUuid(id))) throw new NotFoundError('No such portal user');
    const rows = await this.db
      .select()
      .from(portalUsers)
      .where(scope.kind === 'filter' ? sql`${inArray(portalUsers.id, unique)} and ${scope.where}` : inArray(portalUsers.id, unique));
    if (rows.length !== unique.length) throw new NotFoundError('One or more selected portal users do not exist or you may not change them');
    return rows;
  }
}
