import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnv } from '@portico/core';
import { z } from 'zod';

/** Folder of the workbench app (apps/workbench). */
export const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The workspace root, where `.portico/` lives by default. */
export const workspaceRoot = resolve(appRoot, '../..');

function defaultPlugins(): string[] {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { portico?: { plugins?: string[] } };
  return pkg.portico?.plugins ?? [];
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const listOf = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/**
 * Every setting the host reads, by environment variable name. Documented in README.md and
 * .env.example; `parseEnv` stops the start with a message naming a bad variable.
 */
export const HostConfigSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://portico.example.org' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  PORTICO_DATA_DIR: z.string().min(1).optional(),
  PORTICO_PLUGINS: listOf.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().optional(),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  PORTICO_JOBS: bool.default(true),
  SESSION_SECRET: listOf
    .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')).min(1))
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
});

export interface HostConfig {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl?: string;
  databasePoolMax: number;
  /** Server-side prepared statements on PostgreSQL (off behind a pooler that cannot keep them). */
  databasePreparedStatements: boolean;
  dataDir: string;
  plugins: string[];
  logLevel: string;
  trustProxy?: string;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  jobs: boolean;
  /** Signing secrets (the first signs); unset with PGlite = generated and kept beside the data. */
  sessionSecrets?: string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}
export const HostConfig = Symbol('HostConfig');

export function loadHostConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const e = parseEnv(HostConfigSchema, env);
  if (e.DATABASE_URL && !e.SESSION_SECRET) {
    // Several nodes must share the secret, so it cannot be generated per node.
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: is required with DATABASE_URL (at least 32 random characters; `openssl rand -base64 48`)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    databasePoolMax: e.DATABASE_POOL_MAX,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    dataDir: resolve(process.cwd(), e.PORTICO_DATA_DIR ?? '.portico/data'),
    plugins: e.PORTICO_PLUGINS ?? defaultPlugins(),
    logLevel: e.LOG_LEVEL,
    ...(e.TRUST_PROXY ? { trustProxy: e.TRUST_PROXY } : {}),
    bodyLimit: e.BODY_LIMIT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobs: e.PORTICO_JOBS,
    ...(e.SESSION_SECRET ? { sessionSecrets: e.SESSION_SECRET } : {}),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
  };
}
