import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import {
  JobContribution,
  JobRunner,
  Kernel,
  Logger,
  MigrationContribution,
  NavContribution,
  RouteContribution,
  createLogger,
} from '@portico/core';
import { databaseModule, migrateAll, openDatabase, type DatabaseHandle } from '@portico/db';
import { PrincipalResolver, accessModule } from '@portico/access';
import { SessionStore, authModule } from '@portico/auth';
import { mailModule } from '@portico/mail';
import { entitiesModule } from '@portico/entities';
import { HostEnv, HostInfo, PageContribution } from '@portico/core';
import { sessionSecrets } from './session-secret';
import { HostConfig, appRoot, type HostConfig as HostConfigType } from './config';
import { createApp } from './http/create-app';

export interface WorkbenchOptions {
  config: HostConfigType;
  logger?: Logger;
  /** Apply pending migrations at start (default true); `portico migrate` does it alone. */
  migrate?: boolean;
  /** An already open database (tests); the workbench then leaves closing it to the caller. */
  db?: DatabaseHandle;
  /** Environment for settings read by host modules (mail); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * One Portico process: database, plugin kernel, HTTP server and job runner, started and
 * stopped in that order and its reverse.
 */
export class Workbench {
  private server?: Server;
  private express?: Express;
  private jobs?: JobRunner;
  private readonly sockets = new Set<Socket>();
  private stopping?: Promise<void>;

  private constructor(
    readonly config: HostConfigType,
    readonly logger: Logger,
    readonly db: DatabaseHandle,
    readonly kernel: Kernel,
    private readonly ownsDb: boolean,
  ) {}

  /** The Express application, once {@link listen} has built it (tests walk its routes with `listRoutes`). */
  get app(): Express | undefined {
    return this.express;
  }

  /** The enabled plugins in load order, without loading them. */
  static describePlugins(config: HostConfigType) {
    return Kernel.describePlugins(config.plugins, appRoot);
  }

  /** Opens the database, loads the plugins and applies migrations. */
  static async create(options: WorkbenchOptions): Promise<Workbench> {
    const { config } = options;
    const logger = options.logger ?? createLogger({ level: config.logLevel });
    const ownsDb = !options.db;
    const db =
      options.db ??
      (await openDatabase(
        config.databaseUrl ? { url: config.databaseUrl, poolMax: config.databasePoolMax, preparedStatements: config.databasePreparedStatements } : { dataDir: config.dataDir },
      ));
    try {
      const hostModule = new ContainerModule(({ bind }) => {
        bind(HostConfig).toConstantValue(config);
        bind(Logger).toConstantValue(logger);
        bind<HostInfo>(HostInfo).toConstantValue({ publicUrl: config.publicUrl, secureCookies: config.publicUrl.startsWith('https://') });
        bind<HostEnv>(HostEnv).toConstantValue(Object.freeze({ ...(options.env ?? process.env) }));
      });
      const kernel = await Kernel.load({
        plugins: config.plugins,
        resolveFrom: appRoot,
        hostModules: [
          hostModule,
          databaseModule(db),
          authModule({ sessionAbsoluteHours: config.sessionAbsoluteHours, sessionIdleMinutes: config.sessionIdleMinutes }),
          accessModule(),
          mailModule({ env: options.env ?? process.env }),
          entitiesModule(),
        ],
        logger,
      });
      if (options.migrate !== false) {
        await migrateAll(db, kernel.contributions<MigrationContribution>(MigrationContribution));
      }
      return new Workbench(config, logger, db, kernel, ownsDb);
    } catch (error) {
      if (ownsDb) await db.close();
      throw error;
    }
  }

  /** Starts plugins, jobs and the HTTP server; resolves with the URL it listens on. */
  async listen(): Promise<string> {
    const app = await createApp({
      config: this.config,
      logger: this.logger,
      db: this.db,
      routes: this.kernel.contributions(RouteContribution),
      pages: this.kernel.contributions<PageContribution>(PageContribution),
      migrations: this.kernel.contributions(MigrationContribution),
      nav: this.kernel.contributions(NavContribution),
      principals: this.kernel.contributions<PrincipalResolver>(PrincipalResolver),
      sessionStore: this.kernel.container.get<SessionStore>(SessionStore),
      sessionSecrets: sessionSecrets(this.config),
      staticDir: join(appRoot, 'dist/browser'),
    });
    this.express = app;
    await this.kernel.start();
    if (this.config.jobs) {
      this.jobs = new JobRunner(this.kernel.contributions(JobContribution), this.db, this.logger);
      await this.jobs.start();
    }
    const server = app.listen(this.config.port, this.config.host);
    this.server = server;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return this.config.publicUrl.replace(/:\d+$/, `:${port}`);
  }

  /**
   * Graceful stop: stop accepting connections, let requests in flight finish (up to
   * SHUTDOWN_TIMEOUT_MS, then cut them), stop jobs, stop plugins, close the database.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const server = this.server;
      if (server) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => {
          this.logger.warn({ open: this.sockets.size }, 'shutdown timeout: closing open connections');
          for (const socket of this.sockets) socket.destroy();
        }, this.config.shutdownTimeoutMs);
        timer.unref();
        await closed;
        clearTimeout(timer);
      }
      await this.jobs?.stop();
      await this.kernel.stop();
      if (this.ownsDb) await this.db.close();
    })();
    return this.stopping;
  }
}
