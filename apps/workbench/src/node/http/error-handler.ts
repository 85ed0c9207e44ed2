import type { ErrorRequestHandler, RequestHandler } from 'express';
import { clientErrorOf, PorticoError, ValidationError, type FieldError } from '@portico/core';
import { ZodError } from 'zod';

/** The one JSON error shape of every API response. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; requestId?: string; details?: unknown };
}

export function zodToFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Unknown `/api/*` paths answer JSON 404, never the SPA's index.html. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No API route ${req.method} ${req.originalUrl}` } } satisfies ErrorBody);
};

/**
 * Turns every error into the JSON error shape. Validation errors become 400 naming the
 * fields; body-parser errors keep their 4xx status; anything unexpected is logged with its
 * stack and answered with a generic 500 that only carries the request id.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = String(req.id ?? '');
  let status = 500;
  let body: ErrorBody['error'];
  if (err instanceof ZodError) err = new ValidationError(zodToFieldErrors(err));
  const client = clientErrorOf(err);
  if (client) {
    status = client.status;
    body = { code: client.code, message: client.message };
    if (err instanceof ValidationError) body.fields = err.fields;
    if (err instanceof PorticoError && err.details !== undefined) body.details = err.details;
  } else {
    req.log?.error({ err }, 'unhandled error');
    body = { code: 'internal_error', message: 'Something went wrong on our side. Quote this request id when reporting it.' };
  }
  if (res.headersSent) return;
  res.status(status).json({ error: { ...body, requestId } } satisfies ErrorBody);
};
