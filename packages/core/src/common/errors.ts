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
