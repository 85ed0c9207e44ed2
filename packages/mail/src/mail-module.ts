import { JobContribution, LifecycleContribution, Logger, MigrationContribution } from '@portico/core';
import { ContainerModule } from 'inversify';
import { fileURLToPath } from 'node:url';
import { MailConfig, parseMailConfig } from './mail-config';
import { MailDispatcher, MailDispatcherOptions } from './mail-dispatcher';
import { Outbox, OutboxImpl } from './outbox';
import { OutboxService, OutboxServiceImpl } from './outbox-service';
import { createMailTransport, MailTransport } from './transports';

/** The mail package's drizzle-kit migrations folder (its journal: `portico_migrations.mail`). */
export const MAIL_MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** The MigrationContribution of the mail package, for `createTestDatabase({ migrations: [mailMigrations] })`. */
export const mailMigrations: MigrationContribution = { pluginId: 'mail', migrationsFolder: MAIL_MIGRATIONS_FOLDER };

export interface MailModuleOptions {
  /** Where the configuration is read from (default `process.env`); see README for the variables. */
  env?: NodeJS.ProcessEnv;
  /** Overrides applied after the environment is parsed. */
  config?: Partial<MailConfig>;
  /** A transport to use instead of the one chosen from the configuration (tests, other providers). */
  transport?: MailTransport;
  /** Dispatcher tuning beyond the configuration (retry delays, interval). */
  dispatcher?: Partial<MailDispatcherOptions>;
}

/**
 * Binds `Outbox`, `OutboxService`, `MailTransport`, the `mail.dispatch` JobContribution, the
 * mail MigrationContribution and a LifecycleContribution that logs the transport at start and
 * closes it at stop. Needs `Database` (packages/db) bound; uses core's `Logger` when bound.
 * The configuration is read when the module loads: a bad variable fails the start with a
 * `ConfigError` naming it.
 */
export function mailModule(options: MailModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const config: MailConfig = { ...parseMailConfig(options.env), ...options.config };
    bind<MailConfig>(MailConfig).toConstantValue(config);
    bind<Outbox>(Outbox).to(OutboxImpl).inSingletonScope();
    bind<OutboxService>(OutboxService).to(OutboxServiceImpl).inSingletonScope();
    if (options.transport) {
      bind<MailTransport>(MailTransport).toConstantValue(options.transport);
    } else {
      bind<MailTransport>(MailTransport)
        .toDynamicValue((ctx) => createMailTransport(config, ctx.get<Logger>(Logger, { optional: true })))
        .inSingletonScope();
    }
    bind<MailDispatcherOptions>(MailDispatcherOptions).toConstantValue({
      from: config.from,
      batchSize: config.batchSize,
      sendConcurrency: config.sendConcurrency,
      maxAttempts: config.maxAttempts,
      leaseMs: config.leaseMs,
      ...options.dispatcher,
    });
    bind(MailDispatcher).toSelf().inSingletonScope();
    bind<JobContribution>(JobContribution).toService(MailDispatcher);
    bind<MigrationContribution>(MigrationContribution).toConstantValue(mailMigrations);
    bind<LifecycleContribution>(LifecycleContribution).toDynamicValue((ctx) => {
      const transport = ctx.get<MailTransport>(MailTransport);
      const logger = ctx.get<Logger>(Logger, { optional: true });
      return {
        onStart: () => logger?.info({ from: config.from }, `mail: sending through ${transport.describe()}`),
        onStop: () => transport.close(),
      } satisfies LifecycleContribution;
    }).inSingletonScope();
  });
}
