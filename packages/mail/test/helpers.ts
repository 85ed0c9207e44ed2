import { createLogger, type Logger } from '@portico/core';
import type { Database } from '@portico/db';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { sql } from 'drizzle-orm';
import { MailDispatcher, type MailDispatcherOptions } from '../src/mail-dispatcher';
import { mailMigrations } from '../src/mail-module';
import { mailOutbox, type OutboxRow } from '../src/schema';
import type { MailTransport } from '../src/transports';

export const silentLogger: Logger = createLogger({ level: 'silent' });

export function createMailTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ migrations: [mailMigrations] });
}

export function dispatcher(
  db: Database,
  transport: MailTransport,
  options: Partial<MailDispatcherOptions> = {},
  logger: Logger = silentLogger,
): MailDispatcher {
  return new MailDispatcher(db, transport, { from: 'Portico Test <no-reply@portico.test>', ...options }, logger);
}

export async function rows(db: Database): Promise<OutboxRow[]> {
  return db.select().from(mailOutbox).orderBy(mailOutbox.id);
}

export async function clearOutbox(db: Database): Promise<void> {
  await db.delete(mailOutbox);
}

/** Makes every unsent row due now (instead of waiting minutes for a back-off or a lease). */
export async function makeAllDue(db: Database): Promise<void> {
  await db.update(mailOutbox).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(sql`${mailOutbox.status} <> 'sent'`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
