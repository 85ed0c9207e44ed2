import type { JobContribution } from '@portico/core';
import { inject, injectable } from 'inversify';
import { SessionStore } from './drizzle-session-store';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token-service';

/**
 * Deletes expired sessions (and, in the same pass, long-expired one-time tokens and finished
 * throttle counters) every 15 minutes, in batches of {@link SessionCleanupJob.batchSize} rows,
 * so that no statement holds many locks. Safe on several nodes at once (SKIP LOCKED).
 */
@injectable()
export class SessionCleanupJob implements JobContribution {
  readonly id = 'auth.session-cleanup';
  readonly intervalMs = 15 * 60_000;
  readonly batchSize = 1000;

  constructor(
    @inject(SessionStore) private readonly sessions: SessionStore,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  /** One batch of each; true when a batch was full (more may be waiting). */
  async run(signal?: AbortSignal): Promise<boolean> {
    const sessions = await this.sessions.purgeExpired(this.batchSize);
    if (signal?.aborted) return false;
    const tokens = await this.tokens.purgeExpired(undefined, this.batchSize);
    if (signal?.aborted) return false;
    const counters = await this.throttle.purgeStale(this.batchSize);
    return sessions >= this.batchSize || tokens >= this.batchSize || counters >= this.batchSize;
  }
}
