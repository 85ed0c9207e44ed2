import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { count, harness, type Harness } from './helpers';

// A real child process killed with SIGKILL mid-batch, then restarted: PostgreSQL only (a shared server).
if (process.env.TEST_DATABASE_URL) {
  let h: Harness;
  let url: string;
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const child = fileURLToPath(new URL('./fixtures/processor-child.ts', import.meta.url));

  test.before(async () => {
    h = await harness();
    const [db] = await h.db.rows<{ name: string }>(sql`select current_database() as name`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${db!.name}`;
    url = u.toString();
  });
  test.after(async () => { await h.db.cleanup(); });

  function start(): { proc: ChildProcess; lines: string[]; exited: Promise<{ code: number | null; signal: string | null }> } {
    const proc = spawn(process.execPath, ['--import', `${root}node_modules/tsx/dist/esm/index.mjs`, child], {
      env: { ...process.env, DATABASE_URL: url, BATCH_SIZE: '200', HASHES_PER_BATCH: '40', TSX_TSCONFIG_PATH: `${root}tsconfig.base.json` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let buffer = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
      proc.emit('line');
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    return { proc, lines, exited };
  }

  test('a processor killed with SIGKILL in the middle of a batch and restarted: every row processed exactly once, no duplicate users, nothing lost', async () => {
    const rows = 2000;
    // Mixed work: most rows take the set-based path, every 8th has a password (hashed row by row, ~20 ms each).
    await h.db.db.execute(sql`
      insert into TheUserSync (Email, QueryNo, UserName, UserType, UserPwd, OneTimePwd, ConditionXML, SyncState)
      select 'k' || n || '@example.com', 68, 'kill' || n, 4, case when n % 8 = 0 then 'Pw-' || n || '-long-enough' end, 1,
             '<Conds><C><FieldNo>1020</FieldNo><Filter>K' || n || '</Filter></C></Conds>', 1
      from generate_series(1, ${rows}) n`);

    const first = start();
    // Wait until the third batch is hashing (its transaction is open, some rows settled inside it), then kill -9.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no third batch; got ${first.lines.join(' | ')}`)), 60_000);
      first.proc.on('line', () => {
        if (first.lines.includes('hashing 2')) { clearTimeout(timer); resolve(); }
      });
    });
    await new Promise((r) => setTimeout(r, 150)); // a few rows into the batch
    first.proc.kill('SIGKILL');
    const killed = await first.exited;
    assert.is(killed.signal, 'SIGKILL');
    assert.ok(first.lines.filter((l) => l.startsWith('batch ')).length >= 2, `two batches committed before the kill: ${first.lines.join(' | ')}`);
    assert.not.ok(first.lines.includes('batch 2 200'), 'killed before the third batch committed');

    // The server rolls the killed transaction back (wait until its backend is gone).
    for (let i = 0; i < 100 && (await count(h.db, sql`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`)) > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await count(h.db, sql`select count(*) as n from theusersync where syncstate = 0`);
    const pending = await count(h.db, sql`select count(*) as n from theusersync where syncstate = 1`);
    assert.ok(done >= 2 * 200 && done < rows, `some rows done (${done}), not all`);
    assert.is(done + pending, rows, 'every row is either settled or still pending');
    // Effect and state committed together: exactly one user per settled row, none for a pending one.
    assert.is(await count(h.db, sql`select count(*) as n from portal_users`), done);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users u join theusersync s on lower(s.email) = lower(u.email) where s.syncstate = 1`), 0);

    const second = start();
    const finished = await second.exited;
    assert.is(finished.code, 0, second.lines.join(' | '));
    assert.is(await count(h.db, sql`select count(*) as n from theusersync where syncstate <> 0 or processed_at is null or userpwd is not null or error is not null`), 0, 'every row processed, no cleartext');
    assert.is(await count(h.db, sql`select count(*) as n from portal_users`), rows, 'no user lost');
    assert.is(await count(h.db, sql`select count(distinct lower(email)) as n from portal_users`), rows, 'no duplicate users');
    assert.is(await count(h.db, sql`select count(*) as n from documents_assignments`), rows);
    assert.is(await count(h.db, sql`select count(*) as n from documents_assignment_conditions`), rows);
    // Exactly once: one create in the audit trail per user and per assignment (the killed batch left none).
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'tc_portaluser' and action = 'create'`), rows);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and entity = 'documents_assignment' and action = 'create'`), rows);
    assert.is(await count(h.db, sql`select count(*) as n from audit_log where actor_kind = 'sync' and action <> 'create'`), 0);
    assert.is(await count(h.db, sql`select count(*) as n from portal_users where password_hash is not null and must_change_password`), rows / 8);
  });
}

test.run();
