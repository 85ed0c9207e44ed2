import { openDatabase, type DatabaseHandle } from '@portico/db';
import type { TestDatabase } from '@portico/db/testing';
import { eq, sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OutboxImpl } from '../src/outbox';
import { mailOutbox } from '../src/schema';
import { startTestSmtpServer, type TestSmtpServer } from '../src/testing/index';
import { EmbeddedOutboxTransport, MailSendError, SmtpTransport, type MailTransport } from '../src/transports';
import { clearOutbox, createMailTestDatabase, dispatcher, makeAllDue, rows, sleep } from './helpers';

let db: TestDatabase;
let smtp: TestSmtpServer;
const outbox = new OutboxImpl();
const FROM = 'Portico Test <no-reply@portico.test>';

test.before(async () => {
  db = await createMailTestDatabase();
  smtp = await startTestSmtpServer();
});
test.after(async () => {
  await smtp?.stop();
  await db?.cleanup();
});
test.before.each(async () => {
  await clearOutbox(db.db);
  smtp.messages.length = 0;
  smtp.envelopes.length = 0;
});

const enqueue = (subject: string, to = 'ann@example.org') => outbox.enqueue(db.db, { to, subject, text: `Body of ${subject}` });

/** Seconds from now to the row's next_attempt_at, measured by the database clock. */
async function dueInSeconds(id: number): Promise<number> {
  const [row] = await db.rows<{ s: number | string }>(
    sql`select extract(epoch from (next_attempt_at - now()))::float8 as s from mail_outbox where id = ${id}`,
  );
  return Number(row!.s);
}

test('SMTP down: the message stays in the queue (failed, attempts, last_error, back-off); delivered once the server is back', async () => {
  const down = await startTestSmtpServer();
  const port = down.port;
  await down.stop(); // nothing listens on this port now
  const transport = new SmtpTransport(`smtp://127.0.0.1:${port}`, FROM);
  const d = dispatcher(db.db, transport);
  const { id } = await enqueue('Renewal reminder');

  let result = await d.dispatchBatch();
  assert.equal({ claimed: result.claimed, retried: result.retried, sent: result.sent }, { claimed: 1, retried: 1, sent: 0 });
  let [row] = await rows(db.db);
  assert.is(row!.status, 'failed');
  assert.is(row!.attempts, 1);
  assert.match(row!.lastError ?? '', /ECONNREFUSED|ECONNECTION/);
  assert.is(row!.claimToken, null);
  const wait1 = await dueInSeconds(id);
  assert.ok(wait1 > 55 && wait1 <= 60, `first retry after ~1 min, got ${wait1}s`);

  // Not due yet: the next batch leaves it alone.
  result = await d.dispatchBatch();
  assert.is(result.claimed, 0);

  // Second failure: back-off doubles.
  await makeAllDue(db.db);
  await d.dispatchBatch();
  [row] = await rows(db.db);
  assert.is(row!.attempts, 2);
  const wait2 = await dueInSeconds(id);
  assert.ok(wait2 > 115 && wait2 <= 120, `second retry after ~2 min, got ${wait2}s`);

  // The server comes back on the same port.
  const back = await startTestSmtpServer({ port });
  try {
    await makeAllDue(db.db);
    result = await d.dispatchBatch();
    assert.is(result.sent, 1);
    const [mail] = await back.waitFor(1);
    assert.is(mail!.subject, 'Renewal reminder');
    [row] = await rows(db.db);
    assert.is(row!.status, 'sent');
    assert.is(row!.attempts, 3);
    assert.match(row!.lastError ?? '', /ECONN/, 'the last error is kept for the record');
  } finally {
    await transport.close();
    await back.stop();
  }
});

test('back-off is 1, 2, 4 … minutes, capped at 1 h; after maxAttempts the message is dead', async () => {
  const d = dispatcher(db.db, new SmtpTransport(smtp.url, FROM), { maxAttempts: 10 });
  assert.equal(
    Array.from({ length: 10 }, (_, i) => d.retryDelayMs(i + 1) / 60_000),
    [1, 2, 4, 8, 16, 32, 60, 60, 60, 60],
  );

  let calls = 0;
  const failing: MailTransport = {
    kind: 'smtp',
    describe: () => 'always failing',
    send: async () => {
      calls++;
      throw new MailSendError('421 try again later', false);
    },
    close: async () => undefined,
  };
  const f = dispatcher(db.db, failing, { maxAttempts: 3 });
  await enqueue('Doomed');
  for (let i = 0; i < 5; i++) {
    await makeAllDue(db.db);
    await f.dispatchBatch();
  }
  const [row] = await rows(db.db);
  assert.is(calls, 3);
  assert.is(row!.status, 'dead');
  assert.is(row!.attempts, 3);
  assert.is(row!.lastError, '421 try again later');
});

test('a recipient refused with 5xx is a permanent failure: dead at once', async () => {
  const picky = await startTestSmtpServer({ rejectRecipient: (a) => (a.endsWith('@gone.example.org') ? 'No such user here' : undefined) });
  const transport = new SmtpTransport(picky.url, FROM);
  try {
    await enqueue('To nobody', 'nobody@gone.example.org');
    await enqueue('To somebody', 'ann@example.org');
    const result = await dispatcher(db.db, transport).dispatchBatch();
    assert.equal({ sent: result.sent, dead: result.dead, retried: result.retried }, { sent: 1, dead: 1, retried: 0 });
    const [dead, sent] = await rows(db.db);
    assert.is(dead!.status, 'dead');
    assert.is(dead!.attempts, 1);
    assert.match(dead!.lastError ?? '', /No such user here/);
    assert.is(sent!.status, 'sent');
    assert.is(picky.messages.length, 1);
  } finally {
    await transport.close();
    await picky.stop();
  }
});

test('an expired lease is re-claimed and sent; a live lease is left alone', async () => {
  const transport = new SmtpTransport(smtp.url, FROM);
  const d = dispatcher(db.db, transport, { leaseMs: 60_000 });
  const { id: stale } = await enqueue('Stale lease');
  const { id: live } = await enqueue('Live lease');
  // Two rows claimed by a node that then died: one lease ran out, one still runs.
  await db.db.update(mailOutbox).set({ status: 'sending', attempts: 1, claimToken: 'dead-node', nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(mailOutbox.id, stale));
  await db.db.update(mailOutbox).set({ status: 'sending', attempts: 1, claimToken: 'busy-node', nextAttemptAt: sql`now() + interval '4 minutes'` }).where(eq(mailOutbox.id, live));

  const result = await d.dispatchBatch();
  assert.is(result.claimed, 1);
  assert.is(result.sent, 1);
  const [mail] = await smtp.waitFor(1);
  assert.is(mail!.subject, 'Stale lease');
  const byId = new Map((await rows(db.db)).map((r) => [r.id, r]));
  assert.is(byId.get(stale)!.status, 'sent');
  assert.is(byId.get(stale)!.attempts, 2);
  assert.is(byId.get(live)!.status, 'sending');
  assert.is(byId.get(live)!.claimToken, 'busy-node');

  // The node that lost its lease cannot settle the row any more (its claim token is gone).
  const late = await db.db.update(mailOutbox).set({ status: 'failed' }).where(sql`${mailOutbox.id} = ${stale} and ${mailOutbox.claimToken} = 'dead-node'`).returning();
  assert.is(late.length, 0);
  await transport.close();
});

test('a lease that expires on the last allowed attempt makes the message dead instead of sending again', async () => {
  const d = dispatcher(db.db, new EmbeddedOutboxTransport(), { maxAttempts: 3 });
  const { id } = await enqueue('Crashes the node');
  await db.db.update(mailOutbox).set({ status: 'sending', attempts: 3, claimToken: 'x', nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(mailOutbox.id, id));
  const result = await d.dispatchBatch();
  assert.equal({ claimed: result.claimed, dead: result.dead }, { claimed: 0, dead: 1 });
  const [row] = await rows(db.db);
  assert.is(row!.status, 'dead');
  assert.match(row!.lastError ?? '', /lease expired/);
});

test('stopping mid-batch hands the unsent rows back', async () => {
  const controller = new AbortController();
  let sends = 0;
  const slow: MailTransport = {
    kind: 'outbox',
    describe: () => 'slow',
    send: async (mail) => {
      sends++;
      controller.abort(); // the job is stopped while the first message is being sent
      await sleep(20);
      return { messageId: mail.messageId };
    },
    close: async () => undefined,
  };
  for (let i = 0; i < 4; i++) await enqueue(`Message ${i}`);
  const result = await dispatcher(db.db, slow, { sendConcurrency: 1 }).dispatchBatch(controller.signal);
  assert.equal({ claimed: result.claimed, sent: result.sent, released: result.released }, { claimed: 4, sent: 1, released: 3 });
  const all = await rows(db.db);
  assert.equal(all.map((r) => [r.status, r.attempts]), [['sent', 1], ['queued', 0], ['queued', 0], ['queued', 0]]);
  assert.is(sends, 1);
});

test('the embedded outbox transport marks messages sent and logs subject and recipient without URL query strings', async () => {
  const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const logger = { info: (obj: Record<string, unknown>, msg: string) => lines.push({ obj, msg }) } as never;
  const transport = new EmbeddedOutboxTransport(logger);
  await outbox.enqueue(db.db, {
    to: 'ann@example.org',
    subject: 'Sign in: https://portal.example.org/magic?token=SECRET123#x',
    text: 'Open https://portal.example.org/accept?token=SECRET456 to accept.',
  });
  const result = await dispatcher(db.db, transport).dispatchBatch();
  assert.is(result.sent, 1);
  const [row] = await rows(db.db);
  assert.is(row!.status, 'sent');
  assert.is(row!.transport, 'outbox');
  assert.match(row!.messageId ?? '', /^<portico\.\d+\./);
  assert.is(lines.length, 1);
  const logged = JSON.stringify(lines);
  assert.not.match(logged, /SECRET/);
  assert.match(logged, /ann@example\.org/);
  assert.match(logged, /https:\/\/portal\.example\.org\/magic\?…/);
});

test('SMTP with authentication from the URL (user:pass@)', async () => {
  const secured = await startTestSmtpServer({ auth: { user: 'portico', pass: 'p@ss:word' } });
  const good = new SmtpTransport(secured.url, FROM);
  const bad = new SmtpTransport(`smtp://portico:wrong@127.0.0.1:${secured.port}`, FROM);
  try {
    assert.not.match(good.describe(), /p@ss|word/);
    assert.match(good.describe(), /127\.0\.0\.1:\d+ as portico/);
    await enqueue('Authenticated');
    let result = await dispatcher(db.db, bad).dispatchBatch();
    assert.is(result.retried, 1, 'a wrong password is retried, not dead (it is not the message’s fault)');
    const [failed] = await rows(db.db);
    assert.match(failed!.lastError ?? '', /EAUTH/);
    await makeAllDue(db.db);
    result = await dispatcher(db.db, good).dispatchBatch();
    assert.is(result.sent, 1);
    assert.is((await secured.waitFor(1))[0]!.subject, 'Authenticated');
  } finally {
    await good.close();
    await bad.close();
    await secured.stop();
  }
});

test('two dispatchers (two app nodes) over 50 messages on PostgreSQL: each message is sent exactly once', async () => {
  if (db.kind !== 'postgres') {
    console.log('# skipped: needs TEST_DATABASE_URL (PGlite has one connection, so SKIP LOCKED is not exercised)');
    return;
  }
  // A second pool to the same database, as a second node would have.
  const [{ name }] = (await db.rows<{ name: string }>(sql`select current_database() as name`)) as [{ name: string }];
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const node2: DatabaseHandle = await openDatabase({ url: url.toString(), poolMax: 4 });
  const t1 = new SmtpTransport(smtp.url, FROM);
  const t2 = new SmtpTransport(smtp.url, FROM);
  try {
    for (let i = 0; i < 50; i++) await enqueue(`Bulk ${String(i).padStart(2, '0')}`, `user${i}@example.org`);
    const nodes = [dispatcher(db.db, t1, { batchSize: 5, sendConcurrency: 2 }), dispatcher(node2.db, t2, { batchSize: 5, sendConcurrency: 2 })];
    const started = performance.now();
    const sentBy = await Promise.all(
      nodes.map(async (d) => {
        let sent = 0;
        for (;;) {
          const r = await d.dispatchBatch();
          sent += r.sent;
          assert.is(r.leaseLost, 0);
          if (r.claimed === 0) return sent;
        }
      }),
    );
    await smtp.waitFor(50);
    await sleep(200); // any duplicate would arrive now
    console.log(`# two nodes sent ${sentBy.join(' + ')} of 50 in ${(performance.now() - started).toFixed(0)} ms`);
    assert.is(sentBy[0]! + sentBy[1]!, 50);
    assert.ok(sentBy[0]! > 0 && sentBy[1]! > 0, 'both nodes took part');
    assert.is(smtp.messages.length, 50);
    const subjects = smtp.messages.map((m) => m.subject).sort();
    assert.equal(subjects, Array.from({ length: 50 }, (_, i) => `Bulk ${String(i).padStart(2, '0')}`));
    assert.is(new Set(smtp.messages.map((m) => m.messageId)).size, 50);
    const all = await rows(db.db);
    assert.ok(all.every((r) => r.status === 'sent' && r.attempts === 1));
  } finally {
    await t1.close();
    await t2.close();
    await node2.close();
  }
});

test.run();
