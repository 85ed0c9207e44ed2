import { and, ne, sql } from 'drizzle-orm';
import { inject, injectable, optional } from 'inversify';
import type { FieldError } from '@portico/core';
import { Database } from '@portico/db';
import type { EntityContribution, EntityHooks } from '@portico/entities';
import { PortalConfig } from './portal-config';
import { portalUsers } from './portal-schema';
import { portalUserEntity } from './portal-user-entity';

/** Registers `tc_portaluser` with its business rules. */
@injectable()
export class PortalUserContribution implements EntityContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    // The derived status reads the same lock threshold as the portal sign-in (PORTAL_LOCK_THRESHOLD).
    @inject(PortalConfig) @optional() private readonly config?: PortalConfig,
  ) {}

  registerEntities(registry: { register(definition: ReturnType<typeof portalUserEntity> & { hooks?: EntityHooks }): void }): void {
    registry.register({ ...portalUserEntity(this.config?.lockThreshold), hooks: this.hooks() });
  }

  private hooks(): EntityHooks {
    return {
      beforeCreate: (values, ctx) => ({ ...values, createdByName: ctx.actor.name ?? null, createdById: ctx.actor.id ?? null }),
      validate: async (values, _ctx, existing) => {
        const errors: FieldError[] = [];
        const except = existing ? ne(portalUsers.id, existing.id) : undefined;
        if (typeof values.emailAddress === 'string') {
          const [dup] = await this.db.select({ id: portalUsers.id }).from(portalUsers).where(and(sql`lower(${portalUsers.email}) = ${values.emailAddress.toLowerCase()}`, except));
          if (dup) errors.push({ path: 'emailAddress', message: 'is already used by another portal user', link: `/security/portal-users/${dup.id}` });
        }
        if (typeof values.userName === 'string' && values.userName) {
          const [dup] = await this.db.select({ id: portalUsers.id }).from(portalUsers).where(and(sql`lower(${portalUsers.userName}) = ${values.userName.toLowerCase()}`, except));
          if (dup) errors.push({ path: 'userName', message: 'is already used by another portal user', link: `/security/portal-users/${dup.id}` });
        }
        return errors;
      },
    };
  }
}
