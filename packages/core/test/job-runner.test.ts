import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobRunner, createLogger, type JobContribution, type NotificationBus } from '../src/index';

/** An in-process NotificationBus; the PostgreSQL-backed one is tested in packages/db. */
class LocalBus implements NotificationBus {
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  async notify(channel: string, payload = ''): Promise<void> {
    for (const l of this.listeners.get(channel) ?? []) l(payload);
  }
  async listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(cb);
    this.listeners.set(channel, set);
    return async () => void set.delete(cb);
  }
}

const logger = createLogger({ level: 'silent' });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a job runs at start, then batch after batch while it reports more work', async () => {
  let queue = 5;
  const job: JobContribution = { id: 'drain', intervalMs: 60_000, run: async () => (queue-- > 1) };
  const runner = new JobRunner([job], new LocalBus(), logger);
  await runner.start();
  await tick(50);
  await runner.stop();
  assert.is(queue, 0);
});

test('a NOTIFY on the job channel wakes it long before its interval', async () => {
  const bus = new LocalBus();
  let runs = 0;
  const runner = new JobRunner([{ id: 'sync', intervalMs: 60_000, channel: 'work', run: async () => void runs++ }], bus, logger);
  await runner.start();
  await tick(20);
  assert.is(runs, 1, 'ran once at start');
  await bus.notify('work');
  await tick(20);
  assert.is(runs, 2, 'woken by the notification');
  await runner.stop();
});

test('notifications during a run are not lost, and runs never overlap', async () => {
  const bus = new LocalBus();
  let running = 0, maxRunning = 0, runs = 0;
  const job: JobContribution = {
    id: 'slow', intervalMs: 60_000, channel: 'slow',
    run: async () => {
      running++; maxRunning = Math.max(maxRunning, running); runs++;
      await tick(30);
      running--;
    },
  };
  const runner = new JobRunner([job], bus, logger);
  await runner.start();
  await tick(5);
  await bus.notify('slow'); // arrives while the first run is busy
  await bus.notify('slow');
  await tick(120);
  await runner.stop();
  assert.is(maxRunning, 1);
  assert.is(runs, 2, 'one run at start plus one for the notifications that arrived meanwhile');
});

test('a failing batch is retried and does not stop the runner; stop() waits for the run in flight', async () => {
  let attempts = 0, finished = false;
  const job: JobContribution = {
    id: 'flaky', intervalMs: 10,
    run: async () => {
      attempts++;
      if (attempts === 1) throw new Error('database went away');
      await tick(20);
      finished = true;
    },
  };
  const runner = new JobRunner([job], undefined, logger);
  await runner.start();
  await tick(1100); // first retry after ~10 ms (interval caps the back-off)
  await runner.stop();
  assert.ok(attempts >= 2, `retried (${attempts} attempts)`);
  assert.ok(finished);
});

test.run();
