import type { MigrationContribution } from '@portico/core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const alpha: MigrationContribution = { pluginId: 'alpha', migrationsFolder: join(fixtures, 'alpha/migrations') };
export const beta: MigrationContribution = { pluginId: 'beta', migrationsFolder: join(fixtures, 'beta/migrations') };
export const broken: MigrationContribution = { pluginId: 'broken-plugin', migrationsFolder: join(fixtures, 'broken') };

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/** Resolves with the first value `next()` gives within `ms`, else rejects. */
export function waitFor<T>(register: (resolve: (v: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
