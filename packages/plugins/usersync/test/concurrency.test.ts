import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserSyncProcessor } from '../src/node/usersync-processor';
import { count, drain, harness, type Harness } from './helpers';

// SKIP LOCKED with several workers needs real PostgreSQL (PGlite is one connection: TOOLCHAIN 9).
if (process.env.TEST_DATABASE_URL) {
  let h: Harness;
  test.before(async () => { h = await harness(); });
  test.after(async () => { await h.db.cleanup(); });

  test('two processors at once over 2,000 rows: each row processed once, no duplicate users', async () => {
    const users = 1000;
    // Two adjacent rows (searches 68 and 69) per user; batch sizes 49 and 50 split pairs between the processors.
    await h.db.db.execute(sql`
      insert into TheUserSync (Email, QueryNo, UserName, UserType, UserPwd, OneTimePwd, ConditionXML, SyncState)
      select 'u' || n || '@example.com', q, 'user' || n, 4, case when n % 100 = 0 then 'Pw-' || n || '-long-enough' end, 1,
             '<Conds><C><FieldNo>1020</FieldNo><Filter>C' || n || '</Filter></C></Conds>', 1
      from generate_series(1, ${users}) n, (values (68), (69)) s(q) order by n, q`);
    const a = new UserSyncProcessor(h.db.db, h.hasher, h.catalog, h.audit, { batchSize: 49 });
    const b = new UserSyncProcessor(h.db.db, h.hasher, h.catalog, h.audit, { batchSize: 50 });
    const [na, nb] = await Promise.all([drain(a), drain(b)]);
    assert.is(na + nb, 2 * users, `a ${na} + b ${nb}`);
    assert.ok(na > 0 && nb > 0, `both worked: a ${na}, b ${nb}`);
    assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate <> 0 or processed_at is null or userpwd is not null`), 0);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users`), users);
    assert.is(await count(h.db, sql`select count(distinct lower(email)) as n from portal_users`), users);
    assert.is(await count(h.db, sql`select count(*) as n from documents_assignments`), 2 * users);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'tc_portaluser' and action = 'create'`), users);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'documents_assignment'`), 2 * users);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users where password_hash is not null and must_change_password`), users / 100);
  });

  test('four processors at once over 20,000 rows (set-based and row-by-row paths): each row processed once, no duplicate users', async () => {
    await h.db.db.execute(sql`truncate theusersync, portal_users, documents_assignments, documents_assignment_conditions, audit_log`);
    // 12,000 users with one row (set-based path) and 4,000 users with two adjacent rows (row by row), every 250th with a password.
    await h.db.db.execute(sql`
      insert into TheUserSync (Email, QueryNo, UserName, UserType, UserPwd, OneTimePwd, ConditionXML, SyncState)
      select 'f' || n || '@example.com', q, 'four' || n, 4, case when n % 250 = 0 then 'Pw-' || n || '-long-enough' end, 1,
             '<Conds><C><FieldNo>1020</FieldNo><Filter>F' || n || '</Filter></C></Conds>', 1
      from generate_series(1, 16000) n, (values (68), (69)) s(q)
      where q = 68 or n > 12000
      order by n, q`);
    assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate = 1`), 20_000);
    const started = Date.now();
    const processors = [97, 200, 333, 500].map((batchSize) => new UserSyncProcessor(h.db.db, h.hasher, h.catalog, h.audit, { batchSize }));
    const claimed = await Promise.all(processors.map((p) => drain(p)));
    const ms = Date.now() - started;
    assert.is(claimed.reduce((a, b) => a + b, 0), 20_000, `claimed ${claimed.join(' + ')}`);
    assert.ok(claimed.every((n) => n > 0), `all four worked: ${claimed.join(', ')}`);
    assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate <> 0 or processed_at is null or userpwd is not null or error is not null`), 0);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users`), 16_000);
    assert.is(await count(h.db, sql`select count(distinct lower(email)) as n from portal_users`), 16_000);
    assert.is(await count(h.db, sql`select count(*) as n from documents_assignments`), 20_000);
    assert.is(await count(h.db, sql`select count(*) as n from documents_assignment_conditions`), 20_000);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'tc_portaluser' and action = 'create'`), 16_000);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'documents_assignment'`), 20_000);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users where password_hash is not null`), 16_000 / 250);
    console.log(`    four processors, 20,000 rows: ${ms} ms (${Math.round(20_000 / (ms / 1000))} rows/s), claimed ${claimed.join(' / ')}`);
  });
}

test.run();
