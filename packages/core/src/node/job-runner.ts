import type { JobContribution } from './contribution-points';
import type { Logger } from './logger';
import type { NotificationBus } from './notification-bus';

/**
 * Runs background jobs: each job wakes on its schedule and on NOTIFY, then runs batches
 * until it reports no more work. Runs of one job never overlap in this process; across
 * processes, jobs claim rows with `FOR UPDATE SKIP LOCKED`, so any number of nodes may run
 * the same job. A failing batch is logged and retried with growing delay.
 */
export class JobRunner {
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly unlisteners: Array<() => Promise<void>> = [];
  private readonly wakers = new Map<string, () => void>();

  constructor(
    private readonly jobs: readonly JobContribution[],
    private readonly bus: NotificationBus | undefined,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const job of this.jobs) {
      if (job.channel && this.bus) {
        this.unlisteners.push(await this.bus.listen(job.channel, () => this.wake(job.id)));
      }
      this.loops.push(this.loop(job));
    }
  }

  /** Asks a job to run now (e.g. after this process wrote work for it). */
  wake(jobId: string): void {
    this.wakers.get(jobId)?.();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const wake of this.wakers.values()) wake();
    await Promise.allSettled(this.unlisteners.map((u) => u()));
    await Promise.allSettled(this.loops);
  }

  private async loop(job: JobContribution): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    let pendingWake = true; // run once at start
    while (!signal.aborted) {
      if (!pendingWake) {
        await new Promise<void>((resolve) => {
          const delay = failures > 0 ? Math.min(job.intervalMs, 1000 * 2 ** Math.min(failures, 6)) : job.intervalMs;
          const timer = setTimeout(done, delay);
          timer.unref?.();
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.wakers.set(job.id, done);
        });
      }
      pendingWake = false;
      if (signal.aborted) break;
      // Wakes that arrive while a batch runs are remembered, so no notification is lost.
      this.wakers.set(job.id, () => {
        pendingWake = true;
      });
      try {
        let more = true;
        while (more && !signal.aborted) more = (await job.run(signal)) === true;
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.error({ err: error, job: job.id, failures }, 'job batch failed');
      }
    }
  }
}
