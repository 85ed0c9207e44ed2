import { sql } from 'drizzle-orm';
import type { SessionData } from 'express-session';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSessionUser, DrizzleSessionStore } from '../src/index';
import { openTestDatabase, sleep } from './helpers';

const db = await openTestDatabase();
const store = new DrizzleSessionStore(db.db, { absoluteTimeoutMs: 60_000 });
test.after(() => db.cleanup());

/** A session as express-session hands it to a store (cookie serialised with an expiry). */
function makeSession(idleMs: number, extra: Partial<SessionData> = {}): SessionData {
  return {
    cookie: { originalMaxAge: idleMs, expires: new Date(Date.now() + idleMs), httpOnly: true, path: '/', sameSite: 'lax', secure: false },
    ...extra,
  } as unknown as SessionData;
}
const cb = <T>(fn: (done: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
const row = async (sid: string) =>
  (await db.rows<{ expires_at: Date | string; created_at: Date | string; user_kind: string | null; user_id: string | null; kind: string }>(
    sql`select expires_at, created_at, user_kind, user_id, jsonb_typeof(sess) as kind from auth_sessions where sid = ${sid}`,
  ))[0];
const ms = (v: Date | string) => new Date(v).getTime();

test('set / get / destroy through the express-session callback API', async () => {
  const sess = makeSession(60_000, { user: { kind: 'staff', id: '42' }, csrfToken: 't' });
  await cb((done) => store.set('sid-1', sess, done));
  const loaded = await cb<SessionData | null>((done) => store.get('sid-1', done));
  assert.is(loaded?.user?.id, '42');
  assert.is(loaded?.csrfToken, 't');
  assert.type(loaded?.createdAt, 'number', 'the store stamps createdAt');
  assert.is(sess.createdAt, loaded?.createdAt, 'and puts it on the live session object');
  const r = await row('sid-1');
  assert.is(r?.kind, 'object', 'sess is stored as a JSON object, not a string');
  assert.is(r?.user_kind, 'staff');
  assert.is(r?.user_id, '42');
  assert.is(await cb((done) => store.length(done)), 1);
  await cb((done) => store.destroy('sid-1', done));
  assert.is(await cb((done) => store.get('sid-1', done)), null);
  assert.is(await cb((done) => store.get('never-there', done)), null);
});

test('set replaces the data and keeps the session start', async () => {
  const sess = makeSession(60_000, { createdAt: Date.now() - 5000 });
  await store.setSession('sid-2', sess);
  const started = ms((await row('sid-2'))!.created_at);
  await store.setSession('sid-2', makeSession(60_000, { createdAt: Date.now(), user: { kind: 'portal', id: '7' } }));
  const r = await row('sid-2');
  assert.is(ms(r!.created_at), started, 'created_at never moves later');
  assert.is(r?.user_kind, 'portal');
  assert.is((await store.getSession('sid-2'))?.user?.id, '7');
});

test('idle expiry: a session whose cookie maxAge passed is gone', async () => {
  await store.setSession('sid-idle', makeSession(700));
  assert.ok(await store.getSession('sid-idle'));
  await sleep(900);
  assert.is(await store.getSession('sid-idle'), undefined);
});

test('touch extends the idle expiry of a live session', async () => {
  await store.setSession('sid-touch', makeSession(900));
  const before = ms((await row('sid-touch'))!.expires_at);
  await sleep(500);
  await cb((done) => store.touch('sid-touch', makeSession(900), () => done(null)));
  const after = ms((await row('sid-touch'))!.expires_at);
  assert.ok(after - before >= 400, `expiry moved by ${after - before} ms`);
  await sleep(600); // 1100 ms after set: expired without the touch
  assert.ok(await store.getSession('sid-touch'));
});

test('touch does not revive an expired session', async () => {
  await store.setSession('sid-dead', makeSession(60_000));
  await db.db.execute(sql`update auth_sessions set expires_at = now() - interval '1 second' where sid = 'sid-dead'`);
  await store.touchSession('sid-dead', makeSession(60_000));
  assert.is(await store.getSession('sid-dead'), undefined);
});

test('absolute timeout: a session older than the limit is refused, however active', async () => {
  await store.setSession('sid-old', makeSession(60_000, { createdAt: Date.now() - 61_000 }));
  assert.is(await store.getSession('sid-old'), undefined);
  // 30 s old with a 60 s limit: idle expiry would be in 60 s, the absolute limit caps it at ~30 s.
  await store.setSession('sid-mid', makeSession(60_000, { createdAt: Date.now() - 30_000 }));
  const expires = ms((await row('sid-mid'))!.expires_at);
  assert.ok(Math.abs(expires - (Date.now() + 30_000)) < 2000, `expires_at capped by the absolute limit (${expires - Date.now()} ms)`);
  await store.touchSession('sid-mid', makeSession(60_000));
  const touched = ms((await row('sid-mid'))!.expires_at);
  assert.ok(touched - expires < 1000, 'touch cannot go past the absolute limit');
});

test('destroyAllForUser ends that user’s sessions except the given one', async () => {
  await db.db.execute(sql`delete from auth_sessions`);
  for (const sid of ['a', 'b', 'c']) await store.setSession(sid, makeSession(60_000, { user: { kind: 'staff', id: '1' } }));
  await store.setSession('d', makeSession(60_000, { user: { kind: 'staff', id: '2' } }));
  await store.setSession('e', makeSession(60_000, { user: { kind: 'portal', id: '1' } }));
  await store.setSession('f', makeSession(60_000));
  assert.is(await store.destroyAllForUser('staff', '1', 'b'), 2);
  const left = (await db.rows<{ sid: string }>(sql`select sid from auth_sessions order by sid`)).map((r) => r.sid);
  assert.equal(left, ['b', 'd', 'e', 'f']);
  assert.is(await store.destroyAllForUser('staff', '1'), 1);
});

test('the user is also found in passport’s session slot', () => {
  assert.equal(defaultSessionUser({ passport: { user: { kind: 'staff', id: 9 } } } as unknown as SessionData), { kind: 'staff', id: '9' });
  assert.is(defaultSessionUser({ passport: { user: 'just-an-id' } } as unknown as SessionData), undefined);
  assert.is(defaultSessionUser({} as SessionData), undefined);
});

test('purgeExpired deletes expired rows in batches and keeps live ones', async () => {
  await db.db.execute(sql`delete from auth_sessions`);
  for (let i = 0; i < 5; i++) await store.setSession(`old-${i}`, makeSession(60_000));
  await store.setSession('too-old', makeSession(60_000, { createdAt: Date.now() - 120_000 }));
  await store.setSession('live', makeSession(60_000));
  await db.db.execute(sql`update auth_sessions set expires_at = now() - interval '1 minute' where sid like 'old-%'`);
  assert.is(await store.purgeExpired(4), 4);
  assert.is(await store.purgeExpired(4), 2);
  assert.is(await store.purgeExpired(4), 0);
  assert.equal((await db.rows<{ sid: string }>(sql`select sid from auth_sessions`)).map((r) => r.sid), ['live']);
});

test('a cookie already expired removes the session instead of storing it', async () => {
  await store.setSession('gone', makeSession(60_000));
  await store.setSession('gone', makeSession(-1));
  assert.is(await row('gone'), undefined);
});

test('a view with companions loads each kind\'s rows in the session read, once per read, and only for live sessions', async () => {
  await db.db.execute(sql`create table if not exists companion_people (id text primary key, name text not null)`);
  await db.db.execute(sql`insert into companion_people values ('p1', 'Ada'), ('p2', 'Grace') on conflict do nothing`);
  const view = store.withCompanions([
    { kind: 'staff', select: (userId) => sql`select id, name from companion_people where id = ${userId}` },
    { kind: 'robot', select: (userId) => sql`select ${userId} as serial` },
  ]);
  await cb((done) => store.set('c-staff', makeSession(60_000, { user: { kind: 'staff', id: 'p2' } }), done));
  await cb((done) => store.set('c-robot', makeSession(60_000, { user: { kind: 'robot', id: 'r9' } }), done));
  await cb((done) => store.set('c-none', makeSession(60_000, { user: { kind: 'portal', id: 'p1' } }), done));
  await cb((done) => store.set('c-gone', makeSession(60_000, { user: { kind: 'staff', id: 'p1' } }), done));
  await db.db.execute(sql`update auth_sessions set expires_at = now() - interval '1 second' where sid = 'c-gone'`);

  assert.is((await view.getSession('c-staff'))?.user?.id, 'p2', 'the session itself');
  assert.equal(view.takeCompanionRows('c-staff'), [{ id: 'p2', name: 'Grace' }], 'the rows of its kind, for its user');
  assert.is(view.takeCompanionRows('c-staff'), undefined, 'taken twice');
  await view.getSession('c-robot');
  assert.equal(view.takeCompanionRows('c-robot'), [{ serial: 'r9' }], 'another kind gets its own companion');
  await view.getSession('c-none');
  assert.is(view.takeCompanionRows('c-none'), undefined, 'a kind without companion');
  assert.is(await view.getSession('c-gone'), undefined);
  assert.is(view.takeCompanionRows('c-gone'), undefined, 'an expired session');
  await store.getSession('c-staff');
  assert.is(store.takeCompanionRows('c-staff'), undefined, 'the plain store loads no companions');
  // Writes through the view land in the same table.
  await cb((done) => view.set('c-view', makeSession(60_000, { user: { kind: 'staff', id: 'p1' } }), done));
  assert.is((await store.getSession('c-view'))?.user?.id, 'p1');
});

test.run();
