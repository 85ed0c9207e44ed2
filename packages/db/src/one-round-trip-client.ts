import type { Sql } from 'postgres';

/**
 * How many distinct statement texts a pool prepares (per app process); texts beyond it run
 * unprepared, as before. drizzle's SQL is parameterised, so an app has a few hundred distinct
 * texts (an `IN` list of each length counts once); the bound only guards against generated SQL
 * that would otherwise grow the per-connection statement caches without end.
 */
export const PREPARED_TEXT_LIMIT = 5_000;

type Unsafe = Sql['unsafe'];
type QueryOptions = NonNullable<Parameters<Unsafe>[2]>;

/**
 * A postgres.js client for drizzle on which every parameterised query takes one round trip.
 *
 * drizzle runs each query that was not `.prepare()`d with `{ prepare: false }`, and postgres.js
 * sends such a query with parameters in two round trips: Parse/Describe, a wait for the
 * parameter types, then Bind/Execute. A named statement is described once per connection and
 * afterwards takes one round trip. On a busy server that second round trip is a large share of
 * the CPU of a simple request (a socket write and a wake-up on both sides), so this wrapper asks
 * postgres.js to prepare every parameterised text, up to {@link PREPARED_TEXT_LIMIT} texts.
 *
 * Planning does not change: the pool's connections set `plan_cache_mode = force_custom_plan`
 * (see `openPostgres`), so every execution is still planned for its actual values, as an unnamed
 * statement was; the keyword search relies on value-specific estimates.
 *
 * Transactions and savepoints hand out their own `sql` objects; those are wrapped as well.
 */
export function oneRoundTripClient(client: Sql, limit = PREPARED_TEXT_LIMIT): Sql {
  const texts = new Set<string>();
  const shouldPrepare = (query: string, params: readonly unknown[] | undefined): boolean => {
    if (!params || params.length === 0) return false; // already one round trip unnamed
    if (texts.has(query)) return true;
    if (texts.size >= limit) return false;
    texts.add(query);
    return true;
  };
  const wrap = (sql: Sql): Sql =>
    new Proxy(sql, {
      get(target, property, receiver) {
        if (property === 'unsafe') {
          return ((query: string, params?: unknown[], options?: QueryOptions) =>
            target.unsafe(query, params as never, shouldPrepare(query, params) ? { ...options, prepare: true } : options)) as Unsafe;
        }
        if (property === 'begin' || property === 'savepoint') {
          const original = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            const fn = args.at(-1);
            if (typeof fn !== 'function') return original.apply(target, args);
            return original.apply(target, [...args.slice(0, -1), (inner: Sql) => (fn as (s: Sql) => unknown)(wrap(inner))]);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
  return wrap(client);
}
