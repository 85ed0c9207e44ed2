import { PorticoError } from '@portico/core';
import { sql } from 'drizzle-orm';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createCsrfProtection,
  createSessionMiddleware,
  csrfProtection,
  csrfToken,
  destroySession,
  DrizzleSessionStore,
  regenerateSession,
  VisitorCsrf,
} from '../src/index';
import { openTestDatabase, sleep } from './helpers';

const db = await openTestDatabase();
const store = new DrizzleSessionStore(db.db);
const SECRET = 'a-test-secret-that-is-at-least-32-chars';

/** Same rendering as apps/workbench's error handler for PorticoErrors. */
const renderErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err instanceof PorticoError ? err : new PorticoError('boom');
  res.status(e.status).json({ error: { code: e.code, message: e.message } });
};

function makeApp(absoluteHours = 12, useDefault = true) {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.use(createSessionMiddleware({ store, cookieName: 'portico.sid', secret: [SECRET], secure: false, idleMinutes: 30, absoluteHours }));
  app.use(useDefault ? csrfProtection : createCsrfProtection({ isExempt: (req) => req.path.startsWith('/webhook') }));
  app.get('/csrf', (req, res) => {
    res.json({ token: csrfToken(req) });
  });
  app.get('/me', (req, res) => {
    res.json({ user: req.session.user ?? null, sid: req.sessionID });
  });
  app.post('/login', async (req, res) => {
    const oldSid = req.sessionID;
    await regenerateSession(req, { user: { kind: 'staff', id: String(req.body?.id ?? '1') } });
    res.json({ oldSid, sid: req.sessionID });
  });
  // Sign-in with writes in the new session's statement: `key` is inserted into auth_throttle;
  // `fail` adds a second write that breaks (a NULL key), so the whole statement fails.
  app.post('/login-with', async (req, res) => {
    const oldSid = req.sessionID;
    const body = req.body as { key: string; fail?: boolean };
    const insert = (key: string | null) => sql`insert into auth_throttle (key, failures, window_start) values (${key}, 1, now())`;
    await regenerateSession(req, { user: { kind: 'staff', id: '88' } }, { alongside: [insert(body.key), ...(body.fail ? [insert(null)] : [])] });
    res.json({ oldSid, sid: req.sessionID });
  });
  // Signs in, then changes the new session once more (express-session's own save at the end of
  // the response must write that change).
  app.post('/login-then-note', async (req, res) => {
    await regenerateSession(req, { user: { kind: 'staff', id: '99' } });
    (req.session as unknown as { note: string }).note = 'written after the rotation';
    res.json({ sid: req.sessionID });
  });
  app.post('/logout', async (req, res) => {
    await destroySession(req);
    res.json({ ok: true });
  });
  app.post('/webhook/x', (_req, res) => {
    res.json({ ok: true });
  });
  app.post('/echo', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(renderErrors);
  return app;
}

async function listen(app: express.Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

/** A tiny cookie-keeping client. */
function client(base: string) {
  let cookie = '';
  const setCookies: string[] = [];
  return {
    setCookies,
    get cookie() {
      return cookie;
    },
    async fetch(path: string, init: RequestInit & { json?: unknown } = {}) {
      const headers = new Headers(init.headers);
      if (cookie) headers.set('cookie', cookie);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const res = await fetch(base + path, { ...init, headers, body, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        setCookies.push(c);
        const pair = c.split(';')[0]!;
        cookie = /=$/.test(pair) || /Expires=Thu, 01 Jan 1970/.test(c) ? '' : pair;
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads its own fields from this tiny app's bodies
      return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
    },
  };
}

const server = await listen(makeApp());
test.after(async () => {
  await server.close();
  await db.cleanup();
});

test('no cookie and no row for a visitor who never uses the session', async () => {
  const c = client(server.base);
  await c.fetch('/me');
  assert.is(c.setCookies.length, 0);
  assert.is(Number((await db.rows<{ n: number }>(sql`select count(*)::int as n from auth_sessions`))[0]!.n), 0);
});

test('csrfToken creates a session with an HttpOnly, SameSite=Lax cookie', async () => {
  const c = client(server.base);
  const { body } = await c.fetch('/csrf');
  assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
  const set = c.setCookies[0]!;
  assert.match(set, /^portico\.sid=/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  assert.match(set, /Path=\//);
  assert.match(set, /Expires=/);
  assert.not.match(set, /Secure/);
  const again = await c.fetch('/csrf');
  assert.is(again.body.token, body.token, 'stable within a session');
});

test('POST without a token → 403 csrf_failed; with a wrong token → 403; with the header → ok', async () => {
  const c = client(server.base);
  const { body } = await c.fetch('/csrf');
  const none = await c.fetch('/echo', { method: 'POST', json: {} });
  assert.is(none.status, 403);
  assert.is(none.body.error.code, 'csrf_failed');
  assert.type(none.body.error.message, 'string');
  // Change the last character (to one it is not: 'A' when it was 'A' would be the right token, 1 run in 64).
  const wrongToken = body.token.slice(0, -1) + (body.token.endsWith('A') ? 'B' : 'A');
  const wrong = await c.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': wrongToken } });
  assert.is(wrong.status, 403);
  const short = await c.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': 'x' } });
  assert.is(short.status, 403);
  const right = await c.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': body.token } });
  assert.is(right.status, 200);
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    assert.is((await c.fetch('/echo', { method })).status, 403, method);
  }
});

test('a form without JavaScript sends the token as the _csrf field', async () => {
  const c = client(server.base);
  const { body } = await c.fetch('/csrf');
  const form = (token: string) =>
    c.fetch('/echo', { method: 'POST', body: new URLSearchParams({ _csrf: token, name: 'x' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.is((await form(body.token)).status, 200);
  assert.is((await form('nope')).status, 403);
});

test('a token from another session is refused', async () => {
  const a = client(server.base);
  const b = client(server.base);
  const tokenA = (await a.fetch('/csrf')).body.token;
  await b.fetch('/csrf');
  assert.is((await b.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': tokenA } })).status, 403);
  const nobody = client(server.base);
  assert.is((await nobody.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': tokenA } })).status, 403, 'no session at all');
});

test('bearer-token requests are exempt by default; isExempt replaces the rule', async () => {
  const c = client(server.base);
  assert.is((await c.fetch('/echo', { method: 'POST', json: {}, headers: { authorization: 'Bearer abc.def' } })).status, 200);
  assert.is((await c.fetch('/echo', { method: 'POST', json: {}, headers: { authorization: 'Basic abc' } })).status, 403);
  const custom = await listen(makeApp(12, false));
  try {
    const d = client(custom.base);
    assert.is((await d.fetch('/webhook/x', { method: 'POST', json: {} })).status, 200);
    assert.is((await d.fetch('/echo', { method: 'POST', json: {}, headers: { authorization: 'Bearer abc' } })).status, 403);
  } finally {
    await custom.close();
  }
});

test('sign-in rotates the session id, drops the old session and issues a new CSRF token', async () => {
  const c = client(server.base);
  const before = (await c.fetch('/csrf')).body.token;
  const login = await c.fetch('/login', { method: 'POST', json: { id: '77' }, headers: { 'x-csrf-token': before } });
  assert.is(login.status, 200);
  assert.is.not(login.body.sid, login.body.oldSid);
  assert.is((await store.getSession(login.body.oldSid)), undefined, 'old session destroyed');
  const me = await c.fetch('/me');
  assert.equal(me.body.user, { kind: 'staff', id: '77' });
  assert.is(me.body.sid, login.body.sid);
  const r = (await db.rows<{ user_kind: string; user_id: string }>(sql`select user_kind, user_id from auth_sessions where sid = ${login.body.sid}`))[0];
  assert.equal(r, { user_kind: 'staff', user_id: '77' });
  const after = (await c.fetch('/csrf')).body.token;
  assert.is.not(after, before);
  assert.is((await c.fetch('/echo', { method: 'POST', json: {}, headers: { 'x-csrf-token': before } })).status, 403, 'old token dead');
});

test('writes alongside the rotation land with the new session, in its statement, or not at all', async () => {
  const c = client(server.base);
  const token = (await c.fetch('/csrf')).body.token as string;
  const oldSid = (await c.fetch('/me')).body.sid as string;
  const throttleRow = async (key: string) => (await db.rows(sql`select key from auth_throttle where key = ${key}`)).length;

  // A write that fails takes the whole statement with it: no new session, no other write, and
  // the old session (whose delete was in the same statement) still there.
  const failed = await c.fetch('/login-with', { method: 'POST', json: { key: 'alongside:failed', fail: true }, headers: { 'x-csrf-token': token } });
  assert.is(failed.status, 500);
  assert.is(await throttleRow('alongside:failed'), 0, 'the good write was rolled back with the bad one');
  assert.is((await db.rows(sql`select sid from auth_sessions where user_id = '88'`)).length, 0, 'no new session');
  assert.ok(await store.getSession(oldSid), 'the old session survives a failed rotation');

  const ok = await c.fetch('/login-with', { method: 'POST', json: { key: 'alongside:ok' }, headers: { 'x-csrf-token': token } });
  assert.is(ok.status, 200);
  assert.is(await throttleRow('alongside:ok'), 1);
  assert.equal((await c.fetch('/me')).body.user, { kind: 'staff', id: '88' });
  assert.is(await store.getSession(oldSid), undefined, 'old session replaced');

  // Only a session just made by regenerate() takes writes.
  assert.throws(() => store.saveAlongside({}, [sql`select 1`]), /not a session just made by regenerate/);
});

test('a sign-in writes its session row once, and a change made after the rotation is still saved', async () => {
  // Count every insert and update of auth_sessions rows with a trigger.
  await db.rows(sql`create table if not exists test_session_writes (sid text not null)`);
  await db.rows(sql.raw(`create or replace function test_count_session_write() returns trigger language plpgsql as $$
    begin insert into test_session_writes values (new.sid); return new; end $$`));
  await db.rows(sql`drop trigger if exists test_count_session_write on auth_sessions`);
  await db.rows(sql`create trigger test_count_session_write after insert or update on auth_sessions for each row execute function test_count_session_write()`);
  const writesOf = async (sid: string) => Number((await db.rows<{ n: number }>(sql`select count(*)::int as n from test_session_writes where sid = ${sid}`))[0]!.n);
  try {
    const c = client(server.base);
    const token = (await c.fetch('/csrf')).body.token as string;
    const login = await c.fetch('/login', { method: 'POST', json: { id: 55 }, headers: { 'x-csrf-token': token } });
    assert.is(login.status, 200);
    assert.is(await writesOf(login.body.sid), 1, 'inserted once; express-session’s second save of the unchanged session is not written');
    assert.equal((await c.fetch('/me')).body.user, { kind: 'staff', id: '55' });

    const c2 = client(server.base);
    const token2 = (await c2.fetch('/csrf')).body.token as string;
    const noted = await c2.fetch('/login-then-note', { method: 'POST', json: {}, headers: { 'x-csrf-token': token2 } });
    assert.is(noted.status, 200);
    assert.is(await writesOf(noted.body.sid), 2, 'the change after the rotation is a second write');
    const row = (await db.rows<{ note: string | null }>(sql`select sess->>'note' as note from auth_sessions where sid = ${noted.body.sid}`))[0];
    assert.is(row?.note, 'written after the rotation');
  } finally {
    await db.rows(sql`drop trigger if exists test_count_session_write on auth_sessions`);
  }
});

test('every response renews the cookie (rolling); the row expiry is renewed once it lags by a minute', async () => {
  const c = client(server.base);
  const token = (await c.fetch('/csrf')).body.token;
  const { body } = await c.fetch('/login', { method: 'POST', json: {}, headers: { 'x-csrf-token': token } });
  const expiry = async () => new Date((await db.rows<{ e: string }>(sql`select expires_at as e from auth_sessions where sid = ${body.sid}`))[0]!.e).getTime();
  const first = await expiry();
  await sleep(1100);
  const count = c.setCookies.length;
  await c.fetch('/me');
  assert.is(c.setCookies.length, count + 1, 'Set-Cookie on a plain GET');
  assert.is(await expiry(), first, 'a touch that would move the expiry by ~1 s is not written');
  // The row's expiry lags the cookie by more than the granularity (as after two idle minutes).
  await db.rows(sql`update auth_sessions set expires_at = expires_at - interval '2 minutes' where sid = ${body.sid} returning sid`);
  const lagging = await expiry();
  await c.fetch('/me');
  const renewed = await expiry();
  assert.ok(renewed - lagging >= 119_000, `expires_at moved forward (${renewed - lagging} ms)`);
  assert.ok(renewed - first >= 1000, 'and past its value at sign-in');
});

test('sign-out destroys the row and clears the cookie', async () => {
  const c = client(server.base);
  const token = (await c.fetch('/csrf')).body.token;
  const { body } = await c.fetch('/login', { method: 'POST', json: {}, headers: { 'x-csrf-token': token } });
  const token2 = (await c.fetch('/csrf')).body.token;
  const out = await c.fetch('/logout', { method: 'POST', json: {}, headers: { 'x-csrf-token': token2 } });
  assert.is(out.status, 200);
  assert.match(c.setCookies.at(-1)!, /^portico\.sid=;.*Expires=Thu, 01 Jan 1970/);
  assert.is(await store.getSession(body.sid), undefined);
});

test('the middleware enforces the absolute timeout', async () => {
  const short = await listen(makeApp(1 / 3600)); // one second
  try {
    const c = client(short.base);
    const token = (await c.fetch('/csrf')).body.token;
    await c.fetch('/login', { method: 'POST', json: { id: '5' }, headers: { 'x-csrf-token': token } });
    assert.equal((await c.fetch('/me')).body.user, { kind: 'staff', id: '5' });
    await sleep(1200);
    assert.is((await c.fetch('/me')).body.user, null);
  } finally {
    await short.close();
  }
});

test('secure cookies get the Secure flag (over HTTPS behind a trusted proxy)', async () => {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(createSessionMiddleware({ store, cookieName: '__Host-portico.sid', secret: SECRET, secure: true, idleMinutes: 30, absoluteHours: 12 }));
  app.get('/csrf', (req, res) => {
    res.json({ token: csrfToken(req) });
  });
  const s = await listen(app);
  try {
    const c = client(s.base);
    await c.fetch('/csrf', { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(c.setCookies[0]!, /^__Host-portico\.sid=.*; Secure/);
  } finally {
    await s.close();
  }
});

test('createSessionMiddleware refuses weak settings', () => {
  const base = { store, cookieName: 'x', secret: SECRET, secure: false, idleMinutes: 30, absoluteHours: 12 };
  assert.throws(() => createSessionMiddleware({ ...base, secret: 'short' }), /32 characters/);
  assert.throws(() => createSessionMiddleware({ ...base, cookieName: '__Host-x' }), /__Host-/);
  assert.throws(() => createSessionMiddleware({ ...base, idleMinutes: 0 }), /positive/);
});

// ── visitor tokens (signed double-submit cookie) ─────────────────────────────────────────────

const sessionRows = async () => Number((await db.rows<{ n: number }>(sql`select count(*)::int as n from auth_sessions`))[0]!.n);

test('with a VisitorCsrf, a visitor gets a signed cookie token and no session; after sign-in only the session token works', async () => {
  const app = express();
  app.use(express.json());
  app.use(createSessionMiddleware({ store, cookieName: 'v.sid', secret: [SECRET], secure: false, idleMinutes: 30, absoluteHours: 12 }));
  app.use(createCsrfProtection({ visitor: new VisitorCsrf({ secret: SECRET, cookieName: 'v.csrf', secure: false }) }));
  app.get('/csrf', (req, res) => res.json({ token: csrfToken(req) }));
  app.post('/echo', (_req, res) => res.json({ ok: true }));
  app.post('/login', async (req, res) => {
    await regenerateSession(req, { user: { kind: 'staff', id: '7' } });
    res.json({ token: csrfToken(req) });
  });
  app.use(renderErrors);
  const s = await listen(app);
  try {
    const rowsBefore = await sessionRows();
    const c = client(s.base);
    const { body } = await c.fetch('/csrf');
    const visitorToken = body.token as string;
    assert.match(visitorToken, /^v1\.[0-9a-z]+\.[\w-]{24}\.[\w-]{43}$/);
    assert.is(c.setCookies.length, 1);
    assert.match(c.setCookies[0]!, new RegExp(`^v\\.csrf=${visitorToken.replace(/[.]/g, '\\.')}; Max-Age=43200; Path=/; .*HttpOnly; SameSite=Lax`));
    assert.is((await c.fetch('/csrf')).body.token, visitorToken, 'stable while young');
    assert.is((await c.fetch('/echo', { method: 'POST', headers: { 'x-csrf-token': visitorToken } })).status, 200);
    assert.is((await c.fetch('/echo', { method: 'POST' })).status, 403, 'no header');
    assert.is((await c.fetch('/echo', { method: 'POST', headers: { 'x-csrf-token': `${visitorToken.slice(0, -1)}x` } })).status, 403, 'altered token');
    assert.is(await sessionRows(), rowsBefore, 'a visitor wrote a session row');

    const login = await c.fetch('/login', { method: 'POST', headers: { 'x-csrf-token': visitorToken } });
    assert.is(login.status, 200);
    assert.is(await sessionRows(), rowsBefore + 1);
    const sessionToken = login.body.token as string;
    assert.is.not(sessionToken, visitorToken);
    // The client's jar now holds the session cookie; the visitor cookie goes along by hand.
    const both = `${c.cookie}; v.csrf=${visitorToken}`;
    assert.is((await c.fetch('/echo', { method: 'POST', headers: { 'x-csrf-token': visitorToken, cookie: both } })).status, 403, 'visitor token with a session');
    assert.is((await c.fetch('/echo', { method: 'POST', headers: { 'x-csrf-token': sessionToken, cookie: both } })).status, 200);
  } finally {
    await s.close();
  }
});

test('visitor tokens expire, are reissued at half their age, survive secret rotation and are bound to their cookie name', () => {
  const HOUR = 3_600_000;
  const jar: Record<string, string> = {};
  const request = (cookie: string) =>
    ({ headers: { cookie }, res: { cookie: (name: string, value: string) => (jar[name] = value) } }) as unknown as Request;
  const OLD = 'the-old-secret-that-is-at-least-32-chars!';
  const oldV = new VisitorCsrf({ secret: OLD, cookieName: 'v', secure: false, maxAgeHours: 12 });
  const t0 = Date.UTC(2026, 0, 1);
  const token = oldV.token(request(''), t0);
  assert.is(jar.v, token, 'the new token was not set as the cookie');
  const withCookie = request(`v=${token}`);
  assert.ok(oldV.verify(withCookie, token, t0 + 11 * HOUR));
  assert.not.ok(oldV.verify(withCookie, token, t0 + 12 * HOUR), 'accepted at its maximum age');
  assert.not.ok(oldV.verify(withCookie, token, t0 - 2 * 60_000), 'accepted before it was issued');
  assert.is(oldV.token(withCookie, t0 + 5 * HOUR), token, 'reissued while young');
  assert.is.not(oldV.token(withCookie, t0 + 7 * HOUR), token, 'kept past half its age');

  const rotated = new VisitorCsrf({ secret: [SECRET, OLD], cookieName: 'v', secure: false, maxAgeHours: 12 });
  assert.ok(rotated.verify(withCookie, token, t0 + HOUR), 'a token of the previous secret is refused during rotation');
  assert.not.ok(new VisitorCsrf({ secret: SECRET, cookieName: 'v', secure: false }).verify(withCookie, token, t0 + HOUR), 'a token of a retired secret is accepted');
  const otherName = new VisitorCsrf({ secret: OLD, cookieName: 'w', secure: false, maxAgeHours: 12 });
  assert.not.ok(otherName.verify(request(`w=${token}`), token, t0 + HOUR), "a token of another cookie name is accepted");

  assert.throws(() => new VisitorCsrf({ secret: 'short', cookieName: 'v', secure: false }), /32 characters/);
  assert.throws(() => new VisitorCsrf({ secret: SECRET, cookieName: '__Host-v', secure: false }), /__Host-/);
});

test.run();
