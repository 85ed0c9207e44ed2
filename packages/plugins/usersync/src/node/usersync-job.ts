import { ConfigError, type JobContribution } from '@portico/core';
import { USERSYNC_CHANNEL } from './usersync-schema';
import type { UserSyncProcessor } from './usersync-processor';

/** Settings of the sync job, from the host environment. */
export interface UserSyncConfig {
  /** Sweep interval (`USERSYNC_SWEEP_MINUTES`, default 10); NOTIFY wakes the job sooner. */
  sweepMs: number;
  /** Rows per batch (`USERSYNC_BATCH_SIZE`, default 50). */
  batchSize: number;
}

export function loadUserSyncConfig(env: Readonly<Record<string, string | undefined>>): UserSyncConfig {
  return {
    sweepMs: number(env, 'USERSYNC_SWEEP_MINUTES', 10, 0.01, 24 * 60) * 60_000,
    batchSize: Math.round(number(env, 'USERSYNC_BATCH_SIZE', 50, 1, 1000)),
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
 * `USERSYNC_SWEEP_MINUTES`; runs batches while they come back full.
 */
export function userSyncJob(processor: UserSyncProcessor, config: Pick<UserSyncConfig, 'sweepMs'>): JobContribution {
  return {
    id: 'usersync.process',
    channel: USERSYNC_CHANNEL,
    intervalMs: config.sweepMs,
    async run(signal: AbortSignal): Promise<boolean> {
      const result = await processor.processBatch();
      return result.claimed >= processor.batchSize && !signal.aborted;
    },
  };
}
