import { fileURLToPath } from 'node:url';
import { AuditTrail } from '@portico/access';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { DocumentsCatalog } from '../src/node/documents-catalog';
import { loadDocumentsConfig } from '../src/node/documents-config';
import { DocumentSearchService } from '../src/node/document-search-service';

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const ctx = { actor: { kind: 'staff', id: 'test', name: 'Test' } };

export interface Harness { db: TestDatabase; catalog: DocumentsCatalog; service: DocumentSearchService; audit: AuditTrail }

export async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase({
    migrations: [
      { pluginId: 'audit', migrationsFolder: fileURLToPath(new URL('../../../access/migrations', import.meta.url)) },
      { pluginId: 'documents', migrationsFolder: fileURLToPath(new URL('../migrations', import.meta.url)) },
    ],
  });
  const audit = new AuditTrail();
  const catalog = new DocumentsCatalog(db.db, audit);
  const service = new DocumentSearchService(db.db, db, catalog, loadDocumentsConfig(env), audit, { exists: async () => true });
  return { db, catalog, service, audit };
}
