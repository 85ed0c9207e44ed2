/**
 * A small HTTP client for API tests that behaves like a browser session: it keeps cookies
 * and sends the session's CSRF token on writes.
 */
export class TestClient {
  private readonly cookies = new Map<string, string>();
  private csrf?: string;

  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit & { json?: unknown; noCsrf?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const method = (init.method ?? 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !init.noCsrf && !headers.has('x-csrf-token')) {
      headers.set('x-csrf-token', await this.csrfToken()); // may start the session: before the cookie header
    }
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const send = () => fetch(new URL(path, this.baseUrl), { ...init, method, headers, body: body ?? null, redirect: 'manual' });
    // A kept-alive socket the server closed while the test was busy elsewhere (its keep-alive
    // timeout passed) fails the next request before it is sent; a read is safe to send again.
    const res = await send().catch((err: unknown) => {
      if (method !== 'GET' || !(err instanceof TypeError)) throw err; // undici: TypeError('fetch failed', { cause })
      return send();
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq), value = pair!.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }
  post(path: string, json: unknown = {}): Promise<Response> {
    return this.request(path, { method: 'POST', json });
  }
  patch(path: string, json: unknown): Promise<Response> {
    return this.request(path, { method: 'PATCH', json });
  }
  delete(path: string): Promise<Response> {
    return this.request(path, { method: 'DELETE' });
  }

  /** The session's CSRF token (fetched once per session; refreshed after sign-in). */
  async csrfToken(): Promise<string> {
    if (!this.csrf) {
      const res = await this.request('/api/shell/session');
      this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    }
    return this.csrf;
  }

  setCsrfToken(token: string | undefined): void {
    this.csrf = token;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
