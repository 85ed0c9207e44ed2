import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { CSRF_FIELD, CSRF_HEADER, CsrfError } from '@portico/auth';
import { PorticoError, ValidationError } from '@portico/core';
import type { IncomingFile } from './inspection-service';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Reads a `multipart/form-data` upload from a form without JavaScript, checking the session's
 * CSRF token **before accepting any file**: it must come in the `x-csrf-token` header or in the
 * `_csrf` field placed before the file inputs (browsers send fields in document order). A file
 * part that arrives before a valid token is drained and the request fails with a CsrfError, so no
 * bytes of a forged upload are kept. Files larger than `maxFileBytes` fail with 413.
 */
export function readMultipartWithCsrf(req: Request, limits: { maxFileBytes: number; maxFiles: number }): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  if (!req.is('multipart/form-data')) return Promise.reject(new PorticoError('Send the files as multipart/form-data', { status: 415, code: 'unsupported_media_type' }));
  const expected = req.session?.csrfToken;
  const header = req.headers[CSRF_HEADER];
  let verified = typeof expected === 'string' && typeof header === 'string' && same(header, expected);
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: IncomingFile[] = [];
    let failed: Error | undefined;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 10_000, parts: limits.maxFiles + 20 } });
    } catch {
      return reject(new ValidationError([{ path: 'files', message: 'Malformed upload' }]));
    }
    bb.on('field', (name, value) => {
      if (name === CSRF_FIELD && typeof expected === 'string' && same(value, expected)) verified = true;
      fields[name] = value;
    });
    req.once('error', () => reject(failed ?? new ValidationError([{ path: 'files', message: 'Malformed upload' }]))); // the client went away mid-body
    bb.on('file', (_name, stream, info) => {
      // A body cut off inside a file errors the file's stream as well as busboy: without a
      // listener here that error would be thrown, and end the process.
      stream.on('error', () => { failed ??= new ValidationError([{ path: 'files', message: 'Malformed upload' }]); });
      if (!verified) {
        failed ??= new CsrfError();
        stream.resume();
        return;
      }
      if (!info.filename) {
        stream.resume(); // an empty file input
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => { if (!failed) chunks.push(c); });
      stream.on('limit', () => { failed ??= new PorticoError(`"${info.filename}" is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB.`, { status: 413, code: 'file_too_large' }); });
      stream.on('end', () => { if (!failed) files.push({ name: info.filename ?? 'file', bytes: Buffer.concat(chunks) }); });
    });
    bb.on('filesLimit', () => { failed ??= new ValidationError([{ path: 'files', message: `Upload at most ${limits.maxFiles} files at once.` }]); });
    bb.on('partsLimit', () => { failed ??= new ValidationError([{ path: 'files', message: 'Too many parts in the upload.' }]); });
    bb.on('error', () => reject(failed ?? new ValidationError([{ path: 'files', message: 'Malformed upload' }])));
    bb.on('close', () => {
      if (!failed && !verified) failed = new CsrfError();
      if (failed) reject(failed);
      else resolve({ fields, files });
    });
    req.pipe(bb);
  });
}
