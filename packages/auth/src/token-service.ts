import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { Database } from '@portico/db';
import { createHash, randomBytes } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { authTokens } from './auth-schema';

/** Well-known purposes; any other non-empty string (up to 64 characters) works too. */
export type TokenPurpose = 'staff-setup' | 'password-reset' | 'activation' | 'email-verify' | 'invitation' | (string & {});

/** What {@link TokenService.issue} needs. Give `ttlSeconds` or `expiresAt`. */
export interface IssueTokenInput {
  purpose: TokenPurpose;
  /** Whom the token is for, e.g. a user id. */
  subject: string;
  /** Lifetime in seconds (> 0). */
  ttlSeconds?: number;
  /** Exact expiry instead of `ttlSeconds` (a past date makes a token that never works; for tests). */
  expiresAt?: Date;
  /** Anything JSON the consumer needs back (e.g. the e-mail address being verified). */
  data?: unknown;
}

/** An issued token: `token` goes to the user (a link) and is never stored. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** What a valid token stands for. */
export interface TokenRecord {
  purpose: string;
  subject: string;
  data: unknown;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Single-use, expiring tokens for links sent by e-mail (account set-up, password reset,
 * activation, e-mail verification, invitations). The user receives 32 random bytes in
 * base64url; the table keeps only their SHA-256, so a database leak yields no usable token.
 *
 * @example
 * ```ts
 * const { token } = await tokens.issue({ purpose: 'password-reset', subject: user.id, ttlSeconds: 3600 });
 * // …mail `${publicUrl}/reset?token=${token}`…
 * const record = await tokens.consume(token, 'password-reset'); // undefined: invalid, used or expired
 * ```
 */
export interface TokenService {
  issue(input: IssueTokenInput): Promise<IssuedToken>;
  /**
   * Marks the token used and returns what it stands for, atomically: of two concurrent calls,
   * one wins. Undefined for an unknown, used, expired or other-purpose token.
   */
  consume(token: string, purpose: TokenPurpose): Promise<TokenRecord | undefined>;
  /** Like {@link consume} without using the token up (to show a form before the user submits it). */
  inspect(token: string, purpose: TokenPurpose): Promise<TokenRecord | undefined>;
  /** Invalidates every unused token of `subject` (of one purpose, or all). Returns how many. */
  revokeAll(subject: string, purpose?: TokenPurpose): Promise<number>;
  /** Deletes up to `limit` tokens that expired or were used more than `olderThanSeconds` ago. */
  purgeExpired(olderThanSeconds?: number, limit?: number): Promise<number>;
}
/** Inversify token for {@link TokenService}. */
export const TokenService = Symbol('TokenService');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url without padding

/** SHA-256 (hex) of a token, as stored in `auth_tokens.token_hash`. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** {@link TokenService} over the `auth_tokens` table. */
@injectable()
export class DrizzleTokenService implements TokenService {
  constructor(@inject(Database) private readonly db: Database) {}

  async issue(input: IssueTokenInput): Promise<IssuedToken> {
    checkPurpose(input.purpose);
    if (typeof input.subject !== 'string' || !input.subject) throw new TypeError('issue(): subject must be a non-empty string');
    let expiresAt: Date;
    if (input.expiresAt) {
      expiresAt = input.expiresAt;
    } else if (input.ttlSeconds !== undefined && Number.isFinite(input.ttlSeconds) && input.ttlSeconds > 0) {
      expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
    } else {
      throw new TypeError('issue(): give ttlSeconds (> 0) or expiresAt');
    }
    const token = randomBytes(32).toString('base64url');
    await this.db.insert(authTokens).values({
      tokenHash: hashToken(token),
      purpose: input.purpose,
      subject: input.subject,
      data: input.data === undefined ? null : input.data,
      expiresAt,
    });
    return { token, expiresAt };
  }

  async consume(token: string, purpose: TokenPurpose): Promise<TokenRecord | undefined> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return undefined;
    const rows = await this.db
      .update(authTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(authTokens.tokenHash, hashToken(token)),
          eq(authTokens.purpose, purpose),
          isNull(authTokens.usedAt),
          sql`${authTokens.expiresAt} > now()`,
        ),
      )
      .returning();
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async inspect(token: string, purpose: TokenPurpose): Promise<TokenRecord | undefined> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return undefined;
    const rows = await this.db
      .select()
      .from(authTokens)
      .where(
        and(
          eq(authTokens.tokenHash, hashToken(token)),
          eq(authTokens.purpose, purpose),
          isNull(authTokens.usedAt),
          sql`${authTokens.expiresAt} > now()`,
        ),
      );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async revokeAll(subject: string, purpose?: TokenPurpose): Promise<number> {
    const rows = await this.db
      .update(authTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(authTokens.subject, subject), purpose === undefined ? undefined : eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
      .returning({ tokenHash: authTokens.tokenHash });
    return rows.length;
  }

  async purgeExpired(olderThanSeconds = 7 * 24 * 3600, limit = 1000): Promise<number> {
    const cutoff = sql`now() - make_interval(secs => ${olderThanSeconds})`;
    const victims = this.db
      .select({ tokenHash: authTokens.tokenHash })
      .from(authTokens)
      .where(or(lt(authTokens.expiresAt, cutoff), lt(authTokens.usedAt, cutoff)))
      .limit(limit);
    const rows = await this.db
      .delete(authTokens)
      .where(inArray(authTokens.tokenHash, victims))
      .returning({ tokenHash: authTokens.tokenHash });
    return rows.length;
  }
}

function checkPurpose(purpose: string): void {
  if (typeof purpose !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(purpose)) {
    throw new TypeError(`Invalid token purpose ${JSON.stringify(purpose)}: lower-case letters, digits, '.', '_' and '-', up to 64`);
  }
}

function toRecord(row: typeof authTokens.$inferSelect): TokenRecord {
  return { purpose: row.purpose, subject: row.subject, data: row.data ?? undefined, createdAt: row.createdAt, expiresAt: row.expiresAt };
}
