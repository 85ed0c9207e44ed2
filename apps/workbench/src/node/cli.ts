import { Command, CommanderError } from 'commander';
import { ConfigError, MigrationContribution, PluginError, ValidationError, createLogger } from '@portico/core';
import { FirstRunSetup } from '@portico/plugin-security/node';
import { ask, readStdin } from './prompt';

class CliUsageError extends Error {}
import { migrateAll, migrationStatus } from '@portico/db';
import { loadHostConfig } from './config';
import { loadDemoData } from './demo-data';
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
  .command('admin')
  .description('administrator accounts')
  .command('create')
  .description('create a System Administrator (asks when run on a terminal; flags and --password-stdin otherwise)')
  .option('--name <name>', 'full name')
  .option('--email <email>', 'e-mail address (the sign-in name)')
  .option('--password-stdin', 'read the password from standard input')
  .action(async (options: { name?: string; email?: string; passwordStdin?: boolean }) => {
    const interactive = process.stdin.isTTY && !options.passwordStdin;
    const name = options.name ?? (interactive ? await ask('Name: ') : undefined);
    const email = options.email ?? (interactive ? await ask('E-mail address: ') : undefined);
    const password = options.passwordStdin ? await readStdin() : interactive ? await ask('Password (at least 12 characters): ', true) : undefined;
    if (!name || !email || password === undefined) {
      throw new CliUsageError('admin create needs --name, --email and --password-stdin when not run on a terminal');
    }
    const config = loadHostConfig();
    const workbench = await Workbench.create({ config, logger: createLogger({ level: 'warn' }) });
    try {
      const setup = workbench.kernel.container.get(FirstRunSetup);
      const user = await setup.createAdministrator({ name, email, password }, null);
      process.stdout.write(`Created System Administrator ${user.email}\n`);
    } finally {
      await workbench.stop();
    }
  });

program
  .command('demo')
  .description('demonstration data')
  .command('load')
  .description('load a demo set: privilege groups, staff users in them (one generated password, printed once) and portal users; what exists already is skipped')
  .option('--portal-users <n>', 'how many portal users', '200')
  .action(async (options: { portalUsers: string }) => {
    const portalUsers = Number(options.portalUsers);
    if (!/^\d+$/.test(options.portalUsers) || portalUsers > 1_000_000) throw new CliUsageError('--portal-users must be a whole number from 0 to 1000000');
    const config = loadHostConfig();
    const workbench = await Workbench.create({ config, logger: createLogger({ level: 'warn' }) });
    try {
      const r = await loadDemoData(workbench, { portalUsers });
      const line = (s: string) => process.stdout.write(`${s}\n`);
      line(`Groups: ${r.groups.created.length} created${r.groups.created.length ? ` (${r.groups.created.join(', ')})` : ''}, ${r.groups.existing.length} already there`);
      line(`Staff users: ${r.staff.created.length} created, ${r.staff.existing.length} already there`);
      for (const s of r.staff.created) line(`  ${s.email.padEnd(36)} ${s.name} (${s.group})`);
      if (r.password) line(`  Password of the staff users created now (shown only this once): ${r.password}`);
      line(`Portal users: ${r.portalUsers.created} created, ${r.portalUsers.existing} already there`);
    } finally {
      await workbench.stop();
    }
  });

program
  .command('users')
  .description('portal users')
  .command('import')
  .argument('<file>', 'CSV file: Email, UserName, UserPwd, OneTimePwd, QueryNo, CtgryNo, Delete, Condition:<field>…, IndexData:<field>… (docs/usersync.md)')
  .description('import portal users from a CSV file through TheUserSync: validate each line, write the sync rows, process them, report per line')
  .option('--dry-run', 'validate only: write nothing, report would-create / would-update / failed')
  .option('--report <file>', 'write a per-line report (CSV: line, email, username, outcome, reason, row_ids)')
  .action(async (file: string, options: { dryRun?: boolean; report?: string }) => {
    const config = loadHostConfig();
    const workbench = await Workbench.create({ config, logger: createLogger({ level: 'error' }) });
    try {
      const { UserSyncProcessor, UserSyncService, importUsersCsv } = await import('@portico/plugin-usersync/node');
      const container = workbench.kernel.container;
      if (!container.isBound(UserSyncService)) throw new CliUsageError('users import needs the usersync plugin (@portico/plugin-usersync) to be enabled');
      const summary = await importUsersCsv(
        { db: workbench.db.db, service: container.get(UserSyncService), processor: container.get(UserSyncProcessor) },
        file,
        { dryRun: !!options.dryRun, ...(options.report ? { reportPath: options.report } : {}) },
      );
      const c = summary.counts;
      process.stdout.write(options.dryRun
        ? `Dry run: ${summary.lines} lines: ${c['would-create']} would be created, ${c['would-update']} updated, ${c['would-delete']} deleted, ${c.failed} failed\n`
        : `${summary.lines} lines: ${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.failed} failed\n`);
      for (const r of summary.reports.filter((x) => x.outcome === 'failed').slice(0, 20)) process.stdout.write(`  line ${r.line} ${r.email}: ${r.reason}\n`);
      if (options.report) process.stdout.write(`Report: ${options.report}\n`);
      if (c.failed) process.exitCode = 2;
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
  if (error instanceof ValidationError) {
    process.stderr.write(`portico: ${error.fields.map((f) => `${f.path}: ${f.message}`).join('\n         ')}\n`);
    process.exit(1);
  }
  if (error instanceof ConfigError || error instanceof PluginError || error instanceof CliUsageError) {
    process.stderr.write(`portico: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`portico: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
