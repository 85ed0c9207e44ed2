import { z } from 'zod';
import { PorticoError } from '../common/errors';

export class ConfigError extends PorticoError {
  constructor(message: string) {
    super(message, { code: 'config_error' });
  }
}

/**
 * Reads configuration from environment variables through a zod object schema whose keys
 * are the variable names. A bad value stops the start with a message naming the variable.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    return `  ${name}${value === undefined ? '' : ` (got "${value}")`}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
