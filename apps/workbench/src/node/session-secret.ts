import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HostConfig } from './config';

/**
 * The session signing secrets: SESSION_SECRET, or — on the embedded database, where there is
 * one node — a random secret generated once and kept in a file beside the data folder.
 */
export function sessionSecrets(config: HostConfig): string[] {
  if (config.sessionSecrets) return config.sessionSecrets;
  const file = `${config.dataDir}.session-secret`;
  if (existsSync(file)) return [readFileSync(file, 'utf8').trim()];
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return [secret];
}
