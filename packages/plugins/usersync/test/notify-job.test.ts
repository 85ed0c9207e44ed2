import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger, JobRunner } from '@portico/core';
import { loadUserSyncConfig, userSyncJob } from '../src/node/usersync-job';
import { harness, insertRow, syncRow, type Harness } from './helpers';

let h: Harness;
let runner: JobRunner | undefined;
test.before(async () => { h = await harness(); });
test.after(async () => { await runner?.stop(); await h.db.cleanup(); });

test('config: USERSYNC_SWEEP_MINUTES (default 10) and USERSYNC_BATCH_SIZE; bad values stop the start', () => {
  assert.equal(loadUserSyncConfig({}), { sweepMs: 600_000, batchSize: 500, concurrency: 2 });
  assert.equal(loadUserSyncConfig({ USERSYNC_SWEEP_MINUTES: '2.5', USERSYNC_BATCH_SIZE: '200', USERSYNC_CONCURRENCY: '3' }), { sweepMs: 150_000, batchSize: 200, concurrency: 3 });
  assert.throws(() => loadUserSyncConfig({ USERSYNC_SWEEP_MINUTES: 'soon' }), /USERSYNC_SWEEP_MINUTES/);
  assert.throws(() => loadUserSyncConfig({ USERSYNC_BATCH_SIZE: '0' }), /USERSYNC_BATCH_SIZE/);
});

async function settled(id: number, state: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const row = await syncRow(h.db, id);
    if ((row?.syncstate ?? -1) === state) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.unreachable(`row ${id} not in state ${state} within ${withinMs} ms`);
  return -1;
}

test('the trigger NOTIFYs on insert and on a retry: the job (10-minute sweep) processes the row within ~1 s', async () => {
  const job = userSyncJob(h.processor, { sweepMs: 600_000 });
  assert.is(job.channel, 'theusersync');
  runner = new JobRunner([job], h.db, createLogger({ level: 'silent' }));
  await runner.start();
  await new Promise((r) => setTimeout(r, 200)); // the start-up run finds nothing

  const id = await insertRow(h.db, { email: 'wake@example.com' });
  const ms = await settled(id, 0, 2000);
  assert.ok(ms < 2000, `${ms} ms`);

  const failing = await insertRow(h.db, { email: 'wake2@example.com', queryNo: 77 });
  await settled(failing, 3, 2000);
  await h.catalog.putSearch(77, { ctgryNo: 10, name: 'Later', columns: [1020] }, { actor: { kind: 'staff' } });
  await h.db.db.execute(sql`update theusersync set syncstate = 1 where id = ${failing}`);
  await settled(failing, 0, 2000);
});

test.run();
