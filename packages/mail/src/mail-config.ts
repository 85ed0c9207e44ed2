import { parseEnv } from '@portico/core';
import { z } from 'zod';

export const DEFAULT_MAIL_FROM = 'Portico <no-reply@localhost>';

/** `addr@host` or `Display Name <addr@host>`; the host may be `localhost`. */
const FROM_PATTERN = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

/** Environment variables read by the mail package (see README). Keys are the variable names. */
export const mailEnvSchema = z.object({
  SMTP_URL: z
    .string()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
        } catch {
          return false;
        }
      },
      { error: 'must be a URL like smtp://user:pass@host:587 or smtps://user:pass@host:465' },
    )
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(FROM_PATTERN, { error: 'must be an address, optionally with a name: "Portico <no-reply@example.org>"' })
    .default(DEFAULT_MAIL_FROM),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  MAIL_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
});

/** Parsed mail configuration. */
export interface MailConfig {
  /** Unset → the embedded "outbox only" transport. Contains credentials: never log it. */
  smtpUrl?: string;
  from: string;
  maxAttempts: number;
  batchSize: number;
  sendConcurrency: number;
  leaseMs: number;
}
/** Inversify token of the parsed {@link MailConfig} (bound by `mailModule`). */
export const MailConfig = Symbol('MailConfig');

/** Reads the mail configuration; a bad value throws core's `ConfigError` naming the variable. */
export function parseMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  // Only our variables: parseEnv reports the value of an offending variable, and SMTP_URL
  // may carry a password, so mask it before it can reach an error message.
  const picked: NodeJS.ProcessEnv = {};
  for (const key of Object.keys(mailEnvSchema.shape)) picked[key] = env[key];
  if (picked.SMTP_URL) picked.SMTP_URL = maskUrlPassword(picked.SMTP_URL);
  const parsed = parseEnv(mailEnvSchema, picked);
  return {
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    from: parsed.MAIL_FROM,
    maxAttempts: parsed.MAIL_MAX_ATTEMPTS,
    batchSize: parsed.MAIL_BATCH_SIZE,
    sendConcurrency: parsed.MAIL_SEND_CONCURRENCY,
    leaseMs: parsed.MAIL_LEASE_SECONDS * 1000,
  };
}

/** `smtp://user:secret@host` → `smtp://user:***@host`; anything unparsable is returned unchanged. */
export function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
  }
}
