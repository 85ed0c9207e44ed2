import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const appDir = fileURLToPath(new URL('..', import.meta.url));
export const fixturePlugin = (name: string): string => `./test/fixtures/plugins/${name}`;

/**
 * Environment for a workbench under test: a fresh PGlite data dir, or — when
 * TEST_DATABASE_URL is set — a fresh database on that server. `cleanup` removes either.
 */
export async function testEnvironment(extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-host-'));
  const env: Record<string, string> = { LOG_LEVEL: 'silent', PORTICO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...extra };
  let dropDatabase = async (): Promise<void> => {};
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `portico_test_host_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.SESSION_SECRET = 'test-session-secret-of-at-least-32-characters';
    dropDatabase = async () => {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  return {
    env,
    async cleanup() {
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `portico` command (bin/portico.mjs) in a child process. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(appDir, 'bin/portico.mjs'), ...args], {
      cwd: appDir,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    child.stdin.end(input ?? '');
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
