import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { authMigrations } from '../src/index';

/** A fresh migrated database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set). */
export function openTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ migrations: [authMigrations] });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asserts that `fn` rejects with a message matching `pattern` (uvu 0.5 has no `assert.rejects`). */
export async function rejects(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!pattern.test((error as Error).message)) throw new Error(`rejected with "${(error as Error).message}", expected ${pattern}`, { cause: error });
    return;
  }
  throw new Error(`expected a rejection matching ${pattern}`);
}
