/**
 * `portico users import file.csv [--dry-run] [--report report.csv]` through the real CLI process:
 * a dry run writes nothing and reports would-create / would-update / failed; the real run writes
 * the sync rows, processes them and reports created / updated / failed with the reason per line;
 * the users, searches, conditions and upload permissions are there afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DocumentsCatalog } from '@portico/plugin-documents/node';
import { startWorkbench } from '../../src/node/index';
import { runCli, testEnvironment } from '../helpers';

const PLUGINS = '@portico/plugin-security,@portico/plugin-portal,@portico/plugin-documents,@portico/plugin-usersync,@portico/plugin-system';
let env: Record<string, string>;
let cleanup: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'portico-users-import-'));
const csvFile = join(dir, 'users.csv');

const CSV = [
  'Email,UserName,UserPwd,OneTimePwd,QueryNo,Condition:Region,Condition:Colour,CtgryNo,IndexData:Customer No',
  'new.one@example.org,new1,,,163,North,,,',
  'new.two@example.org,new2,Pw-long-enough-42,1,163,,,20,C-7',
  'existing@example.org,exist1,,,163,South,,,',
  'not-an-email,bad1,,,163,,,,',
  'colour@example.org,col1,,,163,,Red,,',
  'clash@example.org,EXIST1,,,163,,,,',
  'quoted@example.org,"Smith, Jo",,,163,"a,b",,,',
].join('\n');

async function query<T>(fn: (rows: <R>(q: ReturnType<typeof sql>) => Promise<R[]>) => Promise<T>): Promise<T> {
  const running = await startWorkbench({ env: { ...env, PORTICO_JOBS: 'false' } });
  try {
    return await fn((q) => running.workbench.db.rows(q));
  } finally {
    await running.stop();
  }
}

const report = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Array<{ line: string; email: string; outcome: string; reason: string; row_ids: string }>;

test.before(async () => {
  const t = await testEnvironment({ PORTICO_PLUGINS: PLUGINS });
  env = t.env;
  cleanup = t.cleanup;
  writeFileSync(csvFile, CSV);
  // Category 20 and search 163, and one portal user who exists already.
  const running = await startWorkbench({ env: { ...env, PORTICO_JOBS: 'false' } });
  try {
    const catalog = running.workbench.kernel.container.get(DocumentsCatalog);
    const ctx = { actor: { kind: 'system', id: 'test', name: 'Test' } };
    await catalog.putCategory(20, { name: 'Customers', fields: [{ fieldNo: 1019, name: 'Region', type: 'text' }, { fieldNo: 1020, name: 'Customer No', type: 'text' }] }, ctx);
    await catalog.putSearch(163, { ctgryNo: 20, name: 'My documents', columns: [1019, 1020] }, ctx);
    await running.workbench.db.rows(sql`insert into portal_users (email, user_name) values ('existing@example.org', 'exist1')`);
  } finally {
    await running.stop();
  }
});
test.after(async () => { await cleanup(); rmSync(dir, { recursive: true, force: true }); });

test('--dry-run: validates every line, writes nothing, reports would-create / would-update / failed', async () => {
  const out = join(dir, 'dry.csv');
  const r = await runCli(['users', 'import', csvFile, '--dry-run', '--report', out], env, 120_000);
  assert.is(r.code, 2, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, 'Dry run: 7 lines: 4 would be created, 1 updated, 0 deleted, 2 failed', r.stdout + r.stderr);
  assert.not.match(r.stderr, /█|░|\[=/, 'no progress bar when stderr is not a terminal');
  const rows = report(out);
  assert.equal(rows.map((x) => `${x.line}:${x.outcome}`), ['2:would-create', '3:would-create', '4:would-update', '5:failed', '6:failed', '7:would-create', '8:would-create']);
  assert.match(rows[3]!.reason, 'Email');
  assert.match(rows[4]!.reason, 'Colour');
  assert.is(await query(async (q) => Number((await q<{ n: string }>(sql`select count(*) as n from theusersync`))[0]!.n)), 0, 'nothing written');
});

test('import: rows written and processed; per-line report created / updated / failed with the reason', async () => {
  const out = join(dir, 'report.csv');
  const r = await runCli(['users', 'import', csvFile, '--report', out], env, 180_000);
  assert.is(r.code, 2, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, '7 lines: 3 created, 1 updated, 0 deleted, 3 failed', r.stdout + r.stderr);
  assert.match(r.stdout, `Report: ${out}`);
  const rows = report(out);
  assert.equal(rows.map((x) => `${x.line}:${x.outcome}`), ['2:created', '3:created', '4:updated', '5:failed', '6:failed', '7:failed', '8:created']);
  assert.match(rows[5]!.reason, /User name EXIST1 belongs to another portal user/i);
  assert.ok(rows[1]!.row_ids.split(' ').length === 2, 'a search row and an upload row');
  const state = await query(async (q) => ({
    users: await q<{ email: string; user_name: string; has_pw: boolean; must: boolean }>(sql`select email, user_name, password_hash is not null as has_pw, must_change_password as must from portal_users order by email`),
    conds: await q<{ email: string; filter: string }>(sql`select u.email, c.filter from documents_assignment_conditions c join documents_assignments a on a.id = c.assignment_id join portal_users u on u.id = a.portal_user_id order by u.email`),
    upload: await q<{ email: string; value: string }>(sql`select u.email, v.value from documents_upload_values v join documents_upload_permissions p on p.id = v.permission_id join portal_users u on u.id = p.portal_user_id`),
    cleartext: await q<{ n: string }>(sql`select count(*) as n from theusersync where userpwd is not null`),
  }));
  assert.equal(state.users.map((u) => u.email), ['existing@example.org', 'new.one@example.org', 'new.two@example.org', 'quoted@example.org']);
  assert.equal(state.users.find((u) => u.email === 'new.two@example.org'), { email: 'new.two@example.org', user_name: 'new2', has_pw: true, must: true });
  assert.equal(state.conds, [{ email: 'existing@example.org', filter: 'South' }, { email: 'new.one@example.org', filter: 'North' }, { email: 'quoted@example.org', filter: 'a,b' }]);
  assert.is(state.users.find((u) => u.email === 'quoted@example.org')!.user_name, 'Smith, Jo');
  assert.equal(state.upload, [{ email: 'new.two@example.org', value: 'C-7' }]);
  assert.is(Number(state.cleartext[0]!.n), 0);
});

test('errors: a missing file and a CSV with ragged lines are reported, not crashes', async () => {
  const missing = await runCli(['users', 'import', join(dir, 'nope.csv')], env);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'nope.csv');
  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'Email,QueryNo\na@example.org,163,extra\n');
  const r = await runCli(['users', 'import', ragged], env);
  assert.is(r.code, 1);
  assert.match(r.stderr, /column|record/i);
});

test.run();
