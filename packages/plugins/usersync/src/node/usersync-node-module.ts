import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { HostEnv, JobContribution, MigrationContribution } from '@portico/core';
import { loadUserSyncConfig, userSyncJob, type UserSyncConfig } from './usersync-job';
import { UserSyncOptions, UserSyncProcessor } from './usersync-processor';

const UserSyncConfigToken = Symbol('UserSyncConfig');

export const USERSYNC_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'usersync', migrationsFolder: USERSYNC_MIGRATIONS_FOLDER });
  bind<UserSyncConfig>(UserSyncConfigToken)
    .toDynamicValue((ctx) => loadUserSyncConfig(ctx.get<Record<string, string | undefined>>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind<UserSyncOptions>(UserSyncOptions).toDynamicValue((ctx) => ({ batchSize: ctx.get<UserSyncConfig>(UserSyncConfigToken).batchSize })).inSingletonScope();
  bind(UserSyncProcessor).toSelf().inSingletonScope();
  bind<JobContribution>(JobContribution)
    .toDynamicValue((ctx) => userSyncJob(ctx.get(UserSyncProcessor), ctx.get<UserSyncConfig>(UserSyncConfigToken)))
    .inSingletonScope();
});
