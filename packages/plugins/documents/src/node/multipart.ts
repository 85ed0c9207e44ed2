import type { Request } from 'express';
import { PorticoError, ValidationError } from '@portico/core';
import { readUpload, type UploadProblem } from '@portico/plugin-portal/node';
import type { IncomingFile } from './document-search-service';

/** Reads a multipart/form-data request: text fields and files (each at most `maxFileBytes`). */
export async function readMultipart(req: Request, limits: { maxFileBytes: number; maxFiles: number }): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const { fields, files, error } = await readMultipartSettled(req, limits);
  if (error) throw error;
  return { fields, files };
}

/**
 * Like {@link readMultipart}, but a file over the limit or too many files give `error` together
 * with the text fields read (so a form's `_csrf` field can still be checked first). A body that is
 * not multipart, or malformed, rejects.
 */
export async function readMultipartSettled(req: Request, limits: { maxFileBytes: number; maxFiles: number }): Promise<{ fields: Record<string, string>; files: IncomingFile[]; error?: Error }> {
  const { fields, files, problem } = await readUpload(req, { ...limits, maxFields: 200, maxFieldBytes: 100_000 });
  if (problem?.kind === 'not_multipart') throw new ValidationError([{ path: 'body', message: 'Send multipart/form-data' }]);
  if (problem?.kind === 'malformed') throw new ValidationError([{ path: 'body', message: 'Malformed multipart body' }]);
  return { fields, files, ...(problem ? { error: uploadError(problem, limits) } : {}) };
}

function uploadError(problem: UploadProblem, limits: { maxFileBytes: number; maxFiles: number }): Error {
  switch (problem.kind) {
    case 'file_too_large':
      return new PorticoError(`File "${problem.file}" is larger than ${limits.maxFileBytes} bytes`, { status: 413, code: 'file_too_large' });
    case 'too_many_files':
      return new ValidationError([{ path: 'files', message: `At most ${limits.maxFiles} files` }]);
    default:
      return new ValidationError([{ path: 'body', message: 'Too many parts in the multipart body' }]);
  }
}

/** `indexData` form field (JSON object). */
export function indexDataField(fields: Record<string, string>): Record<string, unknown> {
  if (!fields.indexData) return {};
  try {
    const v = JSON.parse(fields.indexData) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* below */ }
  throw new ValidationError([{ path: 'indexData', message: 'indexData must be a JSON object keyed by FieldNo' }]);
}

/** A text body (ConditionXML) up to `max` bytes. */
export async function readText(req: Request, max: number): Promise<string> {
  if (typeof req.body === 'string') return req.body;
  if (req.body !== undefined || !req.is(['application/xml', 'text/xml', 'text/plain'])) {
    throw new PorticoError('Send the ConditionXML as application/xml', { status: 415, code: 'unsupported_media_type' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > max) throw new PorticoError('The request body is too large', { status: 413, code: 'entity_too_large' });
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
