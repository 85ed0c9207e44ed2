import type { SQL } from 'drizzle-orm';

/** Escapes `\`, `%` and `_` so a user's text matches literally inside `LIKE '%…%'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its text form: check ids from URLs before they reach a `uuid` column (else PostgreSQL errors). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * A drizzle prepared statement built on first use and reused after: drizzle builds its SQL once
 * and PostgreSQL parses and plans it once per connection. For statements on hot paths (every
 * signed-in request, every sign-in); the statement takes its values through `sql.placeholder`.
 *
 * @example
 * private readonly byId = preparedOnFirstUse(() => this.db.select().from(t).where(eq(t.id, sql.placeholder('id'))).prepare('by_id'));
 * const rows = await this.byId().execute({ id });
 */
export function preparedOnFirstUse<T>(prepare: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= prepare());
}

/**
 * The rows of `db.execute(sql…)`, whichever driver ran it: postgres.js answers with the rows
 * (an array), PGlite with `{ rows }`.
 */
export async function executeRows<T>(db: { execute(query: SQL): PromiseLike<unknown> }, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? [...result] : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}
