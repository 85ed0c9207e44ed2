import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { AuditTrail } from '@portico/access';
import { Argon2PasswordHasher, type PasswordHasher } from '@portico/auth';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { DocumentsCatalog } from '@portico/plugin-documents/node';
import { UserSyncProcessor } from '../src/node/usersync-processor';

export const ctx = { actor: { kind: 'staff', id: 'test', name: 'Test' } };

export interface Harness { db: TestDatabase; catalog: DocumentsCatalog; hasher: PasswordHasher; processor: UserSyncProcessor; audit: AuditTrail }

const folder = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A migrated database (audit, portal, documents, usersync) with category 10 (field 1020, text) and searches 68 and 69 over it. */
export async function harness(batchSize = 50): Promise<Harness> {
  const db = await createTestDatabase({
    migrations: [
      { pluginId: 'audit', migrationsFolder: folder('../../../access/migrations') },
      { pluginId: 'portal', migrationsFolder: folder('../../portal/migrations') },
      { pluginId: 'documents', migrationsFolder: folder('../../documents/migrations') },
      { pluginId: 'usersync', migrationsFolder: folder('../migrations') },
    ],
  });
  const audit = new AuditTrail();
  const catalog = new DocumentsCatalog(db.db, audit);
  const hasher = new Argon2PasswordHasher();
  await catalog.putCategory(10, { name: 'Invoices', fields: [{ fieldNo: 1020, name: 'Customer', type: 'text' }, { fieldNo: 1040, name: 'Amount', type: 'number' }] }, ctx);
  await catalog.putSearch(68, { ctgryNo: 10, name: 'My invoices', columns: [1020] }, ctx);
  await catalog.putSearch(69, { ctgryNo: 10, name: 'Large invoices', columns: [1020, 1040] }, ctx);
  return { db, catalog, hasher, audit, processor: new UserSyncProcessor(db.db, hasher, catalog, audit, { batchSize }) };
}

/** Runs batches until none claims anything. */
export async function drain(processor: UserSyncProcessor): Promise<number> {
  let total = 0;
  for (let claimed = -1; claimed !== 0; ) {
    claimed = (await processor.processBatch()).claimed;
    total += claimed;
  }
  return total;
}

export const conds = (filter: string) => `<Conds><C><FieldNo>1020</FieldNo><Filter>${filter}</Filter></C></Conds>`;

/** Inserts a row with plain SQL, as another system would. */
export async function insertRow(db: TestDatabase, row: { email: string; queryNo?: number | null; userName?: string | null; userType?: number; userPwd?: string | null; oneTimePwd?: number; conditionXml?: string | null; syncState?: number }): Promise<number> {
  const [r] = await db.rows<{ id: number }>(sql`insert into TheUserSync (Email, QueryNo, UserName, UserType, UserPwd, OneTimePwd, ConditionXML, SyncState)
    values (${row.email}, ${row.queryNo === undefined ? 68 : row.queryNo}, ${row.userName === undefined ? row.email : row.userName}, ${row.userType ?? 4},
            ${row.userPwd ?? null}, ${row.oneTimePwd ?? 0}, ${row.conditionXml === undefined ? null : row.conditionXml}, ${row.syncState ?? 1}) returning id`);
  return r!.id;
}

export interface SyncRowView { id: number; email: string; queryno: number | null; syncstate: number; error: string | null; userpwd: string | null; pwd_hash: string | null; processed_at: unknown }

export async function syncRow(db: TestDatabase, id: number): Promise<SyncRowView | undefined> {
  const [r] = await db.rows<SyncRowView>(sql`select id, email, queryno, syncstate, error, userpwd, pwd_hash, processed_at from theusersync where id = ${id}`);
  return r;
}

export interface UserView { id: string; email: string; user_name: string | null; password_hash: string | null; must_change_password: boolean }

export async function userByEmail(db: TestDatabase, email: string): Promise<UserView | undefined> {
  const [u] = await db.rows<UserView>(sql`select id, email, user_name, password_hash, must_change_password from portal_users where lower(email) = lower(${email})`);
  return u;
}

/** The user's assignments: queryNo → conditions as `fieldNo=filter` strings. */
export async function assignmentsOf(db: TestDatabase, userId: string): Promise<Record<number, string[]>> {
  const rows = await db.rows<{ query_no: number; field_no: number | null; filter: string | null }>(sql`
    select a.query_no, c.field_no, c.filter from documents_assignments a
    left join documents_assignment_conditions c on c.assignment_id = a.id
    where a.portal_user_id = ${userId} order by a.query_no, c.position`);
  const out: Record<number, string[]> = {};
  for (const r of rows) {
    out[r.query_no] ??= [];
    if (r.field_no != null) out[r.query_no]!.push(`${r.field_no}=${r.filter}`);
  }
  return out;
}

export async function count(db: TestDatabase, query: SQL): Promise<number> {
  const [r] = await db.rows<{ n: number | string }>(query);
  return Number(r!.n);
}
