import { and, count, eq, gt, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { Database, preparedOnFirstUse } from '@portico/db';
import { alias } from 'drizzle-orm/pg-core';
import session, { type SessionData } from 'express-session';
import { inject, injectable, optional } from 'inversify';
import { AuthOptions } from './auth-options';
import { authSessions } from './auth-schema';

/** Who a session belongs to, as stored in `auth_sessions.user_kind` / `user_id`. */
export interface SessionUser {
  /** Kind of account, e.g. `staff` or `portal`. */
  kind: string;
  id: string;
}

declare module 'express-session' {
  interface SessionData {
    /** When the session started (ms since epoch); set by the store or by `regenerateSession`. */
    createdAt?: number;
    /** The signed-in user; copied into the `user_kind` / `user_id` columns. */
    user?: SessionUser;
    /** Synchronizer token of `csrf.ts`. */
    csrfToken?: string;
  }
}

/** Options of {@link DrizzleSessionStore}. */
export interface DrizzleSessionStoreOptions {
  /** Sessions older than this are refused whatever their activity (default 12 hours). */
  absoluteTimeoutMs?: number;
  /** Idle lifetime for sessions whose cookie has no expiry (default 30 minutes). */
  defaultIdleMs?: number;
  /** Finds the user of a session (default: {@link defaultSessionUser}). */
  userOf?: (sess: SessionData) => SessionUser | undefined;
}

/**
 * An express-session store in the database, so every app node shares the sessions.
 * Beyond the express-session contract it ends all sessions of a user (sign out everywhere,
 * after a password reset) and purges expired rows in batches (the `auth.session-cleanup` job).
 *
 * @example
 * ```ts
 * await store.destroyAllForUser('portal', user.id, req.sessionID); // keep the current one
 * ```
 */
export interface SessionStore extends session.Store {
  /** Ends every session of the user except `exceptSid`. Returns how many ended. */
  destroyAllForUser(kind: string, userId: string, exceptSid?: string): Promise<number>;
  /** Deletes up to `limit` expired sessions. Returns how many. */
  purgeExpired(limit?: number): Promise<number>;
  /**
   * A view of this store whose session reads also load the companions' rows, in the same
   * statement; collect them with {@link takeCompanionRows}. Data and writes are shared.
   */
  withCompanions(companions: readonly SessionCompanion[]): SessionStore;
  /**
   * The companion rows loaded by the last read of session `sid` through such a view (once;
   * undefined when the session had no companion of its kind, or was read by another view).
   */
  takeCompanionRows(sid: string): unknown[] | undefined;
  /**
   * Data-modifying statements (e.g. the account's "last signed in" update) to run in the same SQL
   * statement as the first save of `session`, a session just made by `regenerate` (see
   * `regenerateSession`): they and the new session are written together or not at all, in one
   * round trip. Throws when `session` is not such a session of this store.
   */
  saveAlongside(session: object, writes: readonly SQL[]): void;
}
/** Inversify token for {@link SessionStore}. */
export const SessionStore = Symbol('SessionStore');

/**
 * Default {@link DrizzleSessionStoreOptions.userOf}: `sess.user`, else passport's
 * `sess.passport.user`, when it is an object `{ kind: string, id: string | number }`.
 */
export function defaultSessionUser(sess: SessionData): SessionUser | undefined {
  const candidate: unknown = sess.user ?? (sess as { passport?: { user?: unknown } }).passport?.user;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { kind, id } = candidate as { kind?: unknown; id?: unknown };
  if (typeof kind !== 'string' || !kind) return undefined;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  return { kind, id: String(id) };
}

/**
 * Rows to load with every read of a session of one user kind, in the same statement: a signed-in
 * request then needs one round trip for its session and its user instead of two. The host gives
 * each principal resolver's query (see `PrincipalResolver.sessionQuery` in packages/access).
 */
export interface SessionCompanion {
  /** `auth_sessions.user_kind` whose sessions get these rows. */
  kind: string;
  /**
   * A SELECT of the rows for the user whose id is `userId` (SQL of type text: the session's
   * `user_id` when the session is of this kind, else NULL). Its rows come back as JSON objects
   * keyed by the SELECT's column names.
   */
  select(userId: SQL): SQL;
}

/** `touch` skips writes that would move a session's expiry by less than this. */
export const TOUCH_GRANULARITY_MS = 60_000;

type Callback<T = void> = (err: unknown, value?: T) => void;

/** {@link SessionStore} over the `auth_sessions` table. */
@injectable()
export class DrizzleSessionStore extends session.Store implements SessionStore {
  readonly absoluteTimeoutMs: number;
  readonly defaultIdleMs: number;
  private readonly userOf: (sess: SessionData) => SessionUser | undefined;
  /**
   * Sessions made by `regenerate`, keyed by the new session object, until their first save: the
   * replaced session's id, whose row that save deletes, and the writes to run with it
   * ({@link saveAlongside}) — all in the save's one statement.
   */
  private readonly rotations = new WeakMap<object, { oldSid: string | undefined; writes: SQL[] }>();
  /**
   * Expiry (ms) of each session as last read in this process, so that `touch` can skip the
   * write when it would move the expiry by less than {@link TOUCH_GRANULARITY_MS}. Filled by
   * `get`, emptied by `touch`/`set`/`destroy` of the same request; bounded.
   */
  private readonly readExpiry = new Map<string, number>();
  /**
   * What this store last wrote for each session object (its id, its JSON but the cookie's
   * expiry, and when). express-session saves a session whose id changed during the request — one
   * made by `regenerate` — at the end of the response even when the handler saved it already
   * (`regenerateSession` does, before it answers): without this, every sign-in wrote its session
   * twice and sent the response's last byte only after the second write. Held per object, so
   * only for the request that has it.
   */
  private readonly written = new WeakMap<object, { sid: string; fingerprint: string; at: number }>();

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuthOptions) @optional() options: AuthOptions & DrizzleSessionStoreOptions = {},
  ) {
    super();
    this.absoluteTimeoutMs = options.absoluteTimeoutMs ?? (options.sessionAbsoluteHours ?? 12) * 3_600_000;
    this.defaultIdleMs = options.defaultIdleMs ?? (options.sessionIdleMinutes ?? 30) * 60_000;
    if (!(this.absoluteTimeoutMs > 0) || !(this.defaultIdleMs > 0)) throw new Error('session timeouts must be positive');
    this.userOf = options.userOf ?? defaultSessionUser;
  }

  /** The session read, prepared: it runs on every request that carries a cookie. */
  private readonly getStatement = preparedOnFirstUse(() =>
    this.db
      .select({ sess: authSessions.sess, expiresAt: authSessions.expiresAt })
      .from(authSessions)
      .where(and(eq(authSessions.sid, sql.placeholder('sid')), gt(authSessions.expiresAt, sql`now()`), gt(authSessions.createdAt, this.absoluteCutoff())))
      .prepare('portico_session_get'),
  );

  /**
   * Set on views made by {@link withCompanions}: the session read joined with the companions'
   * rows, prepared, so that its SQL is built once rather than on every signed-in request.
   */
  private companionStatement?: () => { execute(params: { sid: string }): Promise<Array<{ sess: unknown; expiresAt: Date | string; companion: unknown }>> };
  /** Companion rows read with a session, until the request that read it takes them (bounded). */
  private readonly companionRows = new Map<string, unknown[]>();

  withCompanions(companions: readonly SessionCompanion[]): DrizzleSessionStore {
    const view = Object.create(this) as DrizzleSessionStore;
    if (companions.length === 0) return view;
    const s = alias(authSessions, 's');
    const joined = (i: number) => sql.identifier(`c${i}`);
    // The companion rows of the session's kind as one JSON array (`c<i>.rows` of the i-th join).
    const companion = sql<unknown>`case ${s.userKind} ${sql.join(companions.map((c, i) => sql`when ${c.kind} then ${joined(i)}.rows`), sql` `)} end`;
    view.companionStatement = preparedOnFirstUse(() => {
      let query = this.db.select({ sess: s.sess, expiresAt: s.expiresAt, companion }).from(s).$dynamic();
      companions.forEach((c, i) => {
        const userId = sql`(case when ${s.userKind} = ${c.kind} then ${s.userId} end)`;
        query = query.leftJoin(sql`lateral (select json_agg(r) as rows from (${c.select(userId)}) r) ${joined(i)}`, sql`true`);
      });
      return query
        .where(and(eq(s.sid, sql.placeholder('sid')), gt(s.expiresAt, sql`now()`), gt(s.createdAt, this.absoluteCutoff())))
        .prepare(`portico_session_get_with_${companions.map((c) => c.kind).join('_')}`);
    });
    return view;
  }

  takeCompanionRows(sid: string): unknown[] | undefined {
    const rows = this.companionRows.get(sid);
    this.companionRows.delete(sid);
    return rows;
  }

  // ---- promise API ----

  /** The session, or undefined when unknown, idle-expired or past the absolute limit. */
  async getSession(sid: string): Promise<SessionData | undefined> {
    const rows = this.companionStatement ? await this.companionStatement().execute({ sid }) : await this.getStatement().execute({ sid });
    const sess = rows[0]?.sess as SessionData | undefined;
    if (!sess) return undefined;
    const raw = (rows[0] as { companion?: unknown }).companion;
    const companion: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw; // json: text on some drivers
    if (Array.isArray(companion)) {
      if (this.companionRows.size >= 10_000) this.companionRows.clear();
      this.companionRows.set(sid, companion);
    }
    if (this.readExpiry.size >= 10_000) this.readExpiry.clear();
    this.readExpiry.set(sid, new Date(rows[0]!.expiresAt).getTime());
    // Belt and braces: the session's own start, in case the column was written by older code.
    if (typeof sess.createdAt === 'number' && Date.now() - sess.createdAt >= this.absoluteTimeoutMs) return undefined;
    return sess;
  }

  /** Inserts or replaces the session; stamps `createdAt` on it when missing. */
  async setSession(sid: string, sess: SessionData): Promise<void> {
    if (typeof sess.createdAt !== 'number') sess.createdAt = Date.now();
    const ttlMs = this.ttlOf(sess);
    if (ttlMs <= 0) {
      await this.destroySession(sid);
      return;
    }
    const user = this.userOf(sess);
    const createdAt = new Date(sess.createdAt);
    const expiresAt = this.expiresAt(ttlMs, sql`${createdAt.toISOString()}::timestamptz`);
    const plain = JSON.parse(JSON.stringify(sess)) as SessionData;
    this.readExpiry.delete(sid);
    const wrote = () => this.written.set(sess, { sid, fingerprint: fingerprintOf(plain), at: Date.now() });
    const rotation = this.rotations.get(sess);
    if (rotation) {
      this.rotations.delete(sess);
      // Rotation at sign-in: the old row goes, and the writes given to saveAlongside run, in the
      // same statement that inserts the new session (data-modifying WITH queries).
      const writes = [...(rotation.oldSid !== undefined ? [sql`delete from ${authSessions} where ${authSessions.sid} = ${rotation.oldSid}`] : []), ...rotation.writes];
      const withClause = writes.length ? sql`with ${sql.join(writes.map((w, i) => sql`${sql.identifier(`w${i}`)} as (${w})`), sql`, `)} ` : sql``;
      await this.db.execute(sql`
        ${withClause}insert into ${authSessions} (sid, sess, expires_at, created_at, user_kind, user_id)
        values (${sid}, ${JSON.stringify(plain)}::jsonb, ${expiresAt}, ${createdAt.toISOString()}::timestamptz, ${user?.kind ?? null}, ${user?.id ?? null})`);
      wrote();
      return;
    }
    await this.db
      .insert(authSessions)
      .values({ sid, sess: plain, expiresAt, createdAt, userKind: user?.kind ?? null, userId: user?.id ?? null })
      .onConflictDoUpdate({
        target: authSessions.sid,
        set: {
          sess: plain,
          // The start of a session never moves later (a session object without createdAt
          // written again within its first request).
          createdAt: sql`least("auth_sessions"."created_at", excluded.created_at)`,
          expiresAt: this.expiresAt(ttlMs, sql`least("auth_sessions"."created_at", excluded.created_at)`),
          userKind: user?.kind ?? null,
          userId: user?.id ?? null,
        },
      });
    wrote();
  }

  /**
   * Whether `sess` is the object this store wrote as session `sid` less than
   * {@link TOUCH_GRANULARITY_MS} ago, unchanged but for its cookie's expiry: writing it again
   * would only move the row's expiry by that little (as `touch` skips it).
   */
  private unchangedSinceWritten(sid: string, sess: SessionData): boolean {
    const last = this.written.get(sess);
    if (!last || last.sid !== sid || Date.now() - last.at >= TOUCH_GRANULARITY_MS) return false;
    return last.fingerprint === fingerprintOf(JSON.parse(JSON.stringify(sess)) as SessionData);
  }

  /** Extends the idle expiry of a live session (never past its absolute limit). */
  async touchSession(sid: string, sess: SessionData): Promise<void> {
    const known = this.readExpiry.get(sid);
    this.readExpiry.delete(sid);
    const ttlMs = this.ttlOf(sess);
    // Rolling sessions touch on every response; a write that would move the expiry by less
    // than the granularity is skipped (the idle timeout may end up that much shorter).
    if (known !== undefined && Date.now() + ttlMs - known < TOUCH_GRANULARITY_MS) return;
    await this.db
      .update(authSessions)
      .set({ expiresAt: this.expiresAt(ttlMs, authSessions.createdAt) })
      .where(and(eq(authSessions.sid, sid), gt(authSessions.expiresAt, sql`now()`)));
  }

  async destroySession(sid: string): Promise<void> {
    this.readExpiry.delete(sid);
    await this.db.delete(authSessions).where(eq(authSessions.sid, sid));
  }

  async destroyAllForUser(kind: string, userId: string, exceptSid?: string): Promise<number> {
    const rows = await this.db
      .delete(authSessions)
      .where(
        and(
          eq(authSessions.userKind, kind),
          eq(authSessions.userId, String(userId)),
          exceptSid === undefined ? undefined : ne(authSessions.sid, exceptSid),
        ),
      )
      .returning({ sid: authSessions.sid });
    return rows.length;
  }

  async purgeExpired(limit = 1000): Promise<number> {
    const expired = this.db
      .select({ sid: authSessions.sid })
      .from(authSessions)
      .where(or(lte(authSessions.expiresAt, sql`now()`), lte(authSessions.createdAt, this.absoluteCutoff())))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db.delete(authSessions).where(inArray(authSessions.sid, expired)).returning({ sid: authSessions.sid });
    return rows.length;
  }

  /** Number of live sessions. */
  async countSessions(): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(authSessions)
      .where(and(gt(authSessions.expiresAt, sql`now()`), gt(authSessions.createdAt, this.absoluteCutoff())));
    return Number(row?.n ?? 0);
  }

  // ---- express-session callback API ----

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.getSession(sid).then((s) => callback(null, s ?? null), callback);
  }

  override set(sid: string, sess: SessionData, callback?: (err?: unknown) => void): void {
    // Answered at once (not on a later tick) when there is nothing to write: express-session then
    // ends the response in one piece instead of holding back its last byte.
    if (this.unchangedSinceWritten(sid, sess)) return void callback?.();
    settle(this.setSession(sid, sess), callback);
  }

  override touch(sid: string, sess: SessionData, callback?: () => void): void {
    settle(this.touchSession(sid, sess), callback as Callback | undefined);
  }

  /**
   * express-session's `regenerate` (destroy, then a new session) without the separate
   * DELETE: the old row is deleted by the new session's first save (see `setSession`), along
   * with any writes given to {@link saveAlongside}. The
   * old session is gone from `req` at once; should the save never happen, its row expires as
   * usual. Used at sign-in, so it saves a round trip on every sign-in.
   */
  override regenerate(req: Express.Request, callback: (err?: unknown) => void): void {
    const oldSid = (req as { sessionID?: string }).sessionID;
    // `generate` is put on the store by express-session (with that middleware's cookie options).
    (this as unknown as { generate(r: Express.Request): void }).generate(req);
    const fresh = (req as { session?: object }).session;
    if (fresh) this.rotations.set(fresh, { oldSid: oldSid || undefined, writes: [] });
    callback();
  }

  saveAlongside(session: object, writes: readonly SQL[]): void {
    const rotation = this.rotations.get(session);
    if (!rotation) throw new Error('saveAlongside: not a session just made by regenerate() of this store');
    rotation.writes.push(...writes);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    settle(this.destroySession(sid), callback);
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    this.countSessions().then((n) => callback(null, n), callback);
  }

  override clear(callback?: (err?: unknown) => void): void {
    settle(this.db.delete(authSessions).then(() => undefined), callback);
  }

  // ---- helpers ----

  /** Milliseconds of idle lifetime the cookie asks for. */
  private ttlOf(sess: SessionData): number {
    const cookie = sess.cookie as { expires?: Date | string | null; maxAge?: number | null; originalMaxAge?: number | null } | undefined;
    if (cookie?.expires) {
      const at = new Date(cookie.expires).getTime();
      if (Number.isFinite(at)) return at - Date.now();
    }
    if (typeof cookie?.originalMaxAge === 'number') return cookie.originalMaxAge;
    return this.defaultIdleMs;
  }

  /** `least(now() + ttl, createdAt + absolute)` in SQL. */
  private expiresAt(ttlMs: number, createdAt: unknown) {
    return sql`least(now() + make_interval(secs => ${ttlMs / 1000}), ${createdAt} + make_interval(secs => ${this.absoluteTimeoutMs / 1000}))`;
  }

  private absoluteCutoff() {
    return sql`now() - make_interval(secs => ${this.absoluteTimeoutMs / 1000})`;
  }
}

/** A session's JSON without its cookie's expiry (which express-session moves on every response). */
function fingerprintOf(plain: SessionData): string {
  return JSON.stringify({ ...plain, cookie: { ...plain.cookie, expires: undefined } });
}

function settle(promise: Promise<void>, callback: Callback | undefined): void {
  promise.then(
    () => callback?.(null),
    (err: unknown) => (callback ? callback(err) : undefined),
  );
}
