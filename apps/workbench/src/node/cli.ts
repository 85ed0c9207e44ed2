import { Command, CommanderError } from 'commander';
import { ConfigError, MigrationContribution, PluginError, createLogger } from '@portico/core';
import { migrateAll, migrationStatus } from '@portico/db';
import { loadHostConfig } from './config';
import { installShutdownHandlers } from './shutdown';
import { Workbench } from './workbench';

const program = new Command()
  .name('portico')
  .description('Portico: the workbench and portals for licensing and regulatory bodies.\nSettings come from environment variables (see .env.example).')
  .showHelpAfterError('(run `portico --help` for usage)')
  .exitOverride();

program
  .command('start')
  .description('apply pending migrations and start the workbench (embedded database unless DATABASE_URL is set)')
  .action(async () => {
    const config = loadHostConfig();
    const logger = createLogger({ level: config.logLevel });
    const workbench = await Workbench.create({ config, logger });
    installShutdownHandlers(() => workbench.stop(), logger);
    const url = await workbench.listen();
    logger.info({ url, database: workbench.db.describe(), plugins: workbench.kernel.plugins.map((p) => p.id) }, 'Portico is running');
    process.stdout.write(`\n  Portico workbench: ${url}\n  Database: ${workbench.db.describe()}\n\n`);
  });

program
  .command('migrate')
  .description('apply every enabled plugin\'s pending migrations, in dependency order, and exit')
  .option('--status', 'only show applied / total migrations per plugin')
  .action(async (options: { status?: boolean }) => {
    const config = loadHostConfig();
    const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const workbench = await Workbench.create({ config, logger, migrate: false });
    try {
      const migrations = workbench.kernel.contributions<MigrationContribution>(MigrationContribution);
      if (!options.status) await migrateAll(workbench.db, migrations);
      for (const s of await migrationStatus(workbench.db, migrations)) {
        process.stdout.write(`${s.pluginId.padEnd(24)} ${s.applied}/${s.total} applied\n`);
      }
    } finally {
      await workbench.stop();
    }
  });

program
  .command('plugins')
  .description('list the enabled plugins in load order')
  .action(() => {
    const config = loadHostConfig();
    for (const plugin of Workbench.describePlugins(config)) {
      const deps = plugin.dependsOn.length ? `  (after ${plugin.dependsOn.join(', ')})` : '';
      process.stdout.write(`${plugin.id.padEnd(20)} ${plugin.packageName}${deps}\n`);
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError || error instanceof PluginError) {
    process.stderr.write(`portico: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`portico: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
