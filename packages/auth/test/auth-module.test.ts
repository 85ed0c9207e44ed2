import { ContributionProvider, JobContribution, MigrationContribution, bindContributionProvider } from '@portico/core';
import { databaseModule, migrationStatus } from '@portico/db';
import { sql } from 'drizzle-orm';
import { Container, ContainerModule } from 'inversify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Argon2PasswordHasher,
  AUTH_MIGRATIONS_FOLDER,
  authMigrations,
  authModule,
  DrizzleSessionStore,
  LoginThrottle,
  PasswordHasher,
  PasswordPolicy,
  SessionCleanupJob,
  SessionStore,
  TokenService,
} from '../src/index';
import { openTestDatabase } from './helpers';

const db = await openTestDatabase();
test.after(() => db.cleanup());

async function makeContainer() {
  const container = new Container({ defaultScope: 'Singleton' });
  await container.loadAsync(
    new ContainerModule(({ bind }) => {
      bindContributionProvider(bind, JobContribution);
      bindContributionProvider(bind, MigrationContribution);
    }),
  );
  await container.loadAsync(databaseModule(db), authModule({ sessionAbsoluteHours: 8, passwordPolicy: { minLength: 14 } }));
  return container;
}

test('the migrations folder ships with the package and is applied', async () => {
  assert.ok(existsSync(join(AUTH_MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  const [status] = await migrationStatus(db, [authMigrations]);
  assert.ok(status!.applied >= 1 && status!.applied === status!.total);
  const tables = await db.rows<{ t: string }>(sql`select table_name as t from information_schema.tables where table_name like 'auth\_%' order by 1`);
  assert.equal(tables.map((r) => r.t), ['auth_sessions', 'auth_throttle', 'auth_tokens']);
});

test('authModule binds every service as a singleton, with the options', async () => {
  const c = await makeContainer();
  const hasher = c.get<PasswordHasher>(PasswordHasher);
  assert.instance(hasher, Argon2PasswordHasher);
  assert.is(c.get(PasswordHasher), hasher);
  assert.is(c.get<PasswordPolicy>(PasswordPolicy).minLength, 14);
  const store = c.get<SessionStore>(SessionStore);
  assert.instance(store, DrizzleSessionStore);
  assert.is((store as DrizzleSessionStore).absoluteTimeoutMs, 8 * 3_600_000);
  assert.is(c.get(SessionStore), store);
  const { token } = await c.get<TokenService>(TokenService).issue({ purpose: 'activation', subject: 'm', ttlSeconds: 60 });
  assert.ok(await c.get<TokenService>(TokenService).consume(token, 'activation'));
  assert.equal(await c.get<LoginThrottle>(LoginThrottle).check(['acct:x:1']), { allowed: true, retryAfterSeconds: 0, counted: new Set() });
  const migrations = c.get<ContributionProvider<MigrationContribution>>(ContributionProvider.for(MigrationContribution)).getContributions();
  assert.equal(migrations, [{ pluginId: 'auth', migrationsFolder: AUTH_MIGRATIONS_FOLDER }]);
  const jobs = c.get<ContributionProvider<JobContribution>>(ContributionProvider.for(JobContribution)).getContributions();
  assert.is(jobs.length, 1);
  assert.is(jobs[0]!.id, 'auth.session-cleanup');
  assert.is(jobs[0]!.intervalMs, 15 * 60_000);
});

test('the cleanup job purges expired sessions, old tokens and finished counters in batches', async () => {
  const c = await makeContainer();
  const job = c.getAll<JobContribution>(JobContribution)[0] as SessionCleanupJob;
  await db.db.execute(sql`
    insert into auth_sessions (sid, sess, expires_at)
    select 'expired-' || g, '{}'::jsonb, now() - interval '1 minute' from generate_series(1, 1500) g`);
  await db.db.execute(sql`insert into auth_sessions (sid, sess, expires_at) values ('alive', '{}'::jsonb, now() + interval '1 hour')`);
  await db.db.execute(sql`insert into auth_tokens (token_hash, purpose, subject, expires_at) values ('h-old', 'activation', 's', now() - interval '30 days')`);
  await db.db.execute(sql`insert into auth_throttle (key, failures, window_start) values ('acct:x:old', 3, now() - interval '3 hours')`);
  assert.is(await job.run(new AbortController().signal), true, 'a full batch: more to do');
  assert.is(await job.run(new AbortController().signal), false);
  assert.equal((await db.rows<{ sid: string }>(sql`select sid from auth_sessions`)).map((r) => r.sid), ['alive']);
  assert.equal(await db.rows(sql`select token_hash from auth_tokens where token_hash = 'h-old'`), []);
  assert.equal(await db.rows(sql`select key from auth_throttle where key = 'acct:x:old'`), []);
});

test.run();
