import { Logger, type JobContribution } from '@portico/core';
import { Database } from '@portico/db';
import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { inject, injectable, optional } from 'inversify';
import { randomUUID } from 'node:crypto';
import { OUTBOX_CHANNEL } from './outbox';
import { mailOutbox, type OutboxRow } from './schema';
import { addressDomain, MailSendError, MailTransport, type SendResult } from './transports';

/** Tuning of the {@link MailDispatcher}; `mailModule` fills it from the environment. */
export interface MailDispatcherOptions {
  /** Sender, `Name <addr>`; its domain also names the Message-IDs. */
  from: string;
  /** Rows claimed per batch (default 20). */
  batchSize?: number;
  /** Sends running at once within a batch (default 4). */
  sendConcurrency?: number;
  /** Attempts before a message is `dead` (default 10). */
  maxAttempts?: number;
  /** How long a claim holds; a node that dies mid-send releases its rows when it passes (default 5 min). */
  leaseMs?: number;
  /** Delay after the first failure, doubled after each further one (default 1 min). */
  retryBaseMs?: number;
  /** Longest delay between attempts (default 1 h). */
  retryMaxMs?: number;
  /** The job's schedule; NOTIFY on `mail_outbox` wakes it sooner (default 30 s). */
  intervalMs?: number;
}
/** Inversify token for {@link MailDispatcherOptions}. */
export const MailDispatcherOptions = Symbol('MailDispatcherOptions');

/** What one {@link MailDispatcher.dispatchBatch} did. */
export interface DispatchBatchResult {
  /** Rows claimed (marked `sending`) by this batch. */
  claimed: number;
  sent: number;
  /** Failed and scheduled for another attempt (`failed`). */
  retried: number;
  /** Given up (`dead`): permanent refusal, too many attempts, or an expired lease on the last attempt. */
  dead: number;
  /** Handed back unsent because the job was stopped. */
  released: number;
  /** Rows whose lease had run out before the result could be recorded (another node may send them again). */
  leaseLost: number;
}

const MAX_ERROR_LENGTH = 2000;

/**
 * The `mail.dispatch` job. Each batch claims due rows with `FOR UPDATE SKIP LOCKED` in a short
 * transaction and marks them `sending` under a lease, sends them outside any transaction, then
 * records `sent` or schedules a retry with exponential back-off (1, 2, 4 … min, at most 1 h),
 * and `dead` after `maxAttempts`. Any number of nodes may run it at once: a row is claimed by
 * one batch at a time, and only the batch holding the claim may settle it.
 */
@injectable()
export class MailDispatcher implements JobContribution {
  readonly id = 'mail.dispatch';
  readonly channel = OUTBOX_CHANNEL;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly maxAttempts: number;
  private readonly sendConcurrency: number;
  private readonly leaseMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly domain: string;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(MailTransport) private readonly transport: MailTransport,
    @inject(MailDispatcherOptions) private readonly options: MailDispatcherOptions,
    @inject(Logger) @optional() private readonly logger?: Logger,
  ) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.sendConcurrency = options.sendConcurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 60_000;
    this.retryMaxMs = options.retryMaxMs ?? 60 * 60_000;
    this.domain = addressDomain(options.from);
  }

  async run(signal: AbortSignal): Promise<boolean> {
    const result = await this.dispatchBatch(signal);
    return result.claimed + result.dead >= this.batchSize && !signal.aborted;
  }

  /** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
  retryDelayMs(attempts: number): number {
    return Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  }

  /** Claims, sends and settles one batch of due messages. */
  async dispatchBatch(signal?: AbortSignal): Promise<DispatchBatchResult> {
    const result: DispatchBatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, leaseLost: 0 };
    const token = randomUUID();
    const { rows, expired } = await this.claim(token);
    result.claimed = rows.length;
    result.dead += expired;
    if (!rows.length) return result;

    const queue = [...rows];
    const worker = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        if (signal?.aborted) {
          result.released += await this.release(row, token);
          continue;
        }
        await this.deliver(row, token, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.sendConcurrency, rows.length) }, worker));
    return result;
  }

  private async claim(token: string): Promise<{ rows: OutboxRow[]; expired: number }> {
    const t = mailOutbox;
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: t.id, status: t.status, attempts: t.attempts })
        .from(t)
        .where(and(inArray(t.status, ['queued', 'failed', 'sending']), lte(t.nextAttemptAt, sql`now()`)))
        .orderBy(t.nextAttemptAt, t.id)
        .limit(this.batchSize)
        .for('update', { skipLocked: true });
      if (!due.length) return { rows: [], expired: 0 };

      // A lease that ran out on the last allowed attempt: the node died while sending (or the
      // message kills it). Do not try again.
      const exhausted = due.filter((r) => r.status === 'sending' && r.attempts >= this.maxAttempts).map((r) => r.id);
      if (exhausted.length) {
        await tx
          .update(t)
          .set({
            status: 'dead',
            claimToken: null,
            lastError: sql`concat_ws(' — ', ${t.lastError}, ${'lease expired during the last allowed attempt'}::text)`,
          })
          .where(inArray(t.id, exhausted));
        this.logger?.warn({ outboxIds: exhausted }, 'mail: leases expired on the last attempt; messages marked dead');
      }
      const ids = due.filter((r) => !exhausted.includes(r.id)).map((r) => r.id);
      if (!ids.length) return { rows: [], expired: exhausted.length };
      const rows = await tx
        .update(t)
        .set({
          status: 'sending',
          attempts: sql`${t.attempts} + 1`,
          claimToken: token,
          nextAttemptAt: sql`now() + ${this.leaseMs}::integer * interval '1 millisecond'`,
        })
        .where(inArray(t.id, ids))
        .returning();
      rows.sort((a, b) => a.id - b.id);
      return { rows, expired: exhausted.length };
    });
  }

  private async deliver(row: OutboxRow, token: string, result: DispatchBatchResult): Promise<void> {
    const t = mailOutbox;
    const mine = and(eq(t.id, row.id), eq(t.claimToken, token), eq(t.status, 'sending'));
    let sent: SendResult;
    try {
      sent = await this.transport.send({
        outboxId: row.id,
        from: this.options.from,
        to: row.to,
        cc: row.cc,
        subject: row.subject,
        text: row.text,
        html: row.html,
        messageId: `<portico.${row.id}.${row.createdAt.getTime().toString(36)}@${this.domain}>`,
      });
    } catch (error) {
      return this.recordFailure(row, mine, error, result);
    }
    // Sent: from here on a database error must not turn into a retry (the row keeps its
    // lease; if recording fails, the message is sent again when the lease runs out).
    const updated = await this.db
      .update(t)
      .set({
        status: 'sent',
        sentAt: sql`now()`,
        messageId: sent.messageId,
        transport: this.transport.kind,
        claimToken: null,
        ...(sent.rejected?.length ? { lastError: truncate(`Refused recipients: ${sent.rejected.join(', ')}`) } : {}),
      })
      .where(mine)
      .returning({ id: t.id });
    if (!updated.length) return this.leaseLost(row, result);
    result.sent++;
    this.logger?.debug({ outboxId: row.id, kind: row.kind, transport: this.transport.kind }, 'mail: sent');
  }

  private async recordFailure(row: OutboxRow, mine: SQL | undefined, error: unknown, result: DispatchBatchResult): Promise<void> {
    const t = mailOutbox;
    const permanent = error instanceof MailSendError && error.permanent;
    const message = truncate(error instanceof Error ? error.message : String(error));
    const dead = permanent || row.attempts >= this.maxAttempts;
    const delayMs = this.retryDelayMs(row.attempts);
    const updated = await this.db
      .update(t)
      .set({
        status: dead ? 'dead' : 'failed',
        claimToken: null,
        lastError: message,
        transport: this.transport.kind,
        nextAttemptAt: dead ? sql`now()` : sql`now() + ${delayMs}::integer * interval '1 millisecond'`,
      })
      .where(mine)
      .returning({ id: t.id });
    if (!updated.length) return this.leaseLost(row, result);
    if (dead) result.dead++;
    else result.retried++;
    this.logger?.warn(
      { outboxId: row.id, attempts: row.attempts, error: message, ...(dead ? {} : { retryInMs: delayMs }) },
      dead ? 'mail: giving up on message' : 'mail: send failed, will retry',
    );
  }

  private leaseLost(row: OutboxRow, result: DispatchBatchResult): void {
    result.leaseLost++;
    this.logger?.warn({ outboxId: row.id }, 'mail: lease expired before the result was recorded; the message may be sent twice');
  }

  /** Gives a claimed, unsent row back (the job is stopping). */
  private async release(row: OutboxRow, token: string): Promise<number> {
    const t = mailOutbox;
    const released = await this.db
      .update(t)
      .set({
        status: sql`case when ${t.attempts} > 1 then 'failed' else 'queued' end`,
        attempts: sql`${t.attempts} - 1`,
        claimToken: null,
        nextAttemptAt: sql`now()`,
      })
      .where(and(eq(t.id, row.id), eq(t.claimToken, token), eq(t.status, 'sending')))
      .returning({ id: t.id });
    return released.length;
  }
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}
