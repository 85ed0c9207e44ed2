import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrivilegeContribution } from '@portico/access';
import { HostEnv, JobContribution, MigrationContribution, NavContribution, RouteContribution } from '@portico/core';
import { DatabaseHandle } from '@portico/db';
import { USERSYNC_ROW_ENTITY, UserSyncPrivileges } from '../common/index';
import { loadUserSyncConfig, userSyncJob, type UserSyncConfig } from './usersync-job';
import { UserSyncOptions, UserSyncProcessor } from './usersync-processor';
import { SavePortalUserRoutes, UserSyncRoutes } from './usersync-routes';
import { UserSyncService } from './usersync-service';

const UserSyncConfigToken = Symbol('UserSyncConfig');

export const USERSYNC_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'usersync', migrationsFolder: USERSYNC_MIGRATIONS_FOLDER });
  bind<UserSyncConfig>(UserSyncConfigToken)
    .toDynamicValue((ctx) => loadUserSyncConfig(ctx.get<Record<string, string | undefined>>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind<UserSyncOptions>(UserSyncOptions).toDynamicValue((ctx) => ({ batchSize: ctx.get<UserSyncConfig>(UserSyncConfigToken).batchSize })).inSingletonScope();
  bind(UserSyncProcessor).toSelf().inSingletonScope();
  bind(UserSyncService).toSelf().inSingletonScope();
  bind<JobContribution>(JobContribution)
    .toDynamicValue((ctx) => {
      const config = ctx.get<UserSyncConfig>(UserSyncConfigToken);
      // PGlite is one connection: batches at once would only queue behind each other.
      const pglite = ctx.get<DatabaseHandle>(DatabaseHandle, { optional: true })?.kind === 'pglite';
      return userSyncJob(ctx.get(UserSyncProcessor), { ...config, concurrency: pglite ? 1 : config.concurrency });
    })
    .inSingletonScope();
  bind(RouteContribution).to(SavePortalUserRoutes).inSingletonScope();
  bind(RouteContribution).to(UserSyncRoutes).inSingletonScope();
  bind(PrivilegeContribution).toConstantValue({ registerPrivileges: (r) => r.addEntity(USERSYNC_ROW_ENTITY, 'Sync Queue') } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      // In the security plugin's section (Security › IAM User Management).
      registry.addItem({ id: 'usersync.queue', sectionId: 'security.iam', label: 'Sync Queue', path: '/security/sync-queue', order: 50, privilege: UserSyncPrivileges.read });
    },
  } satisfies NavContribution);
});
