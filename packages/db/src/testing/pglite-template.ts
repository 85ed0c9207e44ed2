import type { MigrationContribution } from '@portico/core';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from '../database-handle';
import { migrateAll } from '../migrate-all';
import { dumpPglite, openPglite } from '../pglite-handle';

/**
 * Migrated PGlite templates for tests. Creating a PGlite database takes seconds, loading a
 * `dumpDataDir()` tarball a fraction of that: the first test process to need a set of
 * migrations builds it and caches the tarball under `<repo>/.portico/test-templates/`,
 * keyed by a hash of the PGlite version and the migration folders' contents.
 */

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Folder of cached tarballs (`PORTICO_TEST_TEMPLATE_DIR` overrides). */
export function templateDir(): string {
  return process.env.PORTICO_TEST_TEMPLATE_DIR ?? join(repoRoot(), '.portico', 'test-templates');
}

let pgliteVersionCache: string | undefined;
function pgliteVersion(): string {
  if (!pgliteVersionCache) {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve('@electric-sql/pglite'));
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    pgliteVersionCache = (require(join(dir, 'package.json')) as { version: string }).version;
  }
  return pgliteVersionCache;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out.sort();
}

/** Hash of the PGlite version, the plugin ids and order, and every file of their migration folders. */
export async function migrationsHash(migrations: readonly MigrationContribution[]): Promise<string> {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  for (const { pluginId, migrationsFolder } of migrations) {
    const folder = resolve(migrationsFolder);
    hash.update(`plugin ${pluginId}\n`);
    for (const file of await listFiles(folder)) {
      hash.update(`file ${relative(folder, file)}\n`).update(await readFile(file)).update('\n');
    }
  }
  return hash.digest('hex').slice(0, 32);
}

async function writeAtomically(path: string, blob: Blob): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, Buffer.from(await blob.arrayBuffer()));
  await rename(temp, path); // atomic: parallel test processes may race to write the same template
}

async function readTemplate(path: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(path)]);
  } catch {
    return undefined;
  }
}

/** In-process cache: tarball per key. */
const blobs = new Map<string, Promise<Blob>>();

/** Opens a PGlite from a cached tarball; a damaged tarball is deleted and undefined returned. */
async function openFrom(path: string): Promise<DatabaseHandle | undefined> {
  const blob = await readTemplate(path);
  if (!blob) return undefined;
  try {
    return await openPglite({ loadDataDir: blob });
  } catch {
    await rm(path, { force: true });
    return undefined;
  }
}

/** A fresh in-memory PGlite, un-migrated (from the cached pristine tarball when present). */
async function openPristine(): Promise<DatabaseHandle> {
  const path = join(templateDir(), `pristine-pglite-${pgliteVersion()}.tar.gz`);
  const cached = await openFrom(path);
  if (cached) return cached;
  const handle = await openPglite({});
  await writeAtomically(path, await dumpPglite(handle));
  return handle;
}

/**
 * An in-memory PGlite with `migrations` applied, cloned from the cached template (which is
 * built first when missing).
 */
export async function openMigratedPglite(migrations: readonly MigrationContribution[]): Promise<DatabaseHandle> {
  const key = await migrationsHash(migrations);
  const path = join(templateDir(), `${key}.tar.gz`);
  const known = blobs.get(key);
  if (known) return openPglite({ loadDataDir: await known });

  const cached = await openFrom(path);
  if (cached) {
    blobs.set(key, readFile(path).then((b) => new Blob([b])));
    return cached;
  }
  const handle = await openPristine();
  try {
    await migrateAll(handle, migrations);
    const blob = await dumpPglite(handle);
    await writeAtomically(path, blob);
    blobs.set(key, Promise.resolve(blob));
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
