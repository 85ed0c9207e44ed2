import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { MigrationContribution, bindContributionProvider } from '@portico/core';
import { AuditTrail, AuditTrailToken } from './audit-trail';
import { BearerPrincipalResolver } from './bearer-auth';
import { PrincipalResolver } from './principal-resolver';
import { PrivilegeContribution } from './privilege-catalog';
import { RowAccessResolver, RowRule } from './row-rule';
import { ContributionProvider } from '@portico/core';

/** Host module: the audit trail (with its migration) and the points for principals, row rules and the privilege catalog. */
export function accessModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(MigrationContribution).toConstantValue({
      pluginId: 'audit',
      migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)),
    });
    bind(AuditTrailToken).toConstantValue(new AuditTrail());
    bindContributionProvider(bind, PrincipalResolver);
    bindContributionProvider(bind, BearerPrincipalResolver);
    bindContributionProvider(bind, RowRule);
    bindContributionProvider(bind, PrivilegeContribution);
    bind(RowAccessResolver.token)
      .toDynamicValue((ctx) => new RowAccessResolver(ctx.get<ContributionProvider<RowRule>>(ContributionProvider.for(RowRule)).getContributions()))
      .inSingletonScope();
  });
}
