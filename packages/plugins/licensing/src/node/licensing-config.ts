import { z } from 'zod';
import { parseEnv } from '@portico/core';

/** Settings of the licensing plugin, read from the host environment. */
export interface LicensingConfig {
  /** `LICENSING_MAX_FILE_MB` (default 10): largest document attached to an application. */
  maxFileBytes: number;
  /** `LICENSING_MAX_FILES` (default 10): documents per application. */
  maxFiles: number;
  /** `LICENSING_ALLOWED_TYPES` (default PDF, PNG, JPEG): content types, sniffed from the bytes. */
  allowedTypes: readonly string[];
}
export const LicensingConfig = Symbol('LicensingConfig');

export const DEFAULT_ALLOWED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

const Schema = z.object({
  LICENSING_MAX_FILE_MB: z.coerce.number().positive().max(200).default(10),
  LICENSING_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  LICENSING_ALLOWED_TYPES: z.string().trim().regex(/^[\w.+-]+\/[\w.+-]+(?:\s*,\s*[\w.+-]+\/[\w.+-]+)*$/, 'must be a comma-separated list of content types').optional(),
});

/** Reads {@link LicensingConfig}; a bad value stops the start naming the variable. */
export function loadLicensingConfig(env: Readonly<Record<string, string | undefined>>): LicensingConfig {
  const e = parseEnv(Schema, env as NodeJS.ProcessEnv);
  return {
    maxFileBytes: Math.floor(e.LICENSING_MAX_FILE_MB * 1024 * 1024),
    maxFiles: e.LICENSING_MAX_FILES,
    allowedTypes: e.LICENSING_ALLOWED_TYPES ? e.LICENSING_ALLOWED_TYPES.split(',').map((s) => s.trim()) : DEFAULT_ALLOWED_TYPES,
  };
}
