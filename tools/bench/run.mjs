#!/usr/bin/env node
// Runs every `*.bench.ts` in this folder (or those whose name contains an argument), one after
// the other, each in its own Node process through tsx, with the workspace's compiler options.
// Arguments starting with `--` are passed on to each benchmark.
//
//   pnpm bench                      all benchmarks
//   pnpm bench sign-in --db=pglite  only sign-in.bench.ts, on the embedded database
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const tsxLoader = join(root, 'node_modules/tsx/dist/esm/index.mjs');
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
const passOn = args.filter((a) => a.startsWith('--'));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (names.length === 0 || names.some((n) => f.includes(n))))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${names.join(', ') || '*.bench.ts'} in ${here}`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', tsxLoader, join(here, file), ...passOn], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
  });
  if (run.status !== 0) {
    failed++;
    console.error(`✗ ${file} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
