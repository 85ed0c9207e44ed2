import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DrizzleTokenService, hashToken } from '../src/index';
import { openTestDatabase, rejects, sleep } from './helpers';

const db = await openTestDatabase();
const tokens = new DrizzleTokenService(db.db);
test.after(() => db.cleanup());

test('issue gives 32 random bytes in base64url and stores only their SHA-256', async () => {
  const { token, expiresAt } = await tokens.issue({ purpose: 'password-reset', subject: 'user-1', ttlSeconds: 3600 });
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.is(Buffer.from(token, 'base64url').length, 32);
  assert.ok(expiresAt.getTime() > Date.now() + 3590_000);
  const rows = await db.rows<Record<string, unknown>>(sql`select * from auth_tokens where subject = 'user-1'`);
  assert.is(rows.length, 1);
  assert.is(rows[0]!.token_hash, hashToken(token));
  const dump = JSON.stringify(await db.rows(sql`select * from auth_tokens`));
  assert.not.ok(dump.includes(token), 'the raw token is nowhere in the table');
});

test('a token is single use: the second consume fails', async () => {
  const { token } = await tokens.issue({ purpose: 'activation', subject: 'user-2', ttlSeconds: 600, data: { email: 'a@example.org' } });
  const first = await tokens.consume(token, 'activation');
  assert.ok(first);
  assert.is(first!.subject, 'user-2');
  assert.is(first!.purpose, 'activation');
  assert.equal(first!.data, { email: 'a@example.org' });
  assert.is(await tokens.consume(token, 'activation'), undefined);
});

test('concurrent consumes of one token: exactly one wins', async () => {
  const { token } = await tokens.issue({ purpose: 'invitation', subject: 'user-3', ttlSeconds: 600 });
  const results = await Promise.all(Array.from({ length: 10 }, () => tokens.consume(token, 'invitation')));
  assert.is(results.filter(Boolean).length, 1);
});

test('an expired token fails (past expiry and 1-second lifetime)', async () => {
  const past = await tokens.issue({ purpose: 'email-verify', subject: 'user-4', expiresAt: new Date(Date.now() - 1000) });
  assert.is(await tokens.inspect(past.token, 'email-verify'), undefined);
  assert.is(await tokens.consume(past.token, 'email-verify'), undefined);
  const short = await tokens.issue({ purpose: 'email-verify', subject: 'user-4', ttlSeconds: 1 });
  await sleep(1100);
  assert.is(await tokens.consume(short.token, 'email-verify'), undefined);
});

test('a token of another purpose fails and stays usable for its own', async () => {
  const { token } = await tokens.issue({ purpose: 'staff-setup', subject: 'user-5', ttlSeconds: 600 });
  assert.is(await tokens.consume(token, 'password-reset'), undefined);
  assert.ok(await tokens.consume(token, 'staff-setup'));
});

test('inspect does not use the token up', async () => {
  const { token } = await tokens.issue({ purpose: 'password-reset', subject: 'user-6', ttlSeconds: 600 });
  assert.is((await tokens.inspect(token, 'password-reset'))?.subject, 'user-6');
  assert.is((await tokens.inspect(token, 'password-reset'))?.subject, 'user-6');
  assert.ok(await tokens.consume(token, 'password-reset'));
  assert.is(await tokens.inspect(token, 'password-reset'), undefined);
});

test('garbage and unknown tokens fail without error', async () => {
  assert.is(await tokens.consume('', 'password-reset'), undefined);
  assert.is(await tokens.consume("x' or 1=1 --", 'password-reset'), undefined);
  assert.is(await tokens.consume('A'.repeat(43), 'password-reset'), undefined);
});

test('revokeAll invalidates the unused tokens of a subject (one purpose or all)', async () => {
  const a = await tokens.issue({ purpose: 'password-reset', subject: 'user-7', ttlSeconds: 600 });
  const b = await tokens.issue({ purpose: 'password-reset', subject: 'user-7', ttlSeconds: 600 });
  const c = await tokens.issue({ purpose: 'email-verify', subject: 'user-7', ttlSeconds: 600 });
  const other = await tokens.issue({ purpose: 'password-reset', subject: 'user-8', ttlSeconds: 600 });
  assert.is(await tokens.revokeAll('user-7', 'password-reset'), 2);
  assert.is(await tokens.consume(a.token, 'password-reset'), undefined);
  assert.is(await tokens.consume(b.token, 'password-reset'), undefined);
  assert.ok(await tokens.inspect(c.token, 'email-verify'), 'other purpose untouched');
  assert.ok(await tokens.inspect(other.token, 'password-reset'), 'other subject untouched');
  assert.is(await tokens.revokeAll('user-7'), 1);
  assert.is(await tokens.consume(c.token, 'email-verify'), undefined);
});

test('issue refuses bad input', async () => {
  await rejects(() => tokens.issue({ purpose: 'password-reset', subject: 'u', ttlSeconds: 0 }), /ttlSeconds/);
  await rejects(() => tokens.issue({ purpose: 'Bad Purpose', subject: 'u', ttlSeconds: 10 }), /purpose/);
  await rejects(() => tokens.issue({ purpose: 'activation', subject: '', ttlSeconds: 10 }), /subject/);
});

test('purgeExpired deletes tokens long expired or used, and keeps the rest', async () => {
  await db.db.execute(sql`delete from auth_tokens`);
  const live = await tokens.issue({ purpose: 'activation', subject: 'p', ttlSeconds: 600 });
  await tokens.issue({ purpose: 'activation', subject: 'p', expiresAt: new Date(Date.now() - 8 * 24 * 3600_000) });
  await tokens.issue({ purpose: 'activation', subject: 'p', expiresAt: new Date(Date.now() - 60_000) }); // recently expired: kept
  assert.is(await tokens.purgeExpired(), 1);
  assert.is(await tokens.purgeExpired(30, 10), 1);
  assert.ok(await tokens.inspect(live.token, 'activation'));
});

test.run();
