#!/usr/bin/env node
// The one test command: runs every uvu test file of the workspace (or of the project folders
// given as arguments), each in its own Node process, and ends with the plain line
// `N passed, N failed` that uvu itself does not print.
//
//   node tools/scripts/test.mjs                 all projects
//   node tools/scripts/test.mjs packages/db     one project (what `nx run db:test` does)
//   TEST_DATABASE_URL=postgres://… …            the same tests on a PostgreSQL server
//
// Browser tests (`*.browser.test.ts`) need Chromium; without it they are reported as not run,
// and with PORTICO_REQUIRE_BROWSER=1 (as in CI) that is a failure.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsxLoader = join(root, 'node_modules/tsx/dist/esm/index.mjs');
const chromium = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';
const requireBrowser = process.env.PORTICO_REQUIRE_BROWSER === '1';
const fileTimeoutMs = Number(process.env.PORTICO_TEST_TIMEOUT_MS ?? 10 * 60_000);
const filter = process.env.TEST_FILTER; // substring of a test file's path

function projectDirs() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (args.length) return args.map((a) => resolve(process.cwd(), a));
  const groups = ['packages', 'packages/plugins', 'apps', 'tools'];
  return groups.flatMap((g) => {
    const dir = join(root, g);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((p) => existsSync(join(p, 'package.json')));
  });
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'fixtures') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) out.push(p);
    }
  };
  const testDir = join(dir, 'test');
  if (existsSync(testDir)) walk(testDir);
  return out.sort();
}

function runFile(file) {
  return new Promise((resolveRun) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', tsxLoader, file], {
      cwd: dirname(file).replace(/\/test(\/.*)?$/, ''),
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'), NO_COLOR: '1', FORCE_COLOR: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[test runner] killed after ${fileTimeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, fileTimeoutMs);
    // A file that vanished, or a process that cannot start, is a failed file — not a crashed runner.
    child.on('error', (error) => {
      output += `\n[test runner] could not run: ${error.message}\n`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const num = (label) => {
        const m = output.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'));
        return m ? Number(m[1]) : undefined;
      };
      const total = num('Total');
      const passed = num('Passed') ?? 0;
      const skipped = num('Skipped') ?? 0;
      let failed = total === undefined ? 1 : total - passed - skipped;
      if (code !== 0 && failed === 0) failed = 1; // crashed after its tests, or before printing
      resolveRun({ file, code, output, passed, failed, skipped, ms: Date.now() - started });
    });
  });
}

async function pool(items, size, fn) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        results.push(await fn(item));
      }
    }),
  );
  return results;
}

const all = projectDirs().flatMap(testFiles).filter((f) => !filter || f.includes(filter));
const browserFiles = all.filter((f) => f.endsWith('.browser.test.ts'));
const plainFiles = all.filter((f) => !f.endsWith('.browser.test.ts'));
const haveBrowser = existsSync(chromium);
const backend = process.env.TEST_DATABASE_URL ? 'PostgreSQL (TEST_DATABASE_URL)' : 'PGlite';
console.log(`Running ${all.length} test files on ${backend}${haveBrowser ? '' : ' (no Chromium: browser tests not run)'}`);

let passed = 0, failed = 0, skipped = 0;
const report = (r) => {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  const mark = r.failed ? '✗' : '✓';
  console.log(`${mark} ${relative(root, r.file)}  ${r.passed} passed${r.failed ? `, ${r.failed} failed` : ''} (${(r.ms / 1000).toFixed(1)} s)`);
  if (r.failed || process.env.TEST_VERBOSE) console.log(r.output.replace(/^/gm, '    '));
  return r;
};

const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? availableParallelism()));
await pool(plainFiles, concurrency, async (f) => report(await runFile(f)));
if (haveBrowser) {
  for (const f of browserFiles) report(await runFile(f));
} else if (browserFiles.length) {
  console.log(`! ${browserFiles.length} browser test files not run: no Chromium at ${chromium} (apt-get install chromium)`);
  if (requireBrowser) failed += browserFiles.length;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
