/**
 * A typed client of Portico's SavePortalUser API, for systems that provision portal users.
 *
 * @example
 * const sync = new PortalUserSyncClient({ baseUrl: 'https://portico.example.org', token: process.env.PORTICO_TOKEN! });
 * const user = sync.user({ Email: 'myEmail@test.com', UserName: 'test6', UserPwd: 'Abcd1234', QueryNo: 163,
 *   Conditions: [{ FieldNoOrName: '1019', Condition: '1' }] });
 * const ids = await user.save();                 // the sync rows written
 * const rows = await user.waitUntilProcessed();  // [{ id, state: 'synced', syncState: 0, error: null, … }]
 */

/** A condition of the search assignment: a field (number or name) and a filter in condition syntax. */
export interface PortalUserCondition {
  FieldNoOrName: string | number;
  Condition: string;
}

/** A pre-filled index value of the upload permission (CtgryNo). `readonly` (default) enforces it, `write` only suggests it. */
export interface PortalUserIndexDataItem {
  FieldNoOrName: string | number;
  Value: string | number;
  Mode?: 'readonly' | 'write';
}

/** The properties of `{"PortalUser": {…}}`, as the API names them. */
export interface PortalUserFields {
  Email: string;
  UserName?: string | null;
  /** Cleartext, sent over TLS, hashed by the server at once. Absent: the user activates by user name. */
  UserPwd?: string | null;
  /** 1 = must change the password at the next sign-in (only with UserPwd). */
  OneTimePwd?: 0 | 1 | boolean;
  /** The search to assign (with Conditions). */
  QueryNo?: string | number | null;
  Conditions?: PortalUserCondition[];
  /** A category the user may upload into (with IndexDataItems). */
  CtgryNo?: string | number | null;
  IndexDataItems?: PortalUserIndexDataItem[];
  /** true: remove that search / upload permission (or the user, when nothing else of theirs remains). */
  Delete?: boolean;
}

/** SyncState of a row, with its name. */
export type SyncStateName = 'synced' | 'pending' | 'delete-pending' | 'failed' | 'delete-failed' | 'deleted';

export interface SyncRowState {
  id: number;
  /** 0 synced, 1 pending, 2 delete pending, 3 failed, 4 delete failed; null: processed deletion (row removed). */
  syncState: number | null;
  state: SyncStateName;
  error: string | null;
  processedAt: string | null;
}

export interface PortalUserSyncConnection {
  /** The workbench's address, e.g. `https://portico.example.org`. */
  baseUrl: string;
  /** A staff API token (Security › IAM User Management › API Tokens). */
  token: string;
  /** Another fetch (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** A refused request: `status` 400 with `fields` naming what is wrong, 401 bad token, 403 missing privilege. */
export class PortalUserSyncError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'PortalUserSyncError';
  }
}

const PATH = '/api/portal/save-portal-user';
const FINAL: ReadonlySet<SyncStateName> = new Set(['synced', 'failed', 'delete-failed', 'deleted']);

/** The connection: makes {@link PortalUserSync} objects and reads row states. */
export class PortalUserSyncClient {
  constructor(readonly connection: PortalUserSyncConnection) {
    if (!connection.baseUrl) throw new TypeError('baseUrl is required');
    if (!connection.token) throw new TypeError('token is required');
  }

  user(fields: PortalUserFields): PortalUserSync {
    return new PortalUserSync(this.connection, fields);
  }

  /** The state of each row (by id, in the order asked). */
  async state(ids: readonly number[]): Promise<SyncRowState[]> {
    if (!ids.length) return [];
    const body = await call<{ rows: SyncRowState[] }>(this.connection, 'GET', `${PATH}?ids=${ids.join(',')}`);
    return body.rows;
  }

  /** Polls until every row is settled (synced, failed, deleted); throws after `timeoutMs` (default 30 s). */
  async waitUntilProcessed(ids: readonly number[], options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<SyncRowState[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const rows = await this.state(ids);
      if (rows.every((r) => FINAL.has(r.state))) return rows;
      if (Date.now() > deadline) throw new PortalUserSyncError(`Rows ${rows.filter((r) => !FINAL.has(r.state)).map((r) => r.id).join(', ')} are still pending`, 408, 'timeout');
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    }
  }
}

/**
 * One portal user to save: the same properties as the API's `PortalUser` object. `save()` writes
 * the sync rows and returns their ids; the server's job processes them within about a second.
 */
export class PortalUserSync implements PortalUserFields {
  Email = '';
  UserName?: string | null;
  UserPwd?: string | null;
  OneTimePwd?: 0 | 1 | boolean;
  QueryNo?: string | number | null;
  Conditions: PortalUserCondition[] = [];
  CtgryNo?: string | number | null;
  IndexDataItems: PortalUserIndexDataItem[] = [];
  Delete?: boolean;
  /** Ids of the rows written by the last {@link save}. */
  ids: number[] = [];
  private readonly client: PortalUserSyncClient;

  constructor(connection: PortalUserSyncConnection, fields?: PortalUserFields) {
    this.client = new PortalUserSyncClient(connection);
    if (fields) Object.assign(this, { ...fields, Conditions: fields.Conditions ?? [], IndexDataItems: fields.IndexDataItems ?? [] });
  }

  /** The request body, `{"PortalUser": {…}}`. */
  toJSON(): { PortalUser: PortalUserFields } {
    const u: PortalUserFields = { Email: this.Email, Conditions: this.Conditions, IndexDataItems: this.IndexDataItems };
    for (const key of ['UserName', 'UserPwd', 'OneTimePwd', 'QueryNo', 'CtgryNo', 'Delete'] as const) {
      if (this[key] !== undefined) (u as unknown as Record<string, unknown>)[key] = this[key];
    }
    return { PortalUser: u };
  }

  /** POSTs the user; returns the ids of the sync rows written (one per search / upload permission). */
  async save(): Promise<number[]> {
    const body = await call<{ ids: number[] }>(this.client.connection, 'POST', PATH, this.toJSON());
    this.ids = body.ids;
    return body.ids;
  }

  state(): Promise<SyncRowState[]> {
    return this.client.state(this.ids);
  }

  waitUntilProcessed(options?: { timeoutMs?: number; intervalMs?: number }): Promise<SyncRowState[]> {
    return this.client.waitUntilProcessed(this.ids, options);
  }
}

async function call<T>(c: PortalUserSyncConnection, method: string, path: string, json?: unknown): Promise<T> {
  const doFetch = c.fetch ?? fetch;
  const res = await doFetch(new URL(path, c.baseUrl), {
    method,
    headers: { authorization: `Bearer ${c.token}`, accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? null : JSON.stringify(json),
  });
  const text = await res.text();
  let body: unknown;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; fields?: Array<{ path: string; message: string }> } } | undefined)?.error;
    throw new PortalUserSyncError(e?.message ?? `HTTP ${res.status}`, res.status, e?.code ?? `http_${res.status}`, e?.fields ?? []);
  }
  return body as T;
}
