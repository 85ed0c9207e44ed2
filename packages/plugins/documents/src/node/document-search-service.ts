import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { inject, injectable } from 'inversify';
import { AuditTrailToken, type AuditTrail } from '@portico/access';
import { NotFoundError, PorticoError, ValidationError, type FieldError } from '@portico/core';
import { Database, DatabaseHandle, isUuid } from '@portico/db';
import { ConditionSyntaxError, parseFilter, type FieldDef, type FieldFilter } from '../common/conditions';
import { z } from 'zod';
import { AssignmentsInput, CountInput, SearchRequest, UploadPermissionsInput, type AssignmentInput, type SearchRequest as SearchRequestT } from '../common/index';
import { allSql, sortExpr } from './condition-sql';
import { formatConditionXml, parseConditionXml, validateConditions } from './condition-xml';
import { DocumentsCatalog, type AuditContext, type FieldDefinition } from './documents-catalog';
import { DocumentsConfig } from './documents-config';
import { documentAssignmentConditions, documentAssignments, documentFiles, documentSearches, documentUploadPermissions, documentUploadValues, documents } from './documents-schema';
import { DatabaseFileStore, DirectoryFileStore, type FileStore } from './file-store';
import { normalizeIndexData } from './index-data';

/** Whether a portal user exists (the portal plugin answers; tests may stub it). */
export interface PortalUserDirectory { exists(portalUserId: string): Promise<boolean> }
export const PortalUserDirectory = Symbol('DocumentsPortalUserDirectory');

export interface IncomingFile { name: string; bytes: Buffer }
export interface SearchResultRow { id: string; values: Record<string, string | number | null>; files: Array<{ id: string; name: string; contentType: string; size: number }> }
export interface SearchResult { queryNo: number; columns: Array<{ fieldNo: number; name: string; type: string }>; total: number; limit: number; offset: number; rows: SearchResultRow[]; /** Keyset paging: pass as `after` for the next page; null on the last page. */ nextCursor: string | null }

/** A keyset cursor: the sort it belongs to, the last row's sort key (as text) and id. */
interface Cursor { s: string; k: string | null; id: string }
const CursorSchema = z.object({ s: z.string().max(100), k: z.string().max(2000).nullable(), id: z.string().uuid() });
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
function decodeCursor(raw: string): Cursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}


interface LoadedAssignment { id: string; queryNo: number; ctgryNo: number; conditions: Array<{ fieldNo: number; filter: string }> }

/**
 * Documents as portal users see them. Every read ANDs the user's assigned conditions into the one
 * SQL statement that lists, counts or fetches: nothing is filtered after fetching, a search not
 * assigned is 404, a document outside the conditions is 404 (never 403: its existence is not told).
 * Also the staff side of documents, assignments, upload permissions and copying a user's settings.
 */
@injectable()
export class DocumentSearchService {
  private readonly stores: Record<'db' | 'dir', FileStore | undefined>;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(DatabaseHandle) private readonly handle: DatabaseHandle,
    @inject(DocumentsCatalog) private readonly catalog: DocumentsCatalog,
    @inject(DocumentsConfig) private readonly config: DocumentsConfig,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(PortalUserDirectory) private readonly users: PortalUserDirectory,
  ) {
    this.stores = { db: new DatabaseFileStore(), dir: config.storageDir ? new DirectoryFileStore(config.storageDir) : undefined };
  }

  private get store(): FileStore {
    return this.config.storageDir ? this.stores.dir! : this.stores.db!;
  }

  // ---------------------------------------------------------------- conditions → SQL

  private async assignmentsOf(portalUserId: string, queryNo?: number): Promise<LoadedAssignment[]> {
    if (!isUuid(portalUserId)) return [];
    const rows = await this.db
      .select({ id: documentAssignments.id, queryNo: documentAssignments.queryNo, ctgryNo: documentSearches.ctgryNo, fieldNo: documentAssignmentConditions.fieldNo, filter: documentAssignmentConditions.filter })
      .from(documentAssignments)
      .innerJoin(documentSearches, eq(documentSearches.queryNo, documentAssignments.queryNo))
      .leftJoin(documentAssignmentConditions, eq(documentAssignmentConditions.assignmentId, documentAssignments.id))
      .where(and(eq(documentAssignments.portalUserId, portalUserId), queryNo === undefined ? undefined : eq(documentAssignments.queryNo, queryNo)))
      .orderBy(asc(documentAssignments.queryNo), asc(documentAssignmentConditions.position));
    const out = new Map<string, LoadedAssignment>();
    for (const r of rows) {
      const a = out.get(r.id) ?? { id: r.id, queryNo: r.queryNo, ctgryNo: r.ctgryNo, conditions: [] };
      out.set(r.id, a);
      if (r.fieldNo != null && r.filter != null) a.conditions.push({ fieldNo: r.fieldNo, filter: r.filter });
    }
    return [...out.values()];
  }

  /**
   * An assignment's conditions as SQL. Fails closed: a condition whose field no longer exists or
   * whose filter no longer parses (the field's type changed) matches nothing.
   */
  private assignmentSql(a: LoadedAssignment, fields: ReadonlyMap<number, FieldDef>): SQL {
    const filters: FieldFilter[] = [];
    for (const c of a.conditions) {
      const field = fields.get(c.fieldNo);
      if (!field) return sql`false`;
      try {
        filters.push(parseFilter(c.filter, field));
      } catch {
        return sql`false`;
      }
    }
    return sql`(d.ctgry_no = ${a.ctgryNo}::int and ${allSql(filters)})`;
  }

  /** The union of the user's conditions over all assigned searches (false when none). */
  private async visibleSql(portalUserId: string): Promise<SQL> {
    const assignments = await this.assignmentsOf(portalUserId);
    if (assignments.length === 0) return sql`false`;
    const byCategory = new Map<number, Map<number, FieldDefinition>>();
    const parts: SQL[] = [];
    for (const a of assignments) {
      if (!byCategory.has(a.ctgryNo)) byCategory.set(a.ctgryNo, await this.catalog.fields(a.ctgryNo));
      parts.push(this.assignmentSql(a, byCategory.get(a.ctgryNo)!));
    }
    return sql`(${sql.join(parts, sql` or `)})`;
  }

  // ---------------------------------------------------------------- portal user: searches

  /** The searches assigned to a portal user, with their columns. */
  async searchesOf(portalUserId: string) {
    const assignments = await this.assignmentsOf(portalUserId);
    const searches = await this.catalog.listSearches(assignments.map((a) => a.queryNo));
    return Promise.all(searches.map(async (s) => {
      const fields = await this.catalog.fields(s.ctgryNo);
      return { queryNo: s.queryNo, name: s.name, ctgryNo: s.ctgryNo, sort: s.sort, columns: s.columns.map((f) => ({ fieldNo: f, name: fields.get(f)?.name ?? String(f), type: fields.get(f)?.type ?? 'text' })), fields: [...fields.values()].map((f) => ({ fieldNo: f.fieldNo, name: f.name, type: f.type, choices: f.choices })) };
    }));
  }

  /**
   * Runs search `queryNo` for a portal user: the user's conditions AND the user's own filters, in
   * one statement that also counts (exact total whatever the page). 404 when not assigned.
   * Staff "Preview as this user" calls exactly this.
   */
  async search(portalUserId: string, queryNo: number, request: SearchRequestT | unknown = {}): Promise<SearchResult> {
    const [assignment] = Number.isInteger(queryNo) ? await this.assignmentsOf(portalUserId, queryNo) : [];
    if (!assignment) throw new NotFoundError(`No search ${queryNo}`);
    const [search, fields] = await Promise.all([this.catalog.search(queryNo), this.catalog.fields(assignment.ctgryNo)]);
    const result = await this.runQuery(this.assignmentSql(assignment, fields), fields, search.columns, search.sort, request);
    return { queryNo, ...result };
  }

  /**
   * Staff: the documents of a category (all fields as columns), with filters, sort and paging as
   * for a search, without any user's conditions (the route checks the documents privilege).
   */
  async categoryDocuments(ctgryNo: number, request: SearchRequestT | unknown = {}): Promise<Omit<SearchResult, 'queryNo'> & { ctgryNo: number }> {
    const category = await this.catalog.category(ctgryNo);
    const fields = new Map(category.fields.map((f) => [f.fieldNo, f]));
    const result = await this.runQuery(sql`d.ctgry_no = ${ctgryNo}::int`, fields, category.fields.map((f) => f.fieldNo), null, request);
    return { ctgryNo, ...result };
  }

  /** Staff: how many documents draft conditions over search `queryNo` match (the editor's live count). */
  async countMatching(queryNo: number, input: unknown): Promise<{ queryNo: number; total: number }> {
    const { conditions } = CountInput.parse(input ?? {});
    const search = await this.catalog.search(queryNo);
    const fields = await this.catalog.fields(search.ctgryNo);
    const errors = validateConditions(conditions, fields, (j, part) => `conditions.${j}.${part === 'FieldNo' ? 'fieldNo' : 'filter'}`);
    if (errors.length) throw new ValidationError(errors);
    const where = this.assignmentSql({ id: '', queryNo, ctgryNo: search.ctgryNo, conditions }, fields);
    const [row] = await this.handle.rows<{ total: number | string }>(sql`select count(*)::int as total from documents d where ${where}`);
    return { queryNo, total: Number(row?.total ?? 0) };
  }

  /** One document with all its index data and files (staff). */
  async document(id: string): Promise<{ id: string; ctgryNo: number; indexData: Record<string, string | number>; createdAt: string; uploadedByPortalUserId: string | null; files: Array<{ id: string; name: string; contentType: string; size: number }> }> {
    if (!isUuid(id)) throw new NotFoundError();
    const [doc] = await this.db.select().from(documents).where(eq(documents.id, id));
    if (!doc) throw new NotFoundError(`No document ${id}`);
    const files = await this.db.select({ id: documentFiles.id, name: documentFiles.name, contentType: documentFiles.contentType, size: documentFiles.size }).from(documentFiles).where(eq(documentFiles.documentId, id)).orderBy(asc(documentFiles.createdAt), asc(documentFiles.id));
    return { id: doc.id, ctgryNo: doc.ctgryNo, indexData: doc.indexData, createdAt: doc.createdAt.toISOString(), uploadedByPortalUserId: doc.uploadedByPortalUserId ?? null, files };
  }

  /** Staff: replaces a document's index data (checked against its category's fields), audited. */
  async updateIndexData(id: string, indexData: unknown, ctx: AuditContext) {
    const before = await this.document(id);
    if (!indexData || typeof indexData !== 'object' || Array.isArray(indexData)) throw new ValidationError([{ path: 'indexData', message: 'indexData must be an object keyed by FieldNo' }]);
    const data = normalizeIndexData(await this.catalog.fields(before.ctgryNo), indexData as Record<string, unknown>);
    await this.db.transaction(async (tx) => {
      await tx.update(documents).set({ indexData: data }).where(eq(documents.id, id));
      await this.audit.record(tx, { ...ctx, entity: 'documents_document', recordId: id, action: 'update', before: { indexData: before.indexData }, after: { indexData: data } });
    });
    return this.document(id);
  }

  /**
   * The one statement behind searches, previews and category lists: `where` (conditions) AND the
   * request's own filters; the exact total and one page (offset, or keyset after a cursor).
   */
  private async runQuery(conditions: SQL, fields: ReadonlyMap<number, FieldDefinition>, columns: readonly number[], defaultSort: { fieldNo: number; dir: 'asc' | 'desc' } | null, request: unknown): Promise<Omit<SearchResult, 'queryNo'>> {
    const req = SearchRequest.parse(request ?? {});
    const errors: FieldError[] = [];
    const own: FieldFilter[] = [];
    for (const [key, filter] of Object.entries(req.filters)) {
      const field = fields.get(Number(key));
      if (!field) { errors.push({ path: `filters.${key}`, message: `Unknown field ${key}` }); continue; }
      if (filter.trim() === '') continue; // an empty filter box filters nothing
      try { own.push(parseFilter(filter, field)); } catch (e) {
        if (!(e instanceof ConditionSyntaxError)) throw e;
        errors.push({ path: `filters.${key}`, message: e.message });
      }
    }
    const sort = req.sort ?? defaultSort;
    const sortField = sort ? fields.get(sort.fieldNo) : undefined;
    if (req.sort && !sortField) errors.push({ path: 'sort.fieldNo', message: `Unknown field ${req.sort.fieldNo}` });
    const sortId = sort && sortField ? `${sortField.fieldNo}:${sort.dir}` : 'created:desc';
    let cursor: Cursor | undefined;
    if (req.after !== undefined) {
      cursor = decodeCursor(req.after);
      if (!cursor || cursor.s !== sortId) errors.push({ path: 'after', message: 'The cursor is not valid for this search and sort; start from the first page' });
    }
    if (errors.length) throw new ValidationError(errors);

    const where = sql`${conditions} and ${allSql(own)}`;
    const desc = sort?.dir === 'desc';
    // One scan: the inner query evaluates the conditions once and counts with a window (the exact
    // total); the outer query pages over its rows by sort key (`sk`) and id.
    const sk = sort && sortField ? sortExpr(sortField.fieldNo, sortField.type) : sql`d.created_at`;
    const xsk = sortField && sortField.type !== 'number' ? sql`x.sk collate "C"` : sql`x.sk`;
    const order = sort && sortField ? sql`${xsk} ${desc ? sql`desc` : sql`asc`} nulls last, x.id asc` : sql`x.sk desc, x.id asc`;
    // Keyset: the rows after the cursor in exactly this order (nulls last, then id).
    let after: SQL = sql`true`;
    if (cursor) {
      const v = cursor.k;
      const cid = sql`${cursor.id}::uuid`;
      if (!sortField) after = sql`(x.sk < ${v}::timestamptz or (x.sk = ${v}::timestamptz and x.id > ${cid}))`;
      else if (v === null) after = sql`(x.sk is null and x.id > ${cid})`;
      else {
        const val = sortField.type === 'number' ? sql`${v}::numeric` : sql`${v}::text`;
        after = sql`(${xsk} ${desc ? sql`<` : sql`>`} ${val} or (${xsk} = ${val} and x.id > ${cid}) or x.sk is null)`;
      }
    }
    const offset = cursor ? 0 : req.offset;
    // The page's files come in the same statement (one round trip less per search).
    const rows = await this.handle.rows<{ total: number | string; id: string; index_data: unknown; k: string | null; files: unknown }>(sql`
      select p.total, p.id, p.index_data, p.k, fl.files
      from (
        select x.total, x.id, x.index_data, (x.sk)::text as k, row_number() over (order by ${order}) as rn
        from (select d.id, d.index_data, ${sk} as sk, count(*) over () as total from documents d where ${where}) x
        where ${after}
        order by ${order} limit ${req.limit + 1}::int offset ${offset}::int
      ) p
      left join lateral (
        select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'contentType', f.content_type, 'size', f.size) order by f.created_at, f.id), '[]'::json) as files
        from documents_files f where f.document_id = p.id
      ) fl on true
      order by p.rn`);
    // Past the last page the window gives no row to read the total from: count alone.
    const counted = rows.length ? undefined : await this.handle.rows<{ total: number | string }>(sql`select count(*)::int as total from documents d where ${where}`);
    const total = Number(rows[0]?.total ?? counted?.[0]?.total ?? 0);
    const all = rows;
    const page = all.slice(0, req.limit);
    const last = page[page.length - 1];
    const nextCursor = all.length > req.limit && last ? encodeCursor({ s: sortId, k: last.k, id: last.id! }) : null;
    return {
      columns: columns.map((f) => ({ fieldNo: f, name: fields.get(f)?.name ?? String(f), type: fields.get(f)?.type ?? 'text' })),
      total, limit: req.limit, offset, nextCursor,
      rows: page.map((r) => {
        const data = (typeof r.index_data === 'string' ? JSON.parse(r.index_data) : r.index_data) as Record<string, string | number>;
        return {
          id: r.id!,
          values: Object.fromEntries(columns.map((f) => [String(f), data[String(f)] ?? null])),
          files: (typeof r.files === 'string' ? JSON.parse(r.files) : (r.files ?? [])) as SearchResultRow['files'],
        };
      }),
    };
  }

  /** A file of a document the user may see through any assigned search; 404 otherwise. */
  async download(portalUserId: string, documentId: string, fileId: string): Promise<{ name: string; contentType: string; size: number; bytes: Buffer }> {
    if (!isUuid(documentId) || !isUuid(fileId)) throw new NotFoundError();
    const visible = await this.visibleSql(portalUserId);
    const [file] = await this.handle.rows<{ id: string; name: string; content_type: string; size: number; storage: string }>(sql`
      select f.id, f.name, f.content_type, f.size, f.storage
      from documents_files f join documents d on d.id = f.document_id
      where f.id = ${fileId}::uuid and d.id = ${documentId}::uuid and ${visible}`);
    if (!file) throw new NotFoundError();
    return this.readFile(file);
  }

  /** Staff download (privilege checked by the route). */
  async staffDownload(documentId: string, fileId: string) {
    if (!isUuid(documentId) || !isUuid(fileId)) throw new NotFoundError();
    const [file] = await this.db.select().from(documentFiles).where(and(eq(documentFiles.id, fileId), eq(documentFiles.documentId, documentId)));
    if (!file) throw new NotFoundError();
    return this.readFile({ id: file.id, name: file.name, content_type: file.contentType, size: file.size, storage: file.storage });
  }

  private async readFile(file: { id: string; name: string; content_type: string; size: number; storage: string }) {
    const store = this.stores[file.storage === 'dir' ? 'dir' : 'db'];
    const bytes = store ? await store.get(this.db, file.id) : undefined;
    if (!bytes) throw new NotFoundError('The file content is missing');
    return { name: file.name, contentType: file.content_type, size: file.size, bytes };
  }

  // ---------------------------------------------------------------- documents

  /** Creates a document with its index data and one or more files (size limit, sniffed type). */
  async createDocument(ctgryNo: number, indexData: Record<string, unknown>, files: readonly IncomingFile[], ctx: AuditContext & { portalUserId?: string }): Promise<{ id: string; indexData: Record<string, string | number>; files: Array<{ id: string; name: string; contentType: string; size: number }> }> {
    const fields = await this.catalog.fields(ctgryNo);
    if (fields.size === 0) await this.catalog.category(ctgryNo); // 404 for an unknown category
    const data = normalizeIndexData(fields, indexData);
    if (files.length === 0) throw new ValidationError([{ path: 'files', message: 'Attach at least one file' }]);
    if (files.length > this.config.maxFiles) throw new ValidationError([{ path: 'files', message: `At most ${this.config.maxFiles} files` }]);
    const checked: Array<{ id: string; name: string; contentType: string; size: number; sha256: string; bytes: Buffer }> = [];
    for (const [i, f] of files.entries()) {
      if (f.bytes.length > this.config.maxFileBytes) throw new PorticoError(`File "${f.name}" is larger than ${this.config.maxFileBytes} bytes`, { status: 413, code: 'file_too_large' });
      const type = await fileTypeFromBuffer(f.bytes);
      if (!type || !this.config.allowedTypes.includes(type.mime)) {
        throw new PorticoError(`File "${f.name}" is not an accepted type (${this.config.allowedTypes.join(', ')})`, { status: 415, code: 'unsupported_file_type', details: { index: i } });
      }
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      const name = (f.name || 'file').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255);
      checked.push({ id: randomUUID(), name, contentType: type.mime, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), bytes: f.bytes });
    }
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.insert(documents).values({ id, ctgryNo, indexData: data, uploadedByPortalUserId: ctx.portalUserId ?? null, createdById: ctx.actor.id ?? null });
      for (const f of checked) {
        await tx.insert(documentFiles).values({ id: f.id, documentId: id, name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, storage: this.store.kind });
        await this.store.put(tx, f.id, f.bytes);
      }
      await this.audit.record(tx, { ...ctx, entity: 'documents_document', recordId: id, action: 'create', after: { ctgryNo, indexData: data, files: checked.map((f) => f.name) } });
    });
    return { id, indexData: data, files: checked.map(({ bytes: _b, sha256: _s, ...f }) => f) };
  }

  async deleteDocument(id: string, ctx: AuditContext): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError();
    const [doc] = await this.db.select().from(documents).where(eq(documents.id, id));
    if (!doc) throw new NotFoundError();
    const files = await this.db.select().from(documentFiles).where(eq(documentFiles.documentId, id));
    await this.db.transaction(async (tx) => {
      await tx.delete(documents).where(eq(documents.id, id));
      await this.audit.record(tx, { ...ctx, entity: 'documents_document', recordId: id, action: 'delete', before: { ctgryNo: doc.ctgryNo, indexData: doc.indexData } });
    });
    for (const f of files) if (f.storage === 'dir') await this.stores.dir?.remove(this.db, f.id);
  }

  /** A portal user's upload: needs an upload permission; read-only pre-filled values always win. */
  async uploadAsPortalUser(portalUserId: string, ctgryNo: number, indexData: Record<string, unknown>, files: readonly IncomingFile[], requestId?: string) {
    const perm = (await this.uploadPermissionsOf(portalUserId)).find((p) => p.ctgryNo === ctgryNo);
    if (!perm) throw new NotFoundError(`No upload into category ${ctgryNo}`);
    const merged: Record<string, unknown> = {};
    for (const v of perm.values) if (v.mode === 'write') merged[String(v.fieldNo)] = v.value;
    for (const [k, v] of Object.entries(indexData ?? {})) merged[k] = v;
    for (const v of perm.values) if (v.mode === 'readonly') merged[String(v.fieldNo)] = v.value; // whatever the request says
    return this.createDocument(ctgryNo, merged, files, { actor: { kind: 'portal', id: portalUserId }, ...(requestId ? { requestId } : {}), portalUserId });
  }

  // ---------------------------------------------------------------- assignments (staff)

  async assignments(portalUserId: string): Promise<AssignmentInput[]> {
    return (await this.assignmentsOf(portalUserId)).map((a) => ({ queryNo: a.queryNo, conditions: a.conditions }));
  }

  /** Replaces all of a user's assignments and conditions; nothing is saved when any is invalid. */
  async setAssignments(portalUserId: string, input: unknown, ctx: AuditContext): Promise<AssignmentInput[]> {
    await this.requireUser(portalUserId);
    const { assignments } = AssignmentsInput.parse(input);
    const errors: FieldError[] = [];
    const searches = new Map((await this.catalog.listSearches(assignments.map((a) => a.queryNo))).map((s) => [s.queryNo, s]));
    const seen = new Set<number>();
    for (const [i, a] of assignments.entries()) {
      const s = searches.get(a.queryNo);
      if (!s) { errors.push({ path: `assignments.${i}.queryNo`, message: `No search ${a.queryNo}` }); continue; }
      if (seen.has(a.queryNo)) errors.push({ path: `assignments.${i}.queryNo`, message: `Search ${a.queryNo} is assigned twice` });
      seen.add(a.queryNo);
      errors.push(...validateConditions(a.conditions, await this.catalog.fields(s.ctgryNo), (j, part) => `assignments.${i}.conditions.${j}.${part === 'FieldNo' ? 'fieldNo' : 'filter'}`));
    }
    if (errors.length) throw new ValidationError(errors);
    const before = await this.assignments(portalUserId);
    await this.db.transaction(async (tx) => {
      await tx.delete(documentAssignments).where(eq(documentAssignments.portalUserId, portalUserId));
      await this.insertAssignments(tx, portalUserId, assignments);
      await this.audit.record(tx, { ...ctx, entity: 'documents_assignment', recordId: portalUserId, action: 'update', before: { assignments: before }, after: { assignments } });
    });
    return this.assignments(portalUserId);
  }

  private async insertAssignments(tx: Pick<Database, 'insert'>, portalUserId: string, assignments: readonly AssignmentInput[]): Promise<void> {
    for (const a of assignments) {
      const id = randomUUID();
      await tx.insert(documentAssignments).values({ id, portalUserId, queryNo: a.queryNo });
      if (a.conditions.length) await tx.insert(documentAssignmentConditions).values(a.conditions.map((c, position) => ({ assignmentId: id, position, fieldNo: c.fieldNo, filter: c.filter })));
    }
  }

  async exportConditionXml(portalUserId: string, queryNo: number): Promise<string> {
    const [a] = await this.assignmentsOf(portalUserId, queryNo);
    if (!a) throw new NotFoundError(`Search ${queryNo} is not assigned to this user`);
    return formatConditionXml(a.conditions);
  }

  /** Replaces the conditions of one assignment from ConditionXML; nothing saved on any error. */
  async importConditionXml(portalUserId: string, queryNo: number, xml: string, ctx: AuditContext): Promise<AssignmentInput> {
    const [a] = await this.assignmentsOf(portalUserId, queryNo);
    if (!a) throw new NotFoundError(`Search ${queryNo} is not assigned to this user`);
    const conditions = parseConditionXml(xml, await this.catalog.fields(a.ctgryNo));
    await this.db.transaction(async (tx) => {
      await tx.delete(documentAssignmentConditions).where(eq(documentAssignmentConditions.assignmentId, a.id));
      if (conditions.length) await tx.insert(documentAssignmentConditions).values(conditions.map((c, position) => ({ assignmentId: a.id, position, fieldNo: c.fieldNo, filter: c.filter })));
      await this.audit.record(tx, { ...ctx, entity: 'documents_assignment', recordId: portalUserId, action: 'update', before: { queryNo, conditions: a.conditions }, after: { queryNo, conditions } });
    });
    return { queryNo, conditions };
  }

  // ---------------------------------------------------------------- upload permissions (staff)

  async uploadPermissionsOf(portalUserId: string): Promise<Array<{ ctgryNo: number; values: Array<{ fieldNo: number; value: string; mode: 'write' | 'readonly' }> }>> {
    if (!isUuid(portalUserId)) return [];
    const perms = await this.db.select().from(documentUploadPermissions).where(eq(documentUploadPermissions.portalUserId, portalUserId)).orderBy(asc(documentUploadPermissions.ctgryNo));
    if (perms.length === 0) return [];
    const values = await this.db.select().from(documentUploadValues).where(inArray(documentUploadValues.permissionId, perms.map((p) => p.id))).orderBy(asc(documentUploadValues.fieldNo));
    return perms.map((p) => ({ ctgryNo: p.ctgryNo, values: values.filter((v) => v.permissionId === p.id).map((v) => ({ fieldNo: v.fieldNo, value: v.value, mode: v.mode === 'readonly' ? 'readonly' as const : 'write' as const })) }));
  }

  async setUploadPermissions(portalUserId: string, input: unknown, ctx: AuditContext) {
    await this.requireUser(portalUserId);
    const { permissions } = UploadPermissionsInput.parse(input);
    const errors: FieldError[] = [];
    for (const [i, p] of permissions.entries()) {
      const fields = await this.catalog.fields(p.ctgryNo);
      if (fields.size === 0) { errors.push({ path: `permissions.${i}.ctgryNo`, message: `No category ${p.ctgryNo} (or it has no fields)` }); continue; }
      for (const [j, v] of p.values.entries()) {
        try { normalizeIndexData(new Map([...fields].map(([k, f]) => [k, { ...f, required: false }])), { [String(v.fieldNo)]: v.value }, `permissions.${i}.values.${j}`); } catch (e) {
          if (e instanceof ValidationError) errors.push(...e.fields); else throw e;
        }
      }
    }
    if (errors.length) throw new ValidationError(errors);
    const before = await this.uploadPermissionsOf(portalUserId);
    await this.db.transaction(async (tx) => {
      await tx.delete(documentUploadPermissions).where(eq(documentUploadPermissions.portalUserId, portalUserId));
      await this.insertUploadPermissions(tx, portalUserId, permissions);
      await this.audit.record(tx, { ...ctx, entity: 'documents_upload_permission', recordId: portalUserId, action: 'update', before: { permissions: before }, after: { permissions } });
    });
    return this.uploadPermissionsOf(portalUserId);
  }

  private async insertUploadPermissions(tx: Pick<Database, 'insert'>, portalUserId: string, permissions: ReadonlyArray<{ ctgryNo: number; values: ReadonlyArray<{ fieldNo: number; value: string; mode: 'write' | 'readonly' }> }>): Promise<void> {
    for (const p of permissions) {
      const id = randomUUID();
      await tx.insert(documentUploadPermissions).values({ id, portalUserId, ctgryNo: p.ctgryNo });
      if (p.values.length) await tx.insert(documentUploadValues).values(p.values.map((v) => ({ permissionId: id, fieldNo: v.fieldNo, value: v.value, mode: v.mode })));
    }
  }

  /**
   * Copies a portal user's searches, conditions and upload settings to another portal user,
   * replacing the target's, in one transaction, audited.
   */
  async copyUserSettings(sourceId: string, targetId: string, ctx: AuditContext) {
    await this.requireUser(sourceId);
    await this.requireUser(targetId);
    if (sourceId === targetId) throw new ValidationError([{ path: 'targetId', message: 'Source and target are the same user' }]);
    const assignments = await this.assignments(sourceId);
    const permissions = await this.uploadPermissionsOf(sourceId);
    const before = { assignments: await this.assignments(targetId), permissions: await this.uploadPermissionsOf(targetId) };
    await this.db.transaction(async (tx) => {
      await tx.delete(documentAssignments).where(eq(documentAssignments.portalUserId, targetId));
      await tx.delete(documentUploadPermissions).where(eq(documentUploadPermissions.portalUserId, targetId));
      await this.insertAssignments(tx, targetId, assignments);
      await this.insertUploadPermissions(tx, targetId, permissions);
      await this.audit.record(tx, { ...ctx, entity: 'documents_assignment', recordId: targetId, action: 'copy', before, after: { copiedFrom: sourceId, assignments, permissions } });
    });
    return { assignments: await this.assignments(targetId), permissions: await this.uploadPermissionsOf(targetId) };
  }

  private async requireUser(id: string): Promise<void> {
    if (!isUuid(id) || !(await this.users.exists(id))) throw new NotFoundError(`No portal user ${id}`);
  }
}
