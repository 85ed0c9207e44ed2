import type { DatabaseHandle } from '@portico/db';
import { loadHostConfig } from './config';
import { Workbench } from './workbench';

export interface StartOptions {
  /** Environment overrides on top of process.env (tests pass their own data dir, plugins, …). */
  env?: Record<string, string | undefined>;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** An already open database (tests use `createTestDatabase`); otherwise opened from the config. */
  db?: DatabaseHandle;
}

export interface RunningWorkbench {
  url: string;
  workbench: Workbench;
  stop(): Promise<void>;
}

/** Starts a workbench in this process: what `portico start` and the tests use. */
export async function startWorkbench(options: StartOptions = {}): Promise<RunningWorkbench> {
  const env = { ...process.env, ...options.env };
  if (options.port !== undefined) env.PORT = String(options.port);
  const config = loadHostConfig(env);
  const workbench = await Workbench.create({ config, env, ...(options.db ? { db: options.db } : {}) });
  try {
    const url = await workbench.listen();
    return { url, workbench, stop: () => workbench.stop() };
  } catch (error) {
    await workbench.stop();
    throw error;
  }
}
