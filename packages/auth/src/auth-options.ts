/**
 * Settings of packages/auth, bound to the {@link AuthOptions} token by `authModule(options)`.
 * Every field has a safe default.
 */
export interface AuthOptions {
  /** argon2id cost; never below the OWASP minimum (m=19456 KiB, t=2, p=1). */
  passwordHash?: { memoryCost?: number; timeCost?: number; parallelism?: number };
  /**
   * argon2id worker threads, i.e. computations at once (default: CPU cores − 1, at least 1).
   * The rest wait in the workers' queues, so a flood of sign-ins cannot take every core from
   * the event loop.
   */
  maxConcurrentHashes?: number;
  /**
   * Scheduling priority of the argon2id threads, as a nice increment 0–19 (default 10, Linux and
   * macOS; ignored elsewhere). Hashing is the bulk work of a sign-in flood: with a lower priority
   * it takes the CPU the event loop and the database leave idle, and gives way at once when a
   * request needs a core, so other requests stay fast while sign-ins queue for hashing.
   */
  hashThreadNice?: number;
  /**
   * Linux: run the argon2id threads under `SCHED_IDLE` as well (default true; set with util-linux's
   * `chrt`, kept at `hashThreadNice` where that fails). The kernel then treats their cores as free
   * for any waking thread, so a request's thread takes the core at once instead of waiting for the
   * scheduler to balance: under a sign-in flood the event loop waited ~0.2 s per second for a core
   * with nice alone, ~0.15 s with this (docs/benchmarks.md, Run 8). The price: while other work
   * keeps every core busy, hashing (and so sign-in) waits for it entirely, where nice 10 kept a
   * tenth of a core.
   */
  hashThreadIdle?: boolean;
  /** Password length limits in code points (defaults 12 and 128; the maximum may not be below 64). */
  passwordPolicy?: { minLength?: number; maxLength?: number };
  /** Absolute session lifetime, whatever the activity (default 12 hours). */
  sessionAbsoluteHours?: number;
  /** Idle session lifetime used when a session has no cookie maxAge (default 30 minutes). */
  sessionIdleMinutes?: number;
  /** Throttle rules for account keys and for `ip:` keys. */
  throttle?: import('./login-throttle').LoginThrottleOptions;
  /** Folder of the migrations; defaults to packages/auth/migrations. */
  migrationsFolder?: string;
}
/** Inversify token for {@link AuthOptions}. */
export const AuthOptions = Symbol('AuthOptions');
