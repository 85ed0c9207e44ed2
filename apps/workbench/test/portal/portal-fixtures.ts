/**
 * Helpers for the portal tests: a workbench with a test SMTP server and the first admin, a
 * cookie-keeping form client that posts like a browser without JavaScript (reading `_csrf` from
 * the last page), e-mails read from the SMTP server, and portal users made through the API.
 */
import * as assert from 'uvu/assert';
import { startTestSmtpServer, type ParsedMail, type TestSmtpServer } from '@portico/mail/testing';
import { createFirstAdmin, expectStatus, signedInClient, startSecurityWorkbench, strongPassword, uniqueEmail, type SecurityHarness } from '../security/fixtures';
import type { TestClient } from '../http-client';

export const RECORDS = '/api/entities/tc_portaluser/records';
export const APPLICANT = '/portal/applicant';
export const DEFAULT_PLUGINS = '@portico/plugin-security,@portico/plugin-portal,@portico/plugin-system';

export interface PortalHarness {
  h: SecurityHarness;
  smtp: TestSmtpServer;
  admin: TestClient;
  stop(): Promise<void>;
}

export async function startPortalWorkbench(extraEnv: Record<string, string> = {}): Promise<PortalHarness> {
  const smtp = await startTestSmtpServer();
  const h = await startSecurityWorkbench({ PORTICO_JOBS: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Portico <no-reply@portico.test>', ...extraEnv });
  const first = await createFirstAdmin(h.running, { name: 'Alex Admin' });
  const admin = await signedInClient(h.url, first);
  return {
    h, smtp, admin,
    async stop() {
      await h.stop();
      await smtp.stop();
    },
  };
}

export interface PageResponse {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

/** A browser without JavaScript: keeps cookies, reads `_csrf` from every HTML page it gets. */
export class FormClient {
  readonly cookies = new Map<string, string>();
  csrf?: string;

  constructor(readonly baseUrl: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; noCsrf?: boolean; cookies?: boolean } = {}): Promise<PageResponse> {
    const headers = new Headers({ accept: 'text/html' });
    if (this.cookies.size && init.cookies !== false) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | undefined;
    if (init.form) {
      const fields = { ...init.form };
      if (!init.noCsrf && this.csrf && fields._csrf === undefined) fields._csrf = this.csrf;
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(fields).toString();
    }
    const res = await fetch(new URL(path, this.baseUrl), { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body: body ?? null, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq), value = pair!.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  get(path: string): Promise<PageResponse> {
    return this.request(path);
  }

  /** GETs `page` (for its CSRF token), then POSTs `form` to `action` (default: the same path). */
  async submit(page: string, form: Record<string, string>, action = page.split('?')[0]!): Promise<PageResponse> {
    const shown = await this.get(page);
    assert.ok(shown.status < 500, `GET ${page} → ${shown.status}`);
    return this.request(action, { form });
  }

  /** Follows a redirect (303) and returns the page it leads to. */
  async follow(res: PageResponse): Promise<PageResponse> {
    assert.ok(res.location, `expected a redirect, got ${res.status}: ${res.text.slice(0, 300)}`);
    return this.get(res.location);
  }
}

/** Replaces what legitimately differs between two replies (CSRF tokens, given values). */
export function normalise(text: string, ...values: string[]): string {
  let out = text.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"');
  for (const v of values) out = out.split(v).join('«value»');
  return out;
}

/** The first e-mail to `to` whose subject matches, arriving after `after` messages (waits up to 10 s). */
export async function mailTo(smtp: TestSmtpServer, to: string, subject: RegExp, timeoutMs = 10_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = smtp.messages.findIndex((m, n) => smtp.envelopes[n]!.to.some((r) => r.toLowerCase() === to.toLowerCase()) && subject.test(m.subject ?? ''));
    if (i >= 0) return smtp.messages[i]!;
    if (Date.now() > deadline) {
      throw new Error(`no e-mail to ${to} matching ${subject} within ${timeoutMs} ms; got: ${smtp.messages.map((m, n) => `${smtp.envelopes[n]!.to.join(',')}: ${m.subject}`).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** All e-mails to `to` so far. */
export function mailsTo(smtp: TestSmtpServer, to: string): ParsedMail[] {
  return smtp.messages.filter((_, n) => smtp.envelopes[n]!.to.some((r) => r.toLowerCase() === to.toLowerCase()));
}

/** Path and query of the first portal link in an e-mail (`/portal/set-password?token=…`). */
export function linkIn(mail: ParsedMail, path = '/portal/set-password'): string {
  const match = new RegExp(`https?://[^\\s"<>]+(${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]+)`).exec(mail.text ?? '');
  assert.ok(match, `no ${path} link in: ${mail.text}`);
  return match[1]!;
}

/** Waits for the outbox to be empty-ish: lets the mail job send what is queued. */
export async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export interface PortalAccount {
  id: string;
  email: string;
  password: string;
  userName?: string;
}

/** Creates a portal user as staff (record API). */
export async function createPortalUser(admin: TestClient, fields: Record<string, unknown> = {}): Promise<{ id: string; email: string; version: number }> {
  const email = String(fields.emailAddress ?? uniqueEmail('applicant'));
  const created = await expectStatus<{ id: string; emailAddress: string; version: number }>(await admin.post(RECORDS, { emailAddress: email, ...fields }), 201, 'create portal user');
  return { id: created.id, email: created.emailAddress, version: created.version };
}

/** A portal user who followed the invitation and set a password (the client that did so stays signed in). */
export async function createActiveUser(p: PortalHarness, fields: Record<string, unknown> = {}): Promise<PortalAccount & { client: FormClient }> {
  const user = await createPortalUser(p.admin, fields);
  await expectStatus(await p.admin.post(`/api/portal/users/${user.id}/notify`), 200, 'notify');
  const mail = await mailTo(p.smtp, user.email, /portal account is ready/);
  const client = new FormClient(p.h.url);
  const password = strongPassword();
  const done = await client.submit(linkIn(mail), { token: new URL(linkIn(mail), p.h.url).searchParams.get('token')!, password, confirm: password }, '/portal/set-password');
  assert.is(done.status, 303, `set-password: ${done.status} ${done.text.slice(0, 500)}`);
  return { id: user.id, email: user.email, password, ...(typeof fields.userName === 'string' ? { userName: fields.userName } : {}), client };
}

/** Signs a new client in to a portal; returns the client and the response. */
export async function portalSignIn(url: string, identifier: string, password: string, base = APPLICANT): Promise<{ client: FormClient; res: PageResponse }> {
  const client = new FormClient(url);
  const res = await client.submit(`${base}/sign-in`, { identifier, password });
  return { client, res };
}

export { expectStatus, strongPassword, uniqueEmail };
