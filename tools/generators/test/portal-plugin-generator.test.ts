/**
 * Issue #9's proof: in a temporary copy of the workspace (tracked and new files; no
 * node_modules, .portico, dist, test-output), `pnpm nx g @portico/tools:portal-plugin permits`,
 * install from the store, typecheck and lint the new plugin, check its migration matches its schema,
 * build the browser shell, migrate, start the real `portico` CLI with the plugin enabled by
 * configuration only (PORTICO_PLUGINS; no file under apps/ changed), reach the portal's sign-in
 * page and the workbench list (SPA route and records API), then run the generated plugin's own
 * tests (API + Chromium). Respects TEST_DATABASE_URL. Also counts the plugin's lines of code.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import postgres from 'postgres';

const source = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NAME = 'permits';
const PLUGINS = `@portico/plugin-security,@portico/plugin-portal,@portico/plugin-system,@portico/plugin-${NAME}`;
const work = mkdtempSync(join(tmpdir(), 'portico-generator-'));
const copy = join(work, 'repo');
const timings: string[] = [];
let server: ChildProcess | undefined;
let dropDatabase = async (): Promise<void> => {};

function run(cmd: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: copy, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true', ...env }, encoding: 'utf8', input: input ?? '', maxBuffer: 64 * 1024 * 1024 });
  timings.push(`${((Date.now() - started) / 1000).toFixed(1)} s  ${cmd} ${args.join(' ')}`.slice(0, 140));
  assert.is(r.status, 0, `${cmd} ${args.join(' ')} → ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Non-blank, non-comment lines of what a person edits: everything but generated migrations and the README. */
function linesOfCode(dir: string): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (['node_modules', 'migrations'].includes(name)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(name)) {
        let inBlock = false;
        files[p.slice(dir.length + 1)] = readFileSync(p, 'utf8').split('\n').filter((line) => {
          const s = line.trim();
          if (inBlock) return (inBlock = !s.includes('*/')) && false;
          if (s.startsWith('/*')) return (inBlock = !s.includes('*/')) && false;
          return s !== '' && !s.startsWith('//');
        }).length;
      }
    }
  };
  walk(dir);
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

async function databaseEnv(): Promise<Record<string, string>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { PORTICO_DATA_DIR: join(work, 'data') };
  const name = `portico_test_generator_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  dropDatabase = async () => {
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

function startServer(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, ['apps/workbench/bin/portico.mjs', 'start'], { cwd: copy, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let out = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out += d;
      const m = /Portico workbench: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: m[1]!, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`portico start exited ${code}:\n${out}`)));
  });
}

test.after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await dropDatabase();
  if (!process.env.KEEP_GENERATOR_COPY) rmSync(work, { recursive: true, force: true });
  console.log(`timings:\n  ${timings.join('\n  ')}`);
});

test('generate, install, typecheck, migrate, start, reach the portal and the list, pass its own tests', async () => {
  // 1. A copy of the workspace, as a git repository so that changes under apps/ show.
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: source, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !/(^|\/)(node_modules|\.portico|dist|test-output)\//.test(f) && existsSync(join(source, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(source, f), join(copy, f));
  }
  run('git', ['init', '-q']);
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'copy']);
  assert.not.ok(existsSync(join(copy, 'packages/plugins', NAME)), `packages/plugins/${NAME} exists in the workspace already`);

  // 2. Install, generate (the generator installs again, linking the new package).
  run('pnpm', ['install', '--offline', '--frozen-lockfile']);
  run('pnpm', ['nx', 'g', '@portico/tools:portal-plugin', NAME, '--no-interactive']);
  const plugin = join(copy, 'packages/plugins', NAME);
  assert.ok(existsSync(join(copy, 'node_modules/@portico', `plugin-${NAME}`, 'package.json')), 'linked at the workspace root');
  assert.is(run('git', ['status', '--porcelain', '--', 'apps/']), '', 'no file under apps/ changed');

  // 3. Typecheck and lint; the shipped migration is what drizzle-kit makes of the schema.
  run(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '-p', join(plugin, 'tsconfig.json')]);
  run(process.execPath, [join(copy, 'node_modules/eslint/bin/eslint.js'), '--max-warnings=0', join('packages/plugins', NAME)]);
  const drizzle = run('pnpm', ['--filter', `@portico/plugin-${NAME}`, 'exec', 'drizzle-kit', 'generate']);
  assert.match(drizzle, 'No schema changes');

  // 4. Build the browser shell, migrate, start — all enabled by PORTICO_PLUGINS alone.
  const env = { PORTICO_PLUGINS: PLUGINS, PORTICO_JOBS: 'false', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'generator-test-secret-of-at-least-32-chars', ...(await databaseEnv()) };
  run('pnpm', ['--filter', '@portico/workbench', 'run', 'build:browser'], { PORTICO_PLUGINS: PLUGINS });
  assert.match(run(process.execPath, ['apps/workbench/bin/portico.mjs', 'migrate'], env), new RegExp(`${NAME}\\s+1/1 applied`));
  const admin = { email: 'admin@example.org', password: 'amber-orchard-lantern-73' };
  run(process.execPath, ['apps/workbench/bin/portico.mjs', 'admin', 'create', '--name', 'Admin', '--email', admin.email, '--password-stdin'], env, admin.password);
  const started = Date.now();
  const { url } = await startServer(env);
  timings.push(`${((Date.now() - started) / 1000).toFixed(1)} s  portico start`);

  const signIn = await fetch(`${url}/portal/${NAME}/sign-in`);
  assert.is(signIn.status, 200);
  assert.match(await signIn.text(), 'Permits Portal');
  const spa = await fetch(`${url}/${NAME}`, { headers: { accept: 'text/html' } });
  assert.is(spa.status, 200, 'the workbench list route serves the shell');
  const anonymous = await fetch(`${url}/api/shell/session`);
  const { csrfToken } = (await anonymous.json()) as { csrfToken: string };
  const cookieOf = (res: Response): string => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = await fetch(`${url}/api/security/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: cookieOf(anonymous) },
    body: JSON.stringify(admin),
  });
  assert.is(session.status, 200, await session.clone().text());
  const cookie = cookieOf(session) || cookieOf(anonymous);
  const list = await fetch(`${url}/api/entities/tc_permit/records`, { headers: { cookie } });
  assert.is(list.status, 200, await list.clone().text());
  assert.equal(((await list.json()) as { items: unknown[] }).items, []);
  const nav = (await (await fetch(`${url}/api/shell/navigation`, { headers: { cookie } })).json()) as unknown;
  assert.match(JSON.stringify(nav), `"path":"/${NAME}"`);

  // 5. The generated plugin's own tests, Chromium included.
  // TEST_FILTER (set to run this file alone) must not filter the generated plugin's own tests away.
  const own = run(process.execPath, ['tools/scripts/test.mjs', `packages/plugins/${NAME}`], { PORTICO_REQUIRE_BROWSER: '1', TEST_FILTER: '' });
  console.log(own.split('\n').filter((l) => /^[✓✗!]|passed/.test(l)).join('\n'));
  assert.match(own, /permits\.browser\.test\.ts\s+\d+ passed/, 'the Chromium test ran');

  // 6. Small enough to read in one sitting.
  const loc = linesOfCode(plugin);
  console.log(`generated plugin: ${loc.total} lines of code`, loc.files);
  assert.ok(loc.total < 300, `${loc.total} lines of code`);
});

test.run();
