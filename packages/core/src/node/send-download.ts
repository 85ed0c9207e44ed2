import type { Response } from 'express';

/** A stored file to send back. */
export interface DownloadFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/**
 * Sends a stored (user-uploaded) file: as an attachment unless `inline` — then only images and
 * PDFs are shown in the browser — never sniffed, never cached by shared caches, and sandboxed
 * by CSP so an uploaded file cannot run script in our origin.
 */
export function sendDownload(res: Response, file: DownloadFile, options: { inline?: boolean } = {}): void {
  const inline = options.inline === true && (file.contentType.startsWith('image/') || file.contentType === 'application/pdf');
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.content);
}
