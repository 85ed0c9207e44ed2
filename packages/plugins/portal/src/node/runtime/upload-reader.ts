import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { CSRF_FIELD, CSRF_HEADER } from '@portico/auth';

/** A file of an upload, read into memory (uploads are bounded by {@link UploadLimits}). */
export interface UploadedFile {
  /** The name the browser gave; `fallbackName` when it gave none. */
  name: string;
  bytes: Buffer;
}

/** Why an upload was not accepted as sent. Each caller words it for its own page or API. */
export type UploadProblem =
  /** The request is not `multipart/form-data`. */
  | { kind: 'not_multipart' }
  /** No boundary, a broken body, a body cut off inside a part, or a client gone mid-body. */
  | { kind: 'malformed' }
  /** `file` is larger than `maxFileBytes`; none of it is kept. */
  | { kind: 'file_too_large'; file: string }
  /** More than `maxFiles` files. */
  | { kind: 'too_many_files' }
  /** More parts than `maxFiles + maxFields`. */
  | { kind: 'too_many_parts' }
  /** With `csrfBeforeFiles`: a file came before a valid CSRF token, or no valid token came at all. */
  | { kind: 'csrf' };

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  /** Text fields (20); more are ignored. */
  maxFields?: number;
  /** Bytes per text field (10,000); longer values are cut. */
  maxFieldBytes?: number;
}

export interface UploadOptions extends UploadLimits {
  /**
   * Check the session's CSRF token **before accepting any file**, for forms without JavaScript:
   * it must come in the `x-csrf-token` header or in the `_csrf` field placed before the file
   * inputs (browsers send fields in document order). A file that arrives before a valid token is
   * drained, so no byte of a forged upload is kept, and the upload's problem is `csrf`.
   */
  csrfBeforeFiles?: boolean;
  /** The name of a file sent without one ('file'). */
  fallbackName?: string;
}

/** What was read: the text fields (also when there is a problem, to re-render a form or check its `_csrf` field), the files, and the problem if any. */
export interface Upload {
  fields: Record<string, string>;
  files: UploadedFile[];
  problem?: UploadProblem;
}

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Reads a `multipart/form-data` upload — the one reader of the portals' uploads (the applicant's
 * documents, the inspector's attachments, the Document Portal). It never rejects: every way an
 * upload can go wrong is an {@link UploadProblem}, and whatever the client sends, the request is
 * settled and the process stays up. (A body cut off inside a file errors busboy's file stream;
 * with no listener there, Node throws and the process ends — this reader listens.)
 *
 * File inputs left empty (no name, no bytes) are skipped. After the first problem, file bytes are
 * no longer kept.
 */
export function readUpload(req: Request, options: UploadOptions): Promise<Upload> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  if (!req.is('multipart/form-data')) return Promise.resolve({ fields, files, problem: { kind: 'not_multipart' } });
  const maxFields = options.maxFields ?? 20;
  const expected = req.session?.csrfToken;
  const header = req.headers[CSRF_HEADER];
  let verified = !options.csrfBeforeFiles || (typeof expected === 'string' && typeof header === 'string' && sameToken(header, expected));
  let fileBeforeToken = false;
  let problem: UploadProblem | undefined;
  const fail = (p: UploadProblem) => void (problem ??= p);

  return new Promise((resolve) => {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      if (!verified || fileBeforeToken) problem = { kind: 'csrf' }; // a forged upload is answered as one, whatever else is wrong with it
      resolve({ fields, files: problem ? [] : files, ...(problem ? { problem } : {}) });
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize: options.maxFileBytes, files: options.maxFiles, fields: maxFields, fieldSize: options.maxFieldBytes ?? 10_000, parts: options.maxFiles + maxFields },
      });
    } catch {
      fail({ kind: 'malformed' }); // e.g. no boundary in the content type
      req.resume();
      return settle();
    }
    req.once('error', () => { // the client went away mid-body
      fail({ kind: 'malformed' });
      settle();
    });
    bb.on('field', (name, value) => {
      if (options.csrfBeforeFiles && name === CSRF_FIELD && typeof expected === 'string' && sameToken(value, expected)) verified = true;
      fields[name] = value;
    });
    bb.on('file', (_name, stream, info) => {
      stream.on('error', () => fail({ kind: 'malformed' }));
      if (!verified) {
        fileBeforeToken = true;
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => { if (!problem) chunks.push(c); });
      stream.on('limit', () => fail({ kind: 'file_too_large', file: info.filename || (options.fallbackName ?? 'file') }));
      stream.on('end', () => {
        if (problem || (!info.filename && chunks.length === 0)) return; // an empty file input still sends a part
        files.push({ name: info.filename || (options.fallbackName ?? 'file'), bytes: Buffer.concat(chunks) });
      });
    });
    bb.on('filesLimit', () => fail({ kind: 'too_many_files' }));
    bb.on('partsLimit', () => fail({ kind: 'too_many_parts' }));
    bb.on('error', () => {
      fail({ kind: 'malformed' });
      req.unpipe(bb);
      req.resume();
      settle();
    });
    bb.on('close', settle);
    req.pipe(bb);
  });
}
