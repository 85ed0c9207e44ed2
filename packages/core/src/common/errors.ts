/**
 * Errors that cross a boundary (HTTP, CLI) carry a stable `code` and an HTTP `status`.
 * The host's error handler turns them into `{ error: { code, message, fields? } }`.
 */
export class PorticoError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(message: string, options: { status?: number; code?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status ?? 500;
    this.code = options.code ?? 'internal_error';
    this.details = options.details;
  }
}

/** One message per offending field; `path` is dotted (`address.city`). */
export interface FieldError {
  path: string;
  message: string;
  /** A workbench path related to the error, e.g. the existing record a duplicate clashes with. */
  link?: string;
}

export class ValidationError extends PorticoError {
  readonly fields: FieldError[];
  constructor(fields: FieldError[], message?: string) {
    super(message ?? `Invalid input: ${fields.map((f) => `${f.path || '(body)'}: ${f.message}`).join('; ')}`, {
      status: 400,
      code: 'validation_failed',
    });
    this.fields = fields;
  }
}

export class UnauthorizedError extends PorticoError {
  constructor(message = 'Sign-in required') {
    super(message, { status: 401, code: 'unauthorized' });
  }
}

export class ForbiddenError extends PorticoError {
  constructor(message = 'You do not have the privilege for this action') {
    super(message, { status: 403, code: 'forbidden' });
  }
}

export class NotFoundError extends PorticoError {
  constructor(message = 'Not found') {
    super(message, { status: 404, code: 'not_found' });
  }
}

export class ConflictError extends PorticoError {
  constructor(message: string, details?: unknown) {
    super(message, { status: 409, code: 'conflict', details });
  }
}

/** Raised while loading plugins; always names the plugin at fault. */
export class PluginError extends PorticoError {
  readonly pluginId: string;
  constructor(pluginId: string, message: string, cause?: unknown) {
    super(`Plugin "${pluginId}": ${message}`, { code: 'plugin_error', cause });
    this.pluginId = pluginId;
  }
}

/** What the client did wrong, as every error handler answers it: the status and a safe message. */
export interface ClientError {
  status: number;
  code: string;
  message: string;
}

/** Messages for the 4xx errors of body-parser (by its `type`); others get a generic one. */
const HTTP_ERROR_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is too large',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
  'request.aborted': 'The request was interrupted',
};

/**
 * The client error `err` stands for, or undefined for a server error (answer 500). Covers
 * PorticoErrors below 500 and the 4xx errors that Express's router and body-parser raise for bad
 * requests — a broken percent-escape in a path parameter (400), malformed or oversized bodies
 * (400, 413) — whose own messages may quote the input, so they get a generic one.
 */
export function clientErrorOf(err: unknown): ClientError | undefined {
  if (err instanceof PorticoError) return err.status < 500 ? { status: err.status, code: err.code, message: err.message } : undefined;
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, type } = err as { status?: unknown; statusCode?: unknown; type?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500) return undefined;
  const known = typeof type === 'string' ? type : undefined;
  return { status: code, code: known?.replace(/\./g, '_') ?? 'bad_request', message: (known && HTTP_ERROR_MESSAGES[known]) || 'The request is not valid' };
}
