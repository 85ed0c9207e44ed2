/**
 * The signed-in user's session in the browser, shared by the shell and plugin views:
 * who is signed in, their effective privileges, the CSRF token, `can(privilege)` and
 * `api(path, init)` (a `fetch` wrapper that sends the CSRF header on writes and turns the
 * server's `{ error: { code, message, fields } }` shape into an {@link ApiError}).
 *
 * @example
 * ```ts
 * import { session, api } from '@portico/ui/session';
 * if (session.can('entity.security_staffuser.create')) ...
 * const { items } = await api<{ items: Row[] }>('/api/security/staff-users');
 * ```
 */

/** A grant scope as the browser receives it: all records, or the rules that select them. */
export type SessionScope = 'all' | Array<{ rule: string; params?: unknown }>;

export interface SessionUser {
  kind: string;
  id: string;
  name: string;
}

export interface SessionState {
  user: SessionUser | null;
  privileges: Record<string, SessionScope>;
  csrfToken: string;
}

/** A field the server rejected: `path` names the field (e.g. `email`, `grants.0.privilege`). */
export interface FieldError {
  path: string;
  message: string;
  /** A workbench path related to the error, e.g. the record that already uses a unique value. */
  link?: string;
}

/** A failed API call, with the server's error code, message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The privilege of the built-in System Administrator group: everything. */
export const ALL_PRIVILEGES = '*';

type Listener = (state: SessionState) => void;

const EMPTY: SessionState = { user: null, privileges: {}, csrfToken: '' };

class SessionStore {
  private value: SessionState = EMPTY;
  private readonly listeners = new Set<Listener>();
  private loaded = false;

  get state(): SessionState {
    return this.value;
  }

  get user(): SessionUser | null {
    return this.value.user;
  }

  get csrfToken(): string {
    return this.value.csrfToken;
  }

  /** True once `load()` has succeeded at least once. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Whether the user holds `privilege` (on all or some records); `*` holds everything. */
  can(privilege: string): boolean {
    const p = this.value.privileges;
    return ALL_PRIVILEGES in p || privilege in p;
  }

  /** Fetches `/api/shell/session` and notifies subscribers. */
  async load(): Promise<SessionState> {
    const response = await fetch('/api/shell/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new ApiError(response.status, 'session_failed', `the server answered ${response.status}`);
    const body = (await response.json()) as Partial<SessionState>;
    this.loaded = true;
    this.set({ user: body.user ?? null, privileges: body.privileges ?? {}, csrfToken: body.csrfToken ?? '' });
    return this.value;
  }

  /** Replaces the CSRF token (the sign-in response carries a new one). */
  setCsrfToken(token: string): void {
    this.set({ ...this.value, csrfToken: token });
  }

  set(state: SessionState): void {
    this.value = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The one session of this page. */
export const session = new SessionStore();

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `fetch` for the Portico API: JSON in and out, the `x-csrf-token` header on writes, and an
 * {@link ApiError} for any non-2xx answer. A plain object `body` is sent as JSON. Resolves to
 * the parsed JSON body, or `undefined` for 204.
 */
export async function api<T = unknown>(path: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  let body = init.body as BodyInit | undefined;
  if (init.body !== undefined && (typeof init.body !== 'string' && !(init.body instanceof FormData) && !(init.body instanceof Blob))) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.body);
  }
  if (UNSAFE.has(method) && session.csrfToken) headers.set('x-csrf-token', session.csrfToken);
  const response = await fetch(path, { ...init, method, headers, body: body ?? null, credentials: 'same-origin' });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? `The server answered ${response.status}.`, error?.fields ?? []);
  }
  return parsed as T;
}

/** Signs in with e-mail and password; on success reloads the session (new CSRF token). */
export async function signIn(email: string, password: string): Promise<SessionUser> {
  const result = await api<{ user: SessionUser; csrfToken: string }>('/api/security/sign-in', { method: 'POST', body: { email, password } });
  session.setCsrfToken(result.csrfToken);
  await session.load();
  return result.user;
}

/** Signs out and reloads the (now anonymous) session. */
export async function signOut(): Promise<void> {
  await api('/api/security/sign-out', { method: 'POST' });
  await session.load();
}

/**
 * Navigates the workbench to `url` without reloading (the shell's router follows
 * `popstate`). For plugin views that navigate after an action (open a row, save & close).
 */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
