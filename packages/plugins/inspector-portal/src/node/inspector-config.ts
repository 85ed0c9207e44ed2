/** Settings of the Inspector Portal plugin, from the host environment. */
export interface InspectorConfig {
  /** Largest accepted attachment (bytes). `INSPECTOR_MAX_FILE_MB`, default 10. */
  maxFileBytes: number;
  /** Files per upload. `INSPECTOR_MAX_FILES`, default 10. */
  maxFiles: number;
  /** Attachments per inspection. `INSPECTOR_MAX_ATTACHMENTS`, default 50. */
  maxAttachments: number;
  /** Content types accepted, as sniffed from the bytes (never the client's claim). */
  allowedTypes: readonly string[];
}
export const InspectorConfig = Symbol('InspectorConfig');

export const DEFAULT_ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/gif', 'application/pdf'] as const;

export function loadInspectorConfig(env: Record<string, string | undefined>): InspectorConfig {
  const mb = Number(env.INSPECTOR_MAX_FILE_MB ?? 10);
  const files = Number(env.INSPECTOR_MAX_FILES ?? 10);
  const total = Number(env.INSPECTOR_MAX_ATTACHMENTS ?? 50);
  if (!(mb > 0 && mb <= 200)) throw new Error('INSPECTOR_MAX_FILE_MB must be a number of megabytes between 0 and 200');
  if (!(Number.isInteger(files) && files >= 1 && files <= 50)) throw new Error('INSPECTOR_MAX_FILES must be a whole number from 1 to 50');
  if (!(Number.isInteger(total) && total >= 1 && total <= 1000)) throw new Error('INSPECTOR_MAX_ATTACHMENTS must be a whole number from 1 to 1000');
  const allowed = env.INSPECTOR_ALLOWED_TYPES?.split(',').map((s) => s.trim()).filter(Boolean);
  return { maxFileBytes: Math.floor(mb * 1024 * 1024), maxFiles: files, maxAttachments: total, allowedTypes: allowed?.length ? allowed : DEFAULT_ATTACHMENT_TYPES };
}
