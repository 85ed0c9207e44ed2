import { parseOptions, type Options as Argon2Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { inject, injectable, optional } from 'inversify';
import { AuthOptions } from './auth-options';

/**
 * Hashes and verifies passwords with argon2id. Work runs on dedicated worker threads, never on
 * the event loop. Passwords are NFKC-normalised first (NIST SP 800-63B), so the same password
 * typed on different keyboards or platforms verifies.
 *
 * @example
 * ```ts
 * const stored = await hasher.hash(password);
 * const ok = user ? await hasher.verify(user.passwordHash, password) : await hasher.dummyVerify(password);
 * if (ok && hasher.needsRehash(user.passwordHash)) await saveHash(await hasher.hash(password));
 * ```
 */
export interface PasswordHasher {
  /** An encoded argon2id string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `encoded`; false for a wrong password or a malformed hash. */
  verify(encoded: string, password: string): Promise<boolean>;
  /** True when `encoded` was made with weaker parameters than the current ones (or is not argon2id). */
  needsRehash(encoded: string): boolean;
  /**
   * Costs what a real {@link verify} costs and always resolves false: call it when the account
   * does not exist, so that response times do not reveal which accounts exist.
   */
  dummyVerify(password: string): Promise<false>;
}
/** Inversify token for {@link PasswordHasher}. */
export const PasswordHasher = Symbol('PasswordHasher');

/** argon2id parameters. */
export interface Argon2idParams {
  /** Memory in KiB (OWASP minimum 19456). */
  memoryCost: number;
  /** Passes (OWASP minimum 2 at 19 MiB). */
  timeCost: number;
  /** Lanes (1). */
  parallelism: number;
}

/** The OWASP Password Storage Cheat Sheet minimum for argon2id; also the defaults. */
export const OWASP_ARGON2ID_MINIMUM: Readonly<Argon2idParams> = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

// `Algorithm` and `Version` of @node-rs/argon2 are const enums, which `isolatedModules` cannot
// inline (TS2748): use their numeric values.
const ALGORITHM_ARGON2ID = 2; // Algorithm.Argon2id
const VERSION_0X13 = 1; // Version.V0x13 (argon2 version 19)
const OUTPUT_LENGTH = 32;

/** Default {@link AuthOptions.hashThreadNice}. */
export const DEFAULT_HASH_THREAD_NICE = 10;

/**
 * Worker-thread pools for argon2id, one per size and priority, shared by every hasher in the process (the
 * threads are a process resource, like libuv's pool; tests build many containers).
 *
 * Why workers and not `@node-rs/argon2`'s async calls on libuv's pool behind a limiter: with a
 * limiter, the next hash could only start once the event loop had run the previous one's
 * callback, so under load the hashing core sat idle while the event loop was busy. Here every
 * task is handed to a worker at once (`concurrentTasksPerWorker`) and waits in that worker's
 * queue; a worker computes one hash at a time, back to back. The number of workers is the cap.
 */
const pools = new Map<string, Piscina>();
function argon2Pool(threads: number, nice: number, schedIdle: boolean): Piscina {
  const key = `${threads}/${nice}/${schedIdle}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Piscina({
      filename: new URL('./argon2-worker.mjs', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1024, // queue in the worker, not behind the event loop
      idleTimeout: 60_000,
      maxQueue: 'auto',
      atomics: 'disabled', // the workers only ever block in argon2id
      niceIncrement: nice,
      workerData: { schedIdle },
    });
    pools.set(key, pool);
  }
  return pool;
}

/** {@link PasswordHasher} on `@node-rs/argon2` (prebuilt native binary) in worker threads. */
@injectable()
export class Argon2PasswordHasher implements PasswordHasher {
  readonly params: Readonly<Argon2idParams>;
  private readonly argonOptions: Argon2Options;
  private dummyHash: Promise<string> | undefined;
  /** Worker threads, as many as AuthOptions.maxConcurrentHashes. */
  private readonly pool: Piscina;

  constructor(@inject(AuthOptions) @optional() options: AuthOptions = {}) {
    const given = options.passwordHash ?? {};
    const params = {
      memoryCost: given.memoryCost ?? OWASP_ARGON2ID_MINIMUM.memoryCost,
      timeCost: given.timeCost ?? OWASP_ARGON2ID_MINIMUM.timeCost,
      parallelism: given.parallelism ?? OWASP_ARGON2ID_MINIMUM.parallelism,
    };
    if (
      !Number.isInteger(params.memoryCost) || !Number.isInteger(params.timeCost) || !Number.isInteger(params.parallelism) ||
      params.memoryCost < OWASP_ARGON2ID_MINIMUM.memoryCost || params.timeCost < OWASP_ARGON2ID_MINIMUM.timeCost || params.parallelism < 1
    ) {
      throw new Error(`argon2id parameters ${JSON.stringify(params)} are below the OWASP minimum m=19456 KiB, t=2, p=1`);
    }
    this.params = Object.freeze(params);
    const cores = availableParallelism();
    const concurrency = options.maxConcurrentHashes ?? Math.max(1, cores - 1);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('maxConcurrentHashes must be a whole number ≥ 1');
    const nice = options.hashThreadNice ?? DEFAULT_HASH_THREAD_NICE;
    if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new Error('hashThreadNice must be a whole number from 0 to 19');
    this.pool = argon2Pool(concurrency, nice, options.hashThreadIdle ?? true);
    this.argonOptions = {
      algorithm: ALGORITHM_ARGON2ID,
      version: VERSION_0X13,
      memoryCost: params.memoryCost,
      timeCost: params.timeCost,
      parallelism: params.parallelism,
      outputLen: OUTPUT_LENGTH,
    } as Argon2Options;
    // Made at once (off the event loop), so that even the first dummyVerify costs one verify.
    this.dummyHash = this.hash(randomBytes(24).toString('base64url'));
    this.dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return this.pool.run({ op: 'hash', password: normalize(password), options: this.argonOptions }) as Promise<string>;
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    if (typeof encoded !== 'string' || !encoded.startsWith('$argon2')) return false;
    try {
      return (await this.pool.run({ op: 'verify', encoded, password: normalize(password) })) === true;
    } catch {
      return false; // malformed hash
    }
  }

  needsRehash(encoded: string): boolean {
    try {
      const parsed = parseOptions(encoded);
      return (
        (parsed.algorithm as number) !== ALGORITHM_ARGON2ID ||
        (parsed.version as number) !== VERSION_0X13 ||
        parsed.memoryCost < this.params.memoryCost ||
        parsed.timeCost < this.params.timeCost ||
        parsed.outputLen < OUTPUT_LENGTH
      );
    } catch {
      return true;
    }
  }

  async dummyVerify(password: string): Promise<false> {
    // The dummy hash has the current parameters, so verifying against it costs a real verify.
    this.dummyHash ??= this.hash(randomBytes(24).toString('base64url'));
    let encoded: string;
    try {
      encoded = await this.dummyHash;
    } catch (error) {
      this.dummyHash = undefined;
      throw error;
    }
    await this.verify(encoded, password);
    return false;
  }
}

function normalize(password: string): string {
  return String(password).normalize('NFKC');
}
