import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { AuditTrailToken, type AuditActor, type AuditTrail } from '@portico/access';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '@portico/core';
import { Database } from '@portico/db';
import type { FieldDef, FieldType } from '../common/conditions';
import { CategoryInput, SearchInput, type CategoryInput as CategoryInputT, type SearchInput as SearchInputT } from '../common/index';
import { documentCategories, documentFields, documentSearchColumns, documentSearches, documents } from './documents-schema';

export type FieldDefinition = FieldDef & { name: string; required: boolean; position: number };
export interface CategoryView { ctgryNo: number; name: string; description: string | null; fields: FieldDefinition[] }
export interface SearchView { queryNo: number; ctgryNo: number; name: string; columns: number[]; sort: { fieldNo: number; dir: 'asc' | 'desc' } | null }

export interface AuditContext { actor: AuditActor; requestId?: string }

type Executor = Pick<Database, 'select'>;

/** Categories with their numbered index fields, and numbered searches over them (staff). */
@injectable()
export class DocumentsCatalog {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
  ) {}

  /** The fields of a category by FieldNo (empty map for an unknown category). */
  async fields(ctgryNo: number, db: Executor = this.db): Promise<Map<number, FieldDefinition>> {
    const rows = await db.select().from(documentFields).where(eq(documentFields.ctgryNo, ctgryNo)).orderBy(asc(documentFields.position), asc(documentFields.fieldNo));
    return new Map(rows.map((r) => [r.fieldNo, { fieldNo: r.fieldNo, name: r.name, type: r.type as FieldType, choices: r.choices ?? null, required: r.required, position: r.position }]));
  }

  async listCategories(): Promise<CategoryView[]> {
    const cats = await this.db.select().from(documentCategories).orderBy(asc(documentCategories.ctgryNo));
    return Promise.all(cats.map(async (c) => ({ ctgryNo: c.ctgryNo, name: c.name, description: c.description, fields: [...(await this.fields(c.ctgryNo)).values()] })));
  }

  async category(ctgryNo: number): Promise<CategoryView> {
    const [c] = await this.db.select().from(documentCategories).where(eq(documentCategories.ctgryNo, ctgryNo));
    if (!c) throw new NotFoundError(`No category ${ctgryNo}`);
    return { ctgryNo: c.ctgryNo, name: c.name, description: c.description, fields: [...(await this.fields(c.ctgryNo)).values()] };
  }

  /** Creates or replaces a category and its fields. */
  async putCategory(ctgryNo: number, input: CategoryInputT | unknown, ctx: AuditContext): Promise<CategoryView> {
    const data = CategoryInput.parse(input);
    const errors: FieldError[] = [];
    const seen = new Set<number>();
    data.fields.forEach((f, i) => {
      if (seen.has(f.fieldNo)) errors.push({ path: `fields.${i}.fieldNo`, message: `FieldNo ${f.fieldNo} appears twice` });
      seen.add(f.fieldNo);
      if (f.type === 'choice' && !f.choices?.length) errors.push({ path: `fields.${i}.choices`, message: 'A choice field needs its choices' });
    });
    if (errors.length) throw new ValidationError(errors);
    const before = await this.category(ctgryNo).catch(() => null);
    await this.db.transaction(async (tx) => {
      await tx
        .insert(documentCategories)
        .values({ ctgryNo, name: data.name, description: data.description ?? null })
        .onConflictDoUpdate({ target: documentCategories.ctgryNo, set: { name: data.name, description: data.description ?? null, updatedAt: sql`now()` } });
      await tx.delete(documentFields).where(eq(documentFields.ctgryNo, ctgryNo));
      if (data.fields.length) {
        await tx.insert(documentFields).values(
          data.fields.map((f, i) => ({ ctgryNo, fieldNo: f.fieldNo, name: f.name, type: f.type, choices: f.type === 'choice' ? (f.choices ?? []) : null, required: f.required ?? false, position: i })),
        );
      }
      await this.audit.record(tx, { ...ctx, entity: 'documents_category', recordId: String(ctgryNo), action: before ? 'update' : 'create', before: before as never, after: { ctgryNo, ...data } });
    });
    return this.category(ctgryNo);
  }

  async deleteCategory(ctgryNo: number, ctx: AuditContext): Promise<void> {
    const before = await this.category(ctgryNo);
    const [used] = await this.db.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.ctgryNo, ctgryNo));
    if ((used?.n ?? 0) > 0) throw new ConflictError(`Category ${ctgryNo} still has ${used!.n} documents`);
    await this.db.transaction(async (tx) => {
      await tx.delete(documentCategories).where(eq(documentCategories.ctgryNo, ctgryNo));
      await this.audit.record(tx, { ...ctx, entity: 'documents_category', recordId: String(ctgryNo), action: 'delete', before: before as never });
    });
  }

  async listSearches(queryNos?: number[]): Promise<SearchView[]> {
    const rows = await this.db.select().from(documentSearches).where(queryNos ? inArray(documentSearches.queryNo, queryNos.length ? queryNos : [-1]) : undefined).orderBy(asc(documentSearches.queryNo));
    if (rows.length === 0) return [];
    const cols = await this.db.select().from(documentSearchColumns).where(inArray(documentSearchColumns.queryNo, rows.map((r) => r.queryNo))).orderBy(asc(documentSearchColumns.position));
    return rows.map((r) => ({
      queryNo: r.queryNo,
      ctgryNo: r.ctgryNo,
      name: r.name,
      columns: cols.filter((c) => c.queryNo === r.queryNo).map((c) => c.fieldNo),
      sort: r.sortFieldNo == null ? null : { fieldNo: r.sortFieldNo, dir: r.sortDir === 'desc' ? 'desc' : 'asc' },
    }));
  }

  async search(queryNo: number): Promise<SearchView> {
    const [s] = await this.listSearches([queryNo]);
    if (!s) throw new NotFoundError(`No search ${queryNo}`);
    return s;
  }

  /** Creates or replaces a search (its category, result columns and default sort). */
  async putSearch(queryNo: number, input: SearchInputT | unknown, ctx: AuditContext): Promise<SearchView> {
    const data = SearchInput.parse(input);
    const [cat] = await this.db.select().from(documentCategories).where(eq(documentCategories.ctgryNo, data.ctgryNo));
    if (!cat) throw new ValidationError([{ path: 'ctgryNo', message: `No category ${data.ctgryNo}` }]);
    const fields = await this.fields(data.ctgryNo);
    const errors: FieldError[] = [];
    data.columns.forEach((f, i) => { if (!fields.has(f)) errors.push({ path: `columns.${i}`, message: `Category ${data.ctgryNo} has no field ${f}` }); });
    if (data.sort && !fields.has(data.sort.fieldNo)) errors.push({ path: 'sort.fieldNo', message: `Category ${data.ctgryNo} has no field ${data.sort.fieldNo}` });
    if (errors.length) throw new ValidationError(errors);
    const before = await this.search(queryNo).catch(() => null);
    if (before && before.ctgryNo !== data.ctgryNo) {
      throw new ConflictError(`Search ${queryNo} is over category ${before.ctgryNo}; delete it to move it to another category (its assignments' conditions name that category's fields)`);
    }
    await this.db.transaction(async (tx) => {
      const values = { ctgryNo: data.ctgryNo, name: data.name, sortFieldNo: data.sort?.fieldNo ?? null, sortDir: data.sort?.dir ?? 'asc' };
      await tx.insert(documentSearches).values({ queryNo, ...values }).onConflictDoUpdate({ target: documentSearches.queryNo, set: values });
      await tx.delete(documentSearchColumns).where(eq(documentSearchColumns.queryNo, queryNo));
      if (data.columns.length) await tx.insert(documentSearchColumns).values(data.columns.map((fieldNo, position) => ({ queryNo, position, fieldNo })));
      await this.audit.record(tx, { ...ctx, entity: 'documents_search', recordId: String(queryNo), action: before ? 'update' : 'create', before: before as never, after: { queryNo, ...data } });
    });
    return this.search(queryNo);
  }

  async deleteSearch(queryNo: number, ctx: AuditContext): Promise<void> {
    const before = await this.search(queryNo);
    await this.db.transaction(async (tx) => {
      await tx.delete(documentSearches).where(and(eq(documentSearches.queryNo, queryNo)));
      await this.audit.record(tx, { ...ctx, entity: 'documents_search', recordId: String(queryNo), action: 'delete', before: before as never });
    });
  }
}
