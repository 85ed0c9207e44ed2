import { and, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { Database, executeRows } from '@portico/db';
import { isIP } from 'node:net';
import { inject, injectable, optional } from 'inversify';
import { AuthOptions } from './auth-options';
import { authThrottle } from './auth-schema';

/** How failures of one kind of key are limited (all within a fixed window). */
export interface ThrottleRule {
  /** Failures allowed in the window before delays start (account default 5). */
  freeFailures: number;
  /** Delay after failure number `freeFailures`; doubles with every further failure (default 1 s). */
  baseDelaySeconds: number;
  /** Longest growing delay (default 15 minutes). */
  maxDelaySeconds: number;
  /** At this many failures in the window the key stays blocked until the window ends (account 100, IP 300). */
  maxFailuresPerWindow: number;
  /** Window length (default 1 hour). */
  windowSeconds: number;
}

/** Rules per kind of key: `ip:` keys use `ip`, every other key uses `account`. */
export interface LoginThrottleOptions {
  account?: Partial<ThrottleRule>;
  ip?: Partial<ThrottleRule>;
}

export const DEFAULT_ACCOUNT_RULE: Readonly<ThrottleRule> = Object.freeze({
  freeFailures: 5,
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  maxFailuresPerWindow: 100,
  windowSeconds: 3600,
});
export const DEFAULT_IP_RULE: Readonly<ThrottleRule> = Object.freeze({
  freeFailures: 30,
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  maxFailuresPerWindow: 300,
  windowSeconds: 3600,
});

/** Result of {@link LoginThrottle.check}. */
export interface ThrottleVerdict {
  allowed: boolean;
  /** 0 when allowed; otherwise seconds until the longest block of the keys ends (for `Retry-After`). */
  retryAfterSeconds: number;
  /**
   * The checked keys that have a failure count in the window (blocked or not). Pass the verdict
   * to `recordSuccess`, which then skips the delete when there is nothing to clear — the usual
   * case, and one statement less per sign-in.
   */
  counted: ReadonlySet<string>;
}

/**
 * {@link LoginThrottle.check} as an SQL expression, to ride along another statement (the sign-in's
 * account lookup): one round trip instead of two on every sign-in.
 */
export interface ThrottleCheckQuery {
  /** A scalar subquery (JSON) to select as a column of the other statement. */
  readonly sql: SQL;
  /** The verdict from that column's value. */
  verdictOf(value: unknown): ThrottleVerdict;
}

/**
 * Slows down password guessing. Failure counters live in the database (`auth_throttle`), so
 * every app node sees the same counts. After `freeFailures` failures in the window a key is
 * blocked for a delay that doubles with each failure (1 s, 2 s, 4 s … 15 min); at
 * `maxFailuresPerWindow` it stays blocked until the window ends.
 *
 * @example
 * ```ts
 * const keys = [throttleKeys.email(email), throttleKeys.ip(req.ip)];
 * const verdict = await throttle.check(keys);
 * if (!verdict.allowed) { res.set('Retry-After', String(verdict.retryAfterSeconds)); … 429 … }
 * if (!ok) await throttle.recordFailure(keys); else await throttle.recordSuccess(keys[0], verdict);
 * ```
 */
export interface LoginThrottle {
  /** Whether an attempt may be made now for all of `keys`. */
  check(keys: readonly string[]): Promise<ThrottleVerdict>;
  /** The same check, as a column for another statement (see {@link ThrottleCheckQuery}). */
  checkQuery(keys: readonly string[]): ThrottleCheckQuery;
  /** Counts one failure against each key (atomic upsert: concurrent failures all count). */
  recordFailure(keys: readonly string[]): Promise<void>;
  /**
   * Clears an account key after a successful sign-in (IP keys are left alone). Given the
   * verdict of the `check` before the sign-in, a key that had no count then is not touched.
   */
  recordSuccess(accountKey: string, checked?: ThrottleVerdict): Promise<void>;
  /**
   * `recordSuccess` as a data-modifying statement for another statement's WITH clause (the new
   * session's insert at sign-in); undefined when the verdict saw nothing to clear.
   */
  successWrite(accountKey: string, checked?: ThrottleVerdict): SQL | undefined;
  /** Deletes up to `limit` rows whose window and block are both over. */
  purgeStale(limit?: number): Promise<number>;
}
/** Inversify token for {@link LoginThrottle}. */
export const LoginThrottle = Symbol('LoginThrottle');

/** Builders of throttle keys. */
export const throttleKeys = {
  /** A known account: `acct:<kind>:<id>` (kind e.g. `staff`, `portal`). */
  account(kind: string, id: string | number): string {
    return `acct:${kind}:${id}`;
  },
  /** An account named by e-mail (whether or not it exists): `acct:email:<trimmed, lower-case>`. */
  email(email: string): string {
    return `acct:email:${email.trim().normalize('NFKC').toLowerCase()}`;
  },
  /**
   * A client address: `ip:<address>`. IPv6 addresses count per /64 network (one subscriber
   * usually holds a whole /64); IPv4-mapped IPv6 addresses count as IPv4.
   */
  ip(address: string | undefined): string {
    return `ip:${ipBucket(address ?? 'unknown')}`;
  },
};

/** The address (IPv4) or the /64 prefix (IPv6, `2001:db8:1:2::/64`) a throttle counts by. */
export function ipBucket(address: string): string {
  let a = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (isIP(a) !== 6) return a.toLowerCase();
  const [head = '', tail = ''] = a.toLowerCase().split('::') as [string, string?];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // A dotted IPv4 tail (64:ff9b::1.2.3.4) stands for two groups.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const fill = Math.max(0, 8 - width(headGroups) - width(tailGroups));
  const groups = a.includes('::') ? [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** {@link LoginThrottle} over the `auth_throttle` table. */
@injectable()
export class DrizzleLoginThrottle implements LoginThrottle {
  readonly accountRule: Readonly<ThrottleRule>;
  readonly ipRule: Readonly<ThrottleRule>;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuthOptions) @optional() options: AuthOptions = {},
  ) {
    this.accountRule = checkRule({ ...DEFAULT_ACCOUNT_RULE, ...options.throttle?.account });
    this.ipRule = checkRule({ ...DEFAULT_IP_RULE, ...options.throttle?.ip });
  }

  ruleFor(key: string): Readonly<ThrottleRule> {
    return key.startsWith('ip:') ? this.ipRule : this.accountRule;
  }

  async check(keys: readonly string[]): Promise<ThrottleVerdict> {
    if (keys.length === 0) return { allowed: true, retryAfterSeconds: 0, counted: new Set() }; // nothing to ask the database
    const query = this.checkQuery(keys);
    const [row] = await executeRows<{ v: unknown }>(this.db, sql`select ${query.sql} as v`);
    return query.verdictOf(row?.v);
  }

  checkQuery(keys: readonly string[]): ThrottleCheckQuery {
    const unique = [...new Set(keys)];
    const wait = sql`case when ${authThrottle.blockedUntil} > now() then ceil(extract(epoch from (${authThrottle.blockedUntil} - now())))::int end`;
    return {
      sql: unique.length
        ? sql`(select coalesce(json_agg(json_build_object('key', ${authThrottle.key}, 'wait', ${wait})), '[]'::json) from ${authThrottle} where ${inArray(authThrottle.key, unique)})`
        : sql`'[]'::json`,
      verdictOf(value: unknown): ThrottleVerdict {
        const rows = (typeof value === 'string' ? JSON.parse(value) : value ?? []) as Array<{ key: string; wait: number | string | null }>;
        if (!Array.isArray(rows)) throw new TypeError('throttle check: expected a JSON array');
        const longest = Math.max(0, ...rows.map((r) => Number(r.wait ?? 0)));
        return { allowed: longest === 0, retryAfterSeconds: longest, counted: new Set(rows.map((r) => r.key)) };
      },
    };
  }

  async recordFailure(keys: readonly string[]): Promise<void> {
    for (const key of new Set(keys)) await this.fail(key, this.ruleFor(key));
  }

  private async fail(key: string, rule: Readonly<ThrottleRule>): Promise<void> {
    // One statement, so that concurrent failures serialise on the row lock of the upsert.
    // `expired`: the row's window is over, so this failure starts a new one.
    const window = sql`make_interval(secs => ${rule.windowSeconds})`;
    const t = sql.identifier('auth_throttle');
    const expired = sql`${t}.window_start <= now() - ${window}`;
    const failures = sql`(case when ${expired} then 1 else ${t}.failures + 1 end)`;
    const windowStart = sql`(case when ${expired} then now() else ${t}.window_start end)`;
    await this.db.execute(sql`
      insert into ${t} (key, failures, window_start, blocked_until)
      values (${key}, 1, now(), ${blockedUntil(sql`1`, sql`now()`, window, rule)})
      on conflict (key) do update set
        failures = ${failures},
        window_start = ${windowStart},
        blocked_until = greatest(
          case when ${expired} then null else ${t}.blocked_until end,
          ${blockedUntil(failures, windowStart, window, rule)}
        )`);
  }

  async recordSuccess(accountKey: string, checked?: ThrottleVerdict): Promise<void> {
    const write = this.clearing(accountKey, checked);
    if (write) await this.db.execute(write);
  }

  successWrite(accountKey: string, checked?: ThrottleVerdict): SQL | undefined {
    return this.clearing(accountKey, checked);
  }

  private clearing(accountKey: string, checked: ThrottleVerdict | undefined): SQL | undefined {
    if (accountKey.startsWith('ip:')) throw new TypeError('a success clears an account key, not an ip: key');
    if (checked && !checked.counted.has(accountKey)) return undefined;
    return sql`delete from ${authThrottle} where ${eq(authThrottle.key, accountKey)}`;
  }

  async purgeStale(limit = 1000): Promise<number> {
    const longest = Math.max(this.accountRule.windowSeconds, this.ipRule.windowSeconds);
    const stale = this.db
      .select({ key: authThrottle.key })
      .from(authThrottle)
      .where(
        and(
          lte(authThrottle.windowStart, sql`now() - make_interval(secs => ${longest})`),
          or(isNull(authThrottle.blockedUntil), lte(authThrottle.blockedUntil, sql`now()`)),
        ),
      )
      .limit(limit);
    const rows = await this.db.delete(authThrottle).where(inArray(authThrottle.key, stale)).returning({ key: authThrottle.key });
    return rows.length;
  }
}

/**
 * SQL for the end of the block after the `failures`-th failure of a window starting at
 * `windowStart`: none below `freeFailures`; then base·2^(failures − free) seconds, capped;
 * at `maxFailuresPerWindow`, the end of the window.
 */
function blockedUntil(failures: ReturnType<typeof sql>, windowStart: ReturnType<typeof sql>, window: ReturnType<typeof sql>, rule: Readonly<ThrottleRule>) {
  return sql`(case
      when ${failures} >= ${rule.maxFailuresPerWindow}::int then greatest(${windowStart} + ${window},
        now() + make_interval(secs => least(${rule.baseDelaySeconds}::float8 * power(2::float8, ${failures} - ${rule.freeFailures}::int), ${rule.maxDelaySeconds}::float8)))
      when ${failures} >= ${rule.freeFailures}::int then
        now() + make_interval(secs => least(${rule.baseDelaySeconds}::float8 * power(2::float8, ${failures} - ${rule.freeFailures}::int), ${rule.maxDelaySeconds}::float8))
      else null end)`;
}

function checkRule(rule: ThrottleRule): Readonly<ThrottleRule> {
  for (const [name, value] of Object.entries(rule)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new Error(`throttle rule ${name} must be a positive number`);
  }
  if (!Number.isInteger(rule.freeFailures) || !Number.isInteger(rule.maxFailuresPerWindow)) throw new Error('throttle failure counts must be integers');
  return Object.freeze(rule);
}
