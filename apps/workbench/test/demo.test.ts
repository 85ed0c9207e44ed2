import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, testEnvironment } from './helpers';
import { expectStatus, signedInClient } from './security/fixtures';

const RECORDS = '/api/entities/tc_portaluser/records';
type Page = { items: Array<Record<string, unknown>>; total: number; totalExact: boolean };

test('demo load makes groups, staff users (password printed once) and portal users; a second run skips them', async () => {
  const t = await testEnvironment({ PORTICO_JOBS: 'false' });
  try {
    const admin = { email: 'ana.admin@example.org', password: 'correct horse battery staple' };
    const created = await runCli(['admin', 'create', '--name', 'Ana Admin', '--email', admin.email, '--password-stdin'], t.env, 60_000, `${admin.password}\n`);
    assert.is(created.code, 0, created.stderr);

    const bad = await runCli(['demo', 'load', '--portal-users', 'many'], t.env);
    assert.is(bad.code, 1);
    assert.match(bad.stderr, '--portal-users must be a whole number');

    const first = await runCli(['demo', 'load', '--portal-users', '30'], t.env, 120_000);
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, 'Groups: 2 created (Licensing Officers, Auditors), 0 already there');
    assert.match(first.stdout, 'Staff users: 4 created, 0 already there');
    assert.match(first.stdout, 'Portal users: 30 created, 0 already there');
    const password = /shown only this once\): (\S+)/.exec(first.stdout)?.[1];
    assert.ok(password, `no password in ${first.stdout}`);

    const again = await runCli(['demo', 'load', '--portal-users', '30'], t.env, 120_000);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, 'Groups: 0 created, 2 already there');
    assert.match(again.stdout, 'Staff users: 0 created, 4 already there');
    assert.match(again.stdout, 'Portal users: 0 created, 30 already there');
    assert.not.match(again.stdout, 'shown only this once');

    const { startWorkbench } = await import('../src/node/index');
    const running = await startWorkbench({ env: t.env });
    try {
      const adminClient = await signedInClient(running.url, admin);
      const { items: groups } = await expectStatus<{ items: Array<{ name: string; grants: Array<{ privilege: string }> }> }>(await adminClient.get('/api/security/groups'), 200);
      const officers = groups.find((g) => g.name === 'Licensing Officers');
      assert.ok(officers, 'Licensing Officers group');
      assert.equal(officers.grants.map((g) => g.privilege).sort(), ['entity.tc_portaluser.create', 'entity.tc_portaluser.read', 'entity.tc_portaluser.write', 'module.security']);
      assert.ok(groups.some((g) => g.name === 'Auditors' && g.grants.some((x) => x.privilege === 'entity.audit_log.read')), 'Auditors group');

      const officer = await signedInClient(running.url, { email: 'aoife.brennan@demo.portico.test', password });
      const page = await expectStatus<Page>(await officer.get(`${RECORDS}?limit=50`), 200);
      assert.is(page.total, 30);
      assert.ok(page.items.every((u) => typeof u.emailAddress === 'string' && /^[a-z]+\.[a-z]+\d+@[a-z.]+$/.test(String(u.emailAddress))), 'realistic e-mail addresses');
      assert.ok(page.items.every((u) => typeof u.displayName === 'string' && / /.test(String(u.displayName))), 'first and last names');
      const someone = String(page.items[0]!.displayName).split(' ')[1]!;
      const found = await expectStatus<Page>(await officer.get(`${RECORDS}?q=${encodeURIComponent(someone)}`), 200);
      assert.ok(found.total >= 1, `keyword ${someone} finds a demo user`);
      await expectStatus(await officer.get('/api/security/audit'), 403, 'a licensing officer may not read the audit log');

      const auditor = await signedInClient(running.url, { email: 'declan.nolan@demo.portico.test', password });
      await expectStatus(await auditor.get('/api/security/audit'), 200, 'an auditor reads the audit log');
      await expectStatus(await auditor.get(RECORDS), 403, 'an auditor may not list portal users');
    } finally {
      await running.stop();
    }
  } finally {
    await t.cleanup();
  }
});

test.run();
