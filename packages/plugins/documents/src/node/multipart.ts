import busboy from 'busboy';
import type { Request } from 'express';
import { PorticoError, ValidationError } from '@portico/core';
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
export function readMultipartSettled(req: Request, limits: { maxFileBytes: number; maxFiles: number }): Promise<{ fields: Record<string, string>; files: IncomingFile[]; error?: Error }> {
  if (!req.is('multipart/form-data')) return Promise.reject(new ValidationError([{ path: 'body', message: 'Send multipart/form-data' }]));
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: IncomingFile[] = [];
    let failed: Error | undefined;
    const malformed = () => new ValidationError([{ path: 'body', message: 'Malformed multipart body' }]);
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 200, fieldSize: 100_000 } });
    } catch {
      return reject(malformed()); // e.g. no boundary in the content type
    }
    req.once('error', () => reject(malformed())); // the client went away mid-body
    bb.on('field', (name, value) => { fields[name] = value; });
    bb.on('file', (_name, stream, info) => {
      // A body cut off inside a file errors the file's stream as well as busboy: without a
      // listener here that error would be thrown, and end the process.
      stream.on('error', () => { failed ??= malformed(); });
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => { failed ??= new PorticoError(`File "${info.filename}" is larger than ${limits.maxFileBytes} bytes`, { status: 413, code: 'file_too_large' }); });
      stream.on('end', () => files.push({ name: info.filename ?? 'file', bytes: Buffer.concat(chunks) }));
    });
    bb.on('filesLimit', () => { failed ??= new ValidationError([{ path: 'files', message: `At most ${limits.maxFiles} files` }]); });
    bb.on('error', () => reject(malformed()));
    bb.on('close', () => resolve({ fields, files, ...(failed ? { error: failed } : {}) }));
    req.pipe(bb);
  });
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
