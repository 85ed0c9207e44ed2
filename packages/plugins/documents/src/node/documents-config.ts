/** Settings of the documents plugin, from the host environment. */
export interface DocumentsConfig {
  /** Largest accepted file (bytes). `DOCUMENTS_MAX_FILE_MB`, default 20. */
  maxFileBytes: number;
  /** Files per upload. `DOCUMENTS_MAX_FILES`, default 10. */
  maxFiles: number;
  /** Directory for file bytes; unset = in PostgreSQL (bytea). `DOCUMENTS_STORAGE_DIR`. */
  storageDir?: string;
  /** Content types accepted, as sniffed from the bytes (never the client's claim). */
  allowedTypes: readonly string[];
}
export const DocumentsConfig = Symbol('DocumentsConfig');

export const DEFAULT_ALLOWED_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'image/gif'] as const;

export function loadDocumentsConfig(env: Record<string, string | undefined>): DocumentsConfig {
  const mb = Number(env.DOCUMENTS_MAX_FILE_MB ?? 20);
  const files = Number(env.DOCUMENTS_MAX_FILES ?? 10);
  if (!(mb > 0 && mb <= 1024)) throw new Error('DOCUMENTS_MAX_FILE_MB must be a number of megabytes between 0 and 1024');
  if (!(Number.isInteger(files) && files >= 1 && files <= 100)) throw new Error('DOCUMENTS_MAX_FILES must be a whole number from 1 to 100');
  const allowed = env.DOCUMENTS_ALLOWED_TYPES?.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    maxFileBytes: Math.floor(mb * 1024 * 1024),
    maxFiles: files,
    ...(env.DOCUMENTS_STORAGE_DIR ? { storageDir: env.DOCUMENTS_STORAGE_DIR } : {}),
    allowedTypes: allowed?.length ? allowed : DEFAULT_ALLOWED_TYPES,
  };
}
