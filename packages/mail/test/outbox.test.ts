import { ConflictError, JobRunner, NotFoundError, ValidationError } from '@portico/core';
import type { TestDatabase } from '@portico/db/testing';
import { eq, sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OutboxImpl, parseOutboxMessage } from '../src/outbox';
import { OutboxServiceImpl } from '../src/outbox-service';
import { mailOutbox } from '../src/schema';
import { SmtpTransport, type MailTransport } from '../src/transports';
import { startTestSmtpServer, type TestSmtpServer } from '../src/testing/index';
import { clearOutbox, createMailTestDatabase, dispatcher, rows, silentLogger, sleep } from './helpers';

let db: TestDatabase;
let smtp: TestSmtpServer;
let transport: SmtpTransport;
const outbox = new OutboxImpl();

async function rejects(fn: () => Promise<unknown>, check: (e: Error) => boolean): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assert.ok(check(error as Error), `unexpected error: ${(error as Error).message}`);
    return;
  }
  assert.unreachable('expected a rejection');
}

test.before(async () => {
  const started = Date.now();
  db = await createMailTestDatabase();
  smtp = await startTestSmtpServer();
  transport = new SmtpTransport(smtp.url, 'Portico Test <no-reply@portico.test>');
  console.log(`# ${db.kind} test database ready in ${Date.now() - started} ms`);
});
test.after(async () => {
  await transport?.close();
  await smtp?.stop();
  await db?.cleanup();
});
test.before.each(async () => {
  await clearOutbox(db.db);
  smtp.messages.length = 0;
  smtp.envelopes.length = 0;
});

test('enqueue in a transaction that rolls back: nothing is stored, nothing is sent', async () => {
  class Rollback extends Error {}
  try {
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table if not exists state_change (x int)`);
      await outbox.enqueue(tx, { to: 'ann@example.org', subject: 'Approved', text: 'Your licence was approved.' });
      throw new Rollback();
    });
    assert.unreachable('the transaction should have thrown');
  } catch (error) {
    assert.instance(error, Rollback);
  }
  assert.equal(await rows(db.db), []);
  const result = await dispatcher(db.db, transport).dispatchBatch();
  assert.is(result.claimed, 0);
  await sleep(100);
  assert.is(smtp.messages.length, 0);
});

test('enqueue + commit: delivered to the SMTP server with the right to, cc, subject, text and html', async () => {
  await db.db.transaction(async (tx) => {
    await outbox.enqueue(tx, {
      to: ['ann@example.org', 'bob@example.org'],
      cc: 'registry@example.org',
      subject: '  Licence approved  ',
      text: 'Dear Ann,\n\nYour licence was approved.',
      html: '<p>Dear Ann,</p><p>Your licence was <strong>approved</strong>.</p>',
      kind: 'licence.approved',
      related: { entity: 'tc_licence', recordId: 42 },
    });
  });
  const [queued] = await rows(db.db);
  assert.is(queued?.status, 'queued');
  assert.is(queued?.subject, 'Licence approved');
  assert.equal(queued?.to, ['ann@example.org', 'bob@example.org']);
  assert.is(queued?.recordId, '42');

  const result = await dispatcher(db.db, transport).dispatchBatch();
  assert.equal(result, { claimed: 1, sent: 1, retried: 0, dead: 0, released: 0, leaseLost: 0 });
  const [mail] = await smtp.waitFor(1);
  assert.is(mail!.subject, 'Licence approved');
  assert.equal(
    (Array.isArray(mail!.to) ? mail!.to : [mail!.to]).flatMap((a) => a!.value.map((v) => v.address)),
    ['ann@example.org', 'bob@example.org'],
  );
  assert.equal((Array.isArray(mail!.cc) ? mail!.cc : [mail!.cc]).flatMap((a) => a!.value.map((v) => v.address)), ['registry@example.org']);
  assert.is(mail!.from?.value[0]?.address, 'no-reply@portico.test');
  assert.is(mail!.from?.value[0]?.name, 'Portico Test');
  assert.is(mail!.text?.trim(), 'Dear Ann,\n\nYour licence was approved.');
  assert.is(mail!.html, '<p>Dear Ann,</p><p>Your licence was <strong>approved</strong>.</p>');
  assert.equal(smtp.envelopes[0]!.to.sort(), ['ann@example.org', 'bob@example.org', 'registry@example.org']);

  const [sent] = await rows(db.db);
  assert.is(sent!.status, 'sent');
  assert.is(sent!.attempts, 1);
  assert.is(sent!.transport, 'smtp');
  assert.ok(sent!.sentAt instanceof Date);
  assert.is(sent!.claimToken, null);
  assert.is(sent!.messageId, mail!.messageId, 'the stored Message-ID is the one received');
  assert.match(sent!.messageId!, /^<portico\.\d+\.[0-9a-z]+@portico\.test>$/);
});

test('invalid address is rejected by enqueue with a field-level error; nothing stored', async () => {
  try {
    await outbox.enqueue(db.db, { to: ['ann@example.org', 'not-an-address'], subject: 'Hi', text: 'x' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ValidationError);
    const fields = (error as ValidationError).fields;
    assert.equal(fields.map((f) => f.path), ['to.1']);
    assert.match(fields[0]!.message, /e-mail address/i);
  }
  assert.equal(await rows(db.db), []);
});

test('message validation: empty or multi-line subject, empty body, bad cc, no recipient', () => {
  const fieldsOf = (message: Parameters<typeof parseOutboxMessage>[0]) => {
    try {
      parseOutboxMessage(message);
      return [];
    } catch (error) {
      return (error as ValidationError).fields.map((f) => f.path);
    }
  };
  assert.equal(fieldsOf({ to: 'a@example.org', subject: '   ', text: 'x' }), ['subject']);
  assert.equal(fieldsOf({ to: 'a@example.org', subject: 'Hi\r\nBcc: evil@example.org', text: 'x' }), ['subject']);
  assert.equal(fieldsOf({ to: 'a@example.org', subject: 'Hi', text: '' }), ['text']);
  assert.equal(fieldsOf({ to: 'a@example.org', cc: ['nope'], subject: 'Hi', text: 'x' }), ['cc.0']);
  assert.equal(fieldsOf({ to: [], subject: 'Hi', text: 'x' }), ['to']);
  assert.equal(fieldsOf({ to: 'a@example.org', subject: 'Hi', text: 'x' }), []);
});

test('NOTIFY wakes the dispatcher job: commit → SMTP receipt latency', async () => {
  // Records when the dispatcher hands each message to SMTP, to split the latency into
  // wake-up + claim (ours) and SMTP (smtp-server holds its greeting back 100 ms on purpose).
  const handedOver: number[] = [];
  const timed: MailTransport = {
    kind: transport.kind,
    describe: () => transport.describe(),
    send: (mail) => (handedOver.push(performance.now()), transport.send(mail)),
    close: async () => undefined,
  };
  const job = dispatcher(db.db, timed); // intervalMs 30 s: only the notification can wake it in time
  const runner = new JobRunner([job], db, silentLogger);
  await runner.start();
  await sleep(200); // let the start-up run finish
  try {
    const latencies: number[] = [];
    const wakeups: number[] = [];
    for (let i = 0; i < 5; i++) {
      await db.db.transaction(async (tx) => {
        await outbox.enqueue(tx, { to: 'ann@example.org', subject: `Wake-up ${i}`, text: 'Sent on NOTIFY.' });
      });
      const committed = performance.now();
      await smtp.waitFor(i + 1, 5000);
      latencies.push(performance.now() - committed);
      wakeups.push(handedOver[i]! - committed);
      await sleep(50);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
    console.log(`# ${db.kind}: commit → SMTP receipt ms: ${latencies.map((l) => l.toFixed(1)).join(', ')} (median ${median(latencies)})`);
    console.log(`# ${db.kind}: commit → handed to transport (NOTIFY wake-up + claim) ms: ${wakeups.map((l) => l.toFixed(1)).join(', ')} (median ${median(wakeups)})`);
    assert.ok(sorted[2]! < 2000, 'delivered well before the 30 s interval');
  } finally {
    await runner.stop();
  }
  assert.equal((await rows(db.db)).map((r) => r.status), ['sent', 'sent', 'sent', 'sent', 'sent']);
});

test('OutboxService: list newest first with filters and a cursor; get with bodies; counts; requeue', async () => {
  const service = new OutboxServiceImpl(db.db);
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { id } = await outbox.enqueue(db.db, {
      to: i % 2 ? 'Bob@Example.org' : 'ann@example.org',
      subject: i === 3 ? 'Licence 100% approved_now' : `Reminder ${i}`,
      text: `Body ${i}`,
      html: `<p>Body ${i}</p>`,
      kind: 'reminder',
      ...(i < 2 ? { related: { entity: 'tc_licence', recordId: 'L-1' } } : {}),
    });
    ids.push(id);
  }
  await db.db.update(mailOutbox).set({ status: 'dead', attempts: 10, lastError: 'gave up' }).where(eq(mailOutbox.id, ids[4]!));

  const all = await service.list({ limit: 50 });
  assert.equal(all.items.map((m) => m.id), [...ids].reverse());
  assert.is(all.nextBefore, undefined);
  assert.is((all.items[0] as unknown as Record<string, unknown>).text, undefined, 'the list carries no bodies');

  const page1 = await service.list({ limit: 2 });
  assert.equal(page1.items.map((m) => m.id), [ids[4], ids[3]]);
  const page2 = await service.list({ limit: 2, before: page1.nextBefore! });
  assert.equal(page2.items.map((m) => m.id), [ids[2], ids[1]]);
  const page3 = await service.list({ limit: 2, before: page2.nextBefore! });
  assert.equal(page3.items.map((m) => m.id), [ids[0]]);
  assert.is(page3.nextBefore, undefined);

  assert.equal((await service.list({ to: 'bob@example.ORG' })).items.map((m) => m.id), [ids[3], ids[1]]);
  assert.equal((await service.list({ status: 'dead' })).items.map((m) => m.id), [ids[4]]);
  assert.equal((await service.list({ status: ['queued'], q: 'reminder' })).items.map((m) => m.id), [ids[2], ids[1], ids[0]]);
  assert.equal((await service.list({ q: '100%' })).items.map((m) => m.id), [ids[3]], '% is literal');
  assert.equal((await service.list({ q: 'R_minder' })).items.map((m) => m.id), [], '_ is literal');
  assert.equal((await service.list({ q: 'bob reminder' })).items.map((m) => m.id), [ids[1]], 'every word must match');
  assert.equal((await service.list({ entity: 'tc_licence', recordId: 'L-1' })).items.map((m) => m.id), [ids[1], ids[0]]);
  assert.equal((await service.list({ entity: 'tc_licence', recordId: 'L-1' })).items[0]!.related, { entity: 'tc_licence', recordId: 'L-1' });

  const entry = await service.get(ids[0]!);
  assert.is(entry.text, 'Body 0');
  assert.is(entry.html, '<p>Body 0</p>');
  assert.is(entry.status, 'queued');
  assert.ok(entry.createdAt instanceof Date);
  await rejects(() => service.get(999_999), (e: Error) => e instanceof NotFoundError);
  await rejects(() => service.list({ limit: 0 }), (e: Error) => e instanceof ValidationError && /limit/.test(e.message));
  await rejects(() => service.list({ status: 'bogus' as never }), (e: Error) => e instanceof ValidationError);

  assert.equal(await service.countByStatus(), { queued: 4, sending: 0, sent: 0, failed: 0, dead: 1 });

  let notified = 0;
  const unlisten = await db.listen('mail_outbox', () => notified++);
  const requeued = await service.requeue(ids[4]!);
  assert.is(requeued.status, 'queued');
  assert.is(requeued.attempts, 0);
  await rejects(() => service.requeue(ids[0]!), (e: Error) => e instanceof ConflictError);
  await rejects(() => service.requeue(999_999), (e: Error) => e instanceof NotFoundError);
  for (let i = 0; i < 50 && !notified; i++) await sleep(10);
  await unlisten();
  assert.ok(notified >= 1, 'requeue wakes the dispatcher');
});

test.run();
