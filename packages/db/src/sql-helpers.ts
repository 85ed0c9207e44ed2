/** Escapes `\`, `%` and `_` so a user's text matches literally inside `LIKE '%…%'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its text form: check ids from URLs before they reach a `uuid` column (else PostgreSQL errors). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
