import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appDir, fixturePlugin, runCli, testEnvironment } from './helpers';
import { TestClient } from './http-client';

test('--help lists the commands and exits 0', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  for (const command of ['start', 'migrate', 'plugins']) assert.match(r.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
});

test('an unknown command or option is a readable error and a non-zero exit', async () => {
  const unknown = await runCli(['strat']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command 'strat'/);
  assert.match(unknown.stderr, /Did you mean start\?/);
  const option = await runCli(['migrate', '--frobnicate']);
  assert.is(option.code, 1);
  assert.match(option.stderr, /unknown option '--frobnicate'/);
});

test('a bad setting stops the start with a message naming the variable', async () => {
  const r = await runCli(['start'], { PORT: 'eighty', DATABASE_URL: 'mysql://db/portico' });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'PORT (got "eighty")');
  assert.match(r.stderr, 'DATABASE_URL (got "mysql://db/portico"): must start with postgres://');
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a broken plugin stops the start with a message naming the plugin', async () => {
  const cycle = await runCli(['plugins'], { PORTICO_PLUGINS: `${fixturePlugin('cycle-a')},${fixturePlugin('cycle-b')}` });
  assert.is(cycle.code, 1);
  assert.match(cycle.stderr, /Plugin "cycle-[ab]": dependency cycle/);
  const missing = await runCli(['plugins'], { PORTICO_PLUGINS: fixturePlugin('boom') });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'Plugin "boom": depends on "hello", which is not enabled or not installed');
});

test('migrate applies every plugin\'s migrations once and reports them', async () => {
  const t = await testEnvironment();
  try {
    const status = await runCli(['migrate', '--status'], t.env);
    assert.is(status.code, 0, status.stderr);
    for (const plugin of ['auth', 'audit', 'mail', 'security', 'portal']) assert.match(status.stdout, new RegExp(`^${plugin}\\s+0/\\d+ applied`, 'm'));
    const first = await runCli(['migrate'], t.env);
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, /^security\s+3\/3 applied/m); // 0002: API tokens
    assert.not.match(first.stdout, / 0\/\d+ applied/);
    const again = await runCli(['migrate'], t.env);
    assert.is(again.stdout, first.stdout, 'a second run applies nothing more');
  } finally {
    await t.cleanup();
  }
});

test('admin create makes a System Administrator who can sign in; a weak password is refused', async () => {
  const t = await testEnvironment();
  try {
    const weak = await runCli(['admin', 'create', '--name', 'Ana Admin', '--email', 'ana@example.org', '--password-stdin'], t.env, 60_000, 'short\n');
    assert.is(weak.code, 1);
    assert.match(weak.stderr, /password: /);
    const ok = await runCli(['admin', 'create', '--name', 'Ana Admin', '--email', 'ana@example.org', '--password-stdin'], t.env, 60_000, 'correct horse battery staple\n');
    assert.is(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, 'Created System Administrator ana@example.org');
    const missing = await runCli(['admin', 'create', '--name', 'X'], t.env);
    assert.is(missing.code, 1);
    assert.match(missing.stderr, /needs --name, --email and --password-stdin/);

    const { startWorkbench } = await import('../src/node/index');
    const running = await startWorkbench({ env: t.env });
    try {
      const client = new TestClient(running.url);
      const res = await client.post('/api/security/sign-in', { email: 'ANA@example.org', password: 'correct horse battery staple' });
      assert.is(res.status, 200);
      const session = (await (await client.get('/api/shell/session')).json()) as { user: { name: string }; privileges: Record<string, unknown> };
      assert.is(session.user.name, 'Ana Admin');
      assert.equal(session.privileges, { '*': 'all' });
    } finally {
      await running.stop();
    }
  } finally {
    await t.cleanup();
  }
});

/** Starts `portico start` as a child process and waits for its URL. */
function startChild(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(appDir, 'bin/portico.mjs'), 'start'], { cwd: appDir, env: { ...process.env, ...env } });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d;
      const m = output.match(/Portico workbench: (http:\/\/\S+)/);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}

test('data survives a restart, and SIGTERM lets the request in flight finish', async () => {
  const t = await testEnvironment({ PORTICO_PLUGINS: `@portico/plugin-hello,${fixturePlugin('boom')}`, LOG_LEVEL: 'warn' });
  const children: ReturnType<typeof startChild>[] = [];
  try {
    const first = startChild(t.env);
    children.push(first);
    const url1 = await first.url;
    const created = await new TestClient(url1).post('/api/hello/greetings', { message: 'still here after a restart' });
    assert.is(created.status, 201);
    const slow = fetch(`${url1}/api/boom/slow?ms=700`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 150));
    first.child.kill('SIGTERM');
    assert.equal(await slow, { finished: true }, 'the request in flight completed');
    assert.is(await first.exited, 0, first.output());

    const second = startChild(t.env);
    children.push(second);
    const url2 = await second.url;
    const list = (await (await fetch(`${url2}/api/hello/greetings`)).json()) as { items: { message: string }[] };
    assert.ok(list.items.some((g) => g.message === 'still here after a restart'));
    second.child.kill('SIGINT');
    assert.is(await second.exited, 0);
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL'); // never leave a server behind
    await t.cleanup();
  }
});

test.run();
