import { ConfigError, type JobContribution } from '@portico/core';
import { USERSYNC_CHANNEL } from './usersync-schema';
import type { UserSyncProcessor } from './usersync-processor';

/** Settings of the sync job, from the host environment. */
export interface UserSyncConfig {
  /** Sweep interval (`USERSYNC_SWEEP_MINUTES`, default 10); NOTIFY wakes the job sooner. */
  sweepMs: number;
  /** Rows per batch (`USERSYNC_BATCH_SIZE`, default 500). */
  batchSize: number;
  /** Batches run at once by this node (`USERSYNC_CONCURRENCY`, default 2; each its own connection and transaction). */
  concurrency: number;
}

export function loadUserSyncConfig(env: Readonly<Record<string, string | undefined>>): UserSyncConfig {
  return {
    sweepMs: number(env, 'USERSYNC_SWEEP_MINUTES', 10, 0.01, 24 * 60) * 60_000,
    batchSize: Math.round(number(env, 'USERSYNC_BATCH_SIZE', 500, 1, 2000)),
    concurrency: Math.round(number(env, 'USERSYNC_CONCURRENCY', 2, 1, 8)),
  };
}

function number(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(`${name} must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

/**
 * The `usersync.process` job: wakes on NOTIFY `theusersync` (the table's trigger) and every
 * `USERSYNC_SWEEP_MINUTES`; `concurrency` workers each run batches while they come back full.
 */
export function userSyncJob(processor: UserSyncProcessor, config: Pick<UserSyncConfig, 'sweepMs'> & Partial<Pick<UserSyncConfig, 'concurrency'>>): JobContribution {
  const concurrency = Math.max(1, config.concurrency ?? 1);
  return {
    id: 'usersync.process',
    channel: USERSYNC_CHANNEL,
    intervalMs: config.sweepMs,
    async run(signal: AbortSignal): Promise<boolean> {
      // Several workers at once (SKIP LOCKED keeps them apart), each draining on its own
      // connection until a batch comes back short: a bulk load uses more than one database core.
      const worker = async (): Promise<void> => {
        for (let more = true; more && !signal.aborted; ) {
          const r = await processor.processBatch();
          more = r.claimed >= processor.batchSize || r.deferred > 0;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return false;
    },
  };
}
