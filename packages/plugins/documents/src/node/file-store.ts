import { mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Database } from '@portico/db';
import { documentFileContents } from './documents-schema';

type Executor = Pick<Database, 'insert' | 'select' | 'delete'>;

/**
 * Where file bytes live. The metadata row (`documents_files`) is always in the database; `put`
 * runs inside the transaction that writes it.
 */
export interface FileStore {
  /** Stored in `documents_files.storage`. */
  readonly kind: 'db' | 'dir';
  put(tx: Executor, fileId: string, bytes: Buffer): Promise<void>;
  get(db: Executor, fileId: string): Promise<Buffer | undefined>;
  remove(db: Executor, fileId: string): Promise<void>;
}
export const FileStore = Symbol('DocumentsFileStore');

/** Default: bytes in `documents_file_contents.content` (bytea), committed with the document. */
export class DatabaseFileStore implements FileStore {
  readonly kind = 'db' as const;
  async put(tx: Executor, fileId: string, bytes: Buffer): Promise<void> {
    await tx.insert(documentFileContents).values({ fileId, content: bytes });
  }
  async get(db: Executor, fileId: string): Promise<Buffer | undefined> {
    const [row] = await db.select({ content: documentFileContents.content }).from(documentFileContents).where(eq(documentFileContents.fileId, fileId));
    return row?.content;
  }
  async remove(db: Executor, fileId: string): Promise<void> {
    await db.delete(documentFileContents).where(eq(documentFileContents.fileId, fileId));
  }
}

/**
 * Bytes in a directory (`DOCUMENTS_STORAGE_DIR`), one file per id. Written before the
 * transaction commits: a failed transaction can leave an orphan file, never a row without bytes.
 */
export class DirectoryFileStore implements FileStore {
  readonly kind = 'dir' as const;
  constructor(private readonly dir: string) {}
  private path(fileId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(fileId)) throw new Error('bad file id');
    return join(this.dir, fileId.slice(0, 2), fileId);
  }
  async put(_tx: Executor, fileId: string, bytes: Buffer): Promise<void> {
    const p = this.path(fileId);
    await mkdir(join(this.dir, fileId.slice(0, 2)), { recursive: true });
    await writeFile(p, bytes, { flag: 'wx' });
  }
  async get(_db: Executor, fileId: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(fileId));
    } catch {
      return undefined;
    }
  }
  async remove(_db: Executor, fileId: string): Promise<void> {
    await rm(this.path(fileId), { force: true });
  }
}
