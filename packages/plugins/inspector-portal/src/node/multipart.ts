import type { Request } from 'express';
import { CsrfError } from '@portico/auth';
import { PorticoError, ValidationError } from '@portico/core';
import { readUpload } from '@portico/plugin-portal/node';
import type { IncomingFile } from './inspection-service';

/**
 * Reads a `multipart/form-data` upload from a form without JavaScript, checking the session's
 * CSRF token **before accepting any file**: it must come in the `x-csrf-token` header or in the
 * `_csrf` field placed before the file inputs (browsers send fields in document order). A file
 * part that arrives before a valid token is drained and the request fails with a CsrfError, so no
 * bytes of a forged upload are kept. Files larger than `maxFileBytes` fail with 413.
 */
export async function readMultipartWithCsrf(req: Request, limits: { maxFileBytes: number; maxFiles: number }): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const { fields, files, problem } = await readUpload(req, { ...limits, csrfBeforeFiles: true });
  switch (problem?.kind) {
    case undefined:
      return { fields, files };
    case 'csrf':
      throw new CsrfError();
    case 'not_multipart':
      throw new PorticoError('Send the files as multipart/form-data', { status: 415, code: 'unsupported_media_type' });
    case 'file_too_large':
      throw new PorticoError(`"${problem.file}" is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB.`, { status: 413, code: 'file_too_large' });
    case 'too_many_files':
      throw new ValidationError([{ path: 'files', message: `Upload at most ${limits.maxFiles} files at once.` }]);
    case 'too_many_parts':
      throw new ValidationError([{ path: 'files', message: 'Too many parts in the upload.' }]);
    case 'malformed':
      throw new ValidationError([{ path: 'files', message: 'Malformed upload' }]);
  }
}
