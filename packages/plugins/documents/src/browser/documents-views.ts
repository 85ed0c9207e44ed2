import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/record-list/record-list.define';
import '@portico/ui/components/record-view/record-view.define';
import '@portico/ui/components/button/button.define';
import type { RecordField, RecordFieldError, RecordListColumn, RecordOpenDetail, RecordSaveDetail, RecordSection, RecordSortDetail } from '@portico/ui';
import { api, navigate } from '@portico/ui/session';
import { FIELD_TYPES, type FieldType } from '../common/conditions';
import { DocumentsPrivileges as P } from '../common/index';
import {
  BASE, categories, fieldErrorsOf, fileUrl, messageOf, searches, session, sizeText, uploadDocument,
  type Category, type CategoryField, type DocumentView, type ResultRow, type Search, type SearchResult,
} from './documents-api';
import { documentsStyles } from './documents.styles';

const CATEGORIES = '/documents/categories';
const SEARCHES = '/documents/searches';

const fieldsText = (fields: CategoryField[]): string => fields.map((f) => f.name).join(', ');

/** @summary `/documents/categories`: the document categories (CtgryNo, name, fields). */
export class DocumentsCategoryListElement extends LitElement {
  static override styles = documentsStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private rows: Category[] = [];
  @state() private loading = true;
  @state() private error = '';
  @state() private keyword = '';
  private readonly columns: RecordListColumn<Category>[] = [
    { key: 'ctgryNo', label: 'CtgryNo', width: '10%' },
    { key: 'name', label: 'Name', width: '25%' },
    { key: 'fields', label: 'Index fields', format: (v) => fieldsText(v as CategoryField[]), sortable: false },
    { key: 'description', label: 'Description', width: '30%' },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.rows = await categories();
      this.error = '';
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.loading = false;
    }
  }

  override render(): TemplateResult {
    const q = this.keyword.toLowerCase();
    const rows = q ? this.rows.filter((r) => `${r.ctgryNo} ${r.name} ${r.description ?? ''} ${fieldsText(r.fields)}`.toLowerCase().includes(q)) : this.rows;
    return html`<div class="page"><wb-record-list heading="Document Categories" noun="category" export-name="document-categories" row-key="ctgryNo"
      empty-text="No categories yet." .columns=${this.columns} .rows=${rows} ?loading=${this.loading} error=${this.error}
      ?can-create=${session.can(P.categoryWrite)} @wb-create=${() => navigate(`${CATEGORIES}/new`)} @wb-refresh=${() => void this.load()}
      @wb-search=${(e: CustomEvent<{ query: string }>) => (this.keyword = e.detail.query)}
      @wb-open=${(e: CustomEvent<RecordOpenDetail<Category>>) => navigate(`${CATEGORIES}/${e.detail.row.ctgryNo}`)}></wb-record-list></div>`;
  }
}

/**
 * @summary `/documents/categories/:ctgryNo` (and `/new`): a category — number, name,
 * description and its numbered index fields — and the category's documents (a server-side
 * sorted list with keyset "Load more", opening each document).
 */
export class DocumentsCategoryRecordElement extends LitElement {
  static override styles = documentsStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private category?: Category;
  @state() private fields: CategoryField[] = [];
  @state() private errors: RecordFieldError[] = [];
  @state() private message = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private docs?: SearchResult;
  @state() private docsLoading = false;
  @state() private docsError = '';
  @state() private sort: { key: string; direction: 'asc' | 'desc' } = { key: '', direction: 'asc' };
  @state() private keyword = '';
  /** Kept stable between renders: a new object would reset the record view's draft. */
  @state() private values: Record<string, unknown> = {};

  private get isNew(): boolean {
    return this.params.ctgryNo === 'new' || !this.params.ctgryNo;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params')) void this.load();
  }

  private async load(): Promise<void> {
    this.errors = [];
    this.message = '';
    if (this.isNew) {
      this.category = undefined;
      this.values = {};
      this.fields = [{ fieldNo: 1010, name: '', type: 'text', choices: null, required: false }];
      return;
    }
    try {
      this.category = await api<Category>(`${BASE}/categories/${encodeURIComponent(this.params.ctgryNo!)}`);
      this.values = { ctgryNo: this.category.ctgryNo, name: this.category.name, description: this.category.description ?? '' };
      this.fields = structuredClone(this.category.fields);
      void this.loadDocs();
    } catch (e) {
      this.message = messageOf(e);
    }
  }

  private async loadDocs(after?: string): Promise<void> {
    if (!this.category || !session.can(P.documentRead)) return;
    this.docsLoading = true;
    const params = new URLSearchParams({ limit: '50' });
    if (this.sort.key) params.set('sort', `${this.sort.direction === 'desc' ? '-' : ''}${this.sort.key.replace(/^f/, '')}`);
    const firstText = this.category.fields.find((f) => f.type === 'text');
    if (this.keyword && firstText) params.set(`filters.${firstText.fieldNo}`, `*${this.keyword.replace(/[\\;*?]/g, (c) => `\\${c}`)}*`);
    if (after) params.set('after', after);
    try {
      const result = await api<SearchResult>(`${BASE}/categories/${this.category.ctgryNo}/documents?${params}`);
      this.docs = after && this.docs ? { ...result, rows: [...this.docs.rows, ...result.rows] } : result;
      this.docsError = '';
    } catch (e) {
      this.docsError = messageOf(e);
    } finally {
      this.docsLoading = false;
    }
  }

  private sections(): RecordSection[] {
    return [{
      title: 'Category',
      fields: [
        ...(this.isNew ? [{ name: 'ctgryNo', label: 'CtgryNo', type: 'number', required: true, help: 'The category number, unique; it cannot change later.' } satisfies RecordField] : [{ name: 'ctgryNo', label: 'CtgryNo', type: 'static' } satisfies RecordField]),
        { name: 'name', label: 'Name', type: 'text', required: true },
        { name: 'description', label: 'Description', type: 'text', wide: true },
      ],
    }];
  }

  private async onSave(event: CustomEvent<RecordSaveDetail>): Promise<void> {
    const v = event.detail.values;
    const ctgryNo = this.isNew ? Number(v.ctgryNo) : this.category!.ctgryNo;
    this.busy = true;
    try {
      const saved = await api<Category>(`${BASE}/categories/${ctgryNo}`, {
        method: 'PUT',
        body: { name: v.name, description: v.description || null, fields: this.fields.map((f) => ({ fieldNo: f.fieldNo, name: f.name, type: f.type, required: f.required, ...(f.type === 'choice' ? { choices: f.choices ?? [] } : {}) })) },
      });
      this.errors = [];
      this.message = '';
      this.notice = 'Saved.';
      if (event.detail.close) return navigate(CATEGORIES);
      if (this.isNew) return navigate(`${CATEGORIES}/${saved.ctgryNo}`, { replace: true });
      this.category = saved;
      this.values = { ctgryNo: saved.ctgryNo, name: saved.name, description: saved.description ?? '' };
      this.fields = structuredClone(saved.fields);
    } catch (e) {
      this.message = messageOf(e);
      this.errors = fieldErrorsOf(e);
    } finally {
      this.busy = false;
    }
  }

  private setField(i: number, patch: Partial<CategoryField>): void {
    this.fields = this.fields.map((f, j) => (j === i ? { ...f, ...patch } : f));
  }

  private renderFields(): TemplateResult {
    const readonly = !session.can(P.categoryWrite);
    const err = (i: number, key: string) => this.errors.find((e) => e.path === `fields.${i}.${key}`)?.message;
    return html`<section class="panel" aria-labelledby="fields-title" style="margin-top: var(--wb-space-4)">
      <header><h2 id="fields-title">Index fields</h2><span class="spacer"></span>
        ${readonly ? nothing : html`<wb-button icon="plus" @click=${() => (this.fields = [...this.fields, { fieldNo: (Math.max(1000, ...this.fields.map((f) => f.fieldNo)) + 10), name: '', type: 'text', choices: null, required: false }])}>Add field</wb-button>`}</header>
      <table aria-label="Index fields">
        <thead><tr><th scope="col" style="width:8rem">FieldNo</th><th scope="col">Name</th><th scope="col" style="width:9rem">Type</th><th scope="col">Choices (one per line)</th><th scope="col" style="width:6rem">Required</th><th scope="col" style="width:3rem"><span class="visually-hidden">Remove</span></th></tr></thead>
        <tbody>${this.fields.map((f, i) => html`<tr>
          <td><input type="number" aria-label="FieldNo of field ${i + 1}" .value=${String(f.fieldNo)} ?disabled=${readonly} @input=${(e: Event) => this.setField(i, { fieldNo: Number((e.target as HTMLInputElement).value) })} />${err(i, 'fieldNo') ? html`<p class="error">${err(i, 'fieldNo')}</p>` : nothing}</td>
          <td><input aria-label="Name of field ${i + 1}" .value=${f.name} ?disabled=${readonly} @input=${(e: Event) => this.setField(i, { name: (e.target as HTMLInputElement).value })} />${err(i, 'name') ? html`<p class="error">${err(i, 'name')}</p>` : nothing}</td>
          <td><select aria-label="Type of field ${i + 1}" ?disabled=${readonly} @change=${(e: Event) => this.setField(i, { type: (e.target as HTMLSelectElement).value as FieldType })}>${FIELD_TYPES.map((t) => html`<option ?selected=${t === f.type}>${t}</option>`)}</select></td>
          <td>${f.type === 'choice' ? html`<textarea aria-label="Choices of field ${i + 1}" style="min-height:4rem" ?disabled=${readonly} .value=${(f.choices ?? []).join('\n')} @input=${(e: Event) => this.setField(i, { choices: (e.target as HTMLTextAreaElement).value.split('\n').map((s) => s.trim()).filter(Boolean) })}></textarea>${err(i, 'choices') ? html`<p class="error">${err(i, 'choices')}</p>` : nothing}` : html`<span class="muted">—</span>`}</td>
          <td><input type="checkbox" style="width:auto;min-height:auto" aria-label="Field ${i + 1} is required" .checked=${f.required} ?disabled=${readonly} @change=${(e: Event) => this.setField(i, { required: (e.target as HTMLInputElement).checked })} /></td>
          <td>${readonly ? nothing : html`<wb-icon-button icon="trash" label="Remove field ${f.name || i + 1}" @click=${() => (this.fields = this.fields.filter((_, j) => j !== i))}></wb-icon-button>`}</td>
        </tr>`)}</tbody>
      </table>
    </section>`;
  }

  private renderDocuments(): TemplateResult | typeof nothing {
    if (this.isNew || !this.category || !session.can(P.documentRead)) return nothing;
    const c = this.category;
    const columns: RecordListColumn<ResultRow>[] = [
      ...c.fields.map((f) => ({ key: `f${f.fieldNo}`, label: f.name, format: (_v: unknown, row: ResultRow) => String(row.values[String(f.fieldNo)] ?? '') })),
      { key: 'files', label: 'Files', sortable: false, format: (_v: unknown, row: ResultRow) => row.files.map((x) => x.name).join(', ') },
    ];
    return html`<div style="margin-top: var(--wb-space-6)"><wb-record-list heading="Documents in ${c.name}" noun="document" export-name="documents-${c.ctgryNo}"
      empty-text="No documents in this category." .columns=${columns} .rows=${this.docs?.rows ?? []} ?loading=${this.docsLoading} error=${this.docsError}
      server-side sort-key=${this.sort.key} sort-direction=${this.sort.direction} total=${this.docs?.total ?? -1} ?has-more=${Boolean(this.docs?.nextCursor)}
      ?can-create=${session.can(P.documentCreate)} @wb-create=${() => navigate(`${CATEGORIES}/${c.ctgryNo}/documents/new`)}
      @wb-refresh=${() => void this.loadDocs()} @wb-more=${() => void this.loadDocs(this.docs?.nextCursor ?? undefined)}
      @wb-search=${(e: CustomEvent<{ query: string }>) => { this.keyword = e.detail.query; void this.loadDocs(); }}
      @wb-sort=${(e: CustomEvent<RecordSortDetail>) => { this.sort = { key: e.detail.key, direction: e.detail.direction }; void this.loadDocs(); }}
      @wb-open=${(e: CustomEvent<RecordOpenDetail<ResultRow>>) => navigate(`${CATEGORIES}/${c.ctgryNo}/documents/${e.detail.row.id}`)}></wb-record-list></div>`;
  }

  override render(): TemplateResult {
    const values = this.values;
    return html`<div class="page">
      <wb-record-view heading=${this.isNew ? 'New Document Category' : (this.category?.name ?? 'Loading…')} entity-label="Document Category"
        .sections=${this.sections()} .values=${values} .errors=${this.errors} message=${this.message} notice=${this.notice}
        ?readonly=${!session.can(P.categoryWrite)} ?busy=${this.busy} @wb-save=${this.onSave} @wb-cancel=${() => navigate(CATEGORIES)}>
        ${this.renderFields()}
      </wb-record-view>
      ${this.renderDocuments()}
    </div>`;
  }
}

/** Record-view fields for a category's index fields (`i<FieldNo>`). */
function indexSections(category: Category, title: string): RecordSection[] {
  return [{
    title,
    fields: category.fields.map((f) => ({
      name: `i${f.fieldNo}`,
      label: `${f.name} (${f.fieldNo})`,
      type: f.type === 'choice' ? 'choice' : 'text',
      ...(f.required ? { required: true } : {}),
      ...(f.type === 'choice' ? { options: (f.choices ?? []).map((c) => ({ value: c, label: c })) } : {}),
      ...(f.type === 'date' ? { help: 'YYYY-MM-DD' } : f.type === 'number' ? { help: 'A number' } : {}),
    }) satisfies RecordField),
  }];
}
const indexValues = (category: Category, data: Record<string, unknown>) => Object.fromEntries(category.fields.map((f) => [`i${f.fieldNo}`, data[String(f.fieldNo)] === undefined ? '' : String(data[String(f.fieldNo)])]));
const indexData = (category: Category, values: Record<string, unknown>) =>
  Object.fromEntries(category.fields.flatMap((f) => { const v = values[`i${f.fieldNo}`]; return v === undefined || v === null || v === '' ? [] : [[String(f.fieldNo), String(v)]]; }));
const mapErrors = (errors: Array<{ path: string; message: string }>): RecordFieldError[] => errors.map((e) => ({ ...e, path: e.path.replace(/^indexData\.(\d+)$/, 'i$1') }));

/**
 * @summary `/documents/categories/:ctgryNo/documents/:id` (and `/new`): one document — its index
 * data (typed by the category's fields, editable), its files (download) — or a new one uploaded
 * with its files.
 */
export class DocumentsDocumentRecordElement extends LitElement {
  static override styles = documentsStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private category?: Category;
  @state() private doc?: DocumentView;
  @state() private errors: RecordFieldError[] = [];
  @state() private message = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private files: File[] = [];
  @state() private values: Record<string, unknown> = {};

  private get isNew(): boolean {
    return this.params.id === 'new';
  }

  private get listPath(): string {
    return `${CATEGORIES}/${this.params.ctgryNo}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params')) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.category = await api<Category>(`${BASE}/categories/${encodeURIComponent(this.params.ctgryNo ?? '')}`);
      this.doc = this.isNew ? undefined : await api<DocumentView>(`${BASE}/documents/${encodeURIComponent(this.params.id ?? '')}`);
      this.values = indexValues(this.category, this.doc?.indexData ?? {});
    } catch (e) {
      this.message = messageOf(e);
    }
  }

  private async onSave(event: CustomEvent<RecordSaveDetail>): Promise<void> {
    if (!this.category) return;
    const data = indexData(this.category, event.detail.values);
    this.busy = true;
    try {
      if (this.isNew) {
        const created = await uploadDocument(this.category.ctgryNo, data, this.files);
        this.notice = 'Uploaded.';
        return navigate(event.detail.close ? this.listPath : `${this.listPath}/documents/${created.id}`, { replace: !event.detail.close });
      }
      this.doc = await api<DocumentView>(`${BASE}/documents/${this.doc!.id}`, { method: 'PATCH', body: { indexData: data } });
      this.values = indexValues(this.category, this.doc.indexData);
      this.errors = [];
      this.message = '';
      this.notice = 'Saved.';
      if (event.detail.close) navigate(this.listPath);
    } catch (e) {
      this.message = messageOf(e);
      this.errors = mapErrors(fieldErrorsOf(e)).map((x) => (x.path === 'files' ? { ...x, path: 'i-files' } : x));
    } finally {
      this.busy = false;
    }
  }

  private async deleteDocument(): Promise<void> {
    if (!this.doc || !confirm('Delete this document and its files? Portal users no longer see it.')) return;
    try {
      await api(`${BASE}/documents/${this.doc.id}`, { method: 'DELETE' });
      navigate(this.listPath);
    } catch (e) {
      this.message = messageOf(e);
    }
  }

  override render(): TemplateResult {
    const c = this.category;
    const canWrite = this.isNew ? session.can(P.documentCreate) : session.can(P.documentWrite);
    const fileError = this.errors.find((e) => e.path === 'i-files')?.message;
    return html`<div class="page">
      <wb-record-view heading=${this.isNew ? `New Document in ${c?.name ?? '…'}` : c ? `${c.name} document` : 'Loading…'} entity-label="Document"
        .sections=${c ? indexSections(c, 'Index data') : []} .values=${this.values} .errors=${this.errors}
        message=${this.message} notice=${this.notice} ?readonly=${!canWrite} ?busy=${this.busy} @wb-save=${this.onSave} @wb-cancel=${() => navigate(this.listPath)}>
        ${!this.isNew && session.can(P.documentDelete) ? html`<wb-button slot="actions" variant="danger" icon="trash" @click=${() => void this.deleteDocument()}>Delete</wb-button>` : nothing}
        <section class="panel" aria-labelledby="files-title" style="margin-top: var(--wb-space-4)">
          <header><h2 id="files-title">Files</h2></header>
          <div class="body">
            ${this.isNew
              ? html`<label for="doc-files">Files to upload</label><input id="doc-files" type="file" multiple style="border:0" @change=${(e: Event) => (this.files = [...((e.target as HTMLInputElement).files ?? [])])} />
                  ${fileError ? html`<p class="error">${fileError}</p>` : nothing}<p class="help">PDF or images; the type is checked from the file's content.</p>`
              : this.doc?.files.length
                ? html`<ul>${this.doc.files.map((f) => html`<li><a href=${fileUrl(this.doc!.id, f.id)} download>${f.name}</a> <span class="muted">${f.contentType}, ${sizeText(f.size)}</span></li>`)}</ul>
                    <p class="help">Created ${this.doc.createdAt ? new Date(this.doc.createdAt).toLocaleString() : ''}${this.doc.uploadedByPortalUserId ? ' · uploaded by a portal user' : ''}</p>`
                : html`<p class="muted">No files.</p>`}
          </div>
        </section>
      </wb-record-view>
    </div>`;
  }
}

/** @summary `/documents/searches`: the numbered searches (QueryNo, category, columns). */
export class DocumentsSearchListElement extends LitElement {
  static override styles = documentsStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private rows: Array<Search & { category: string }> = [];
  @state() private loading = true;
  @state() private error = '';
  @state() private keyword = '';
  private readonly columns: RecordListColumn<Search & { category: string }>[] = [
    { key: 'queryNo', label: 'QueryNo', width: '10%' },
    { key: 'name', label: 'Name', width: '30%' },
    { key: 'category', label: 'Category', width: '25%' },
    { key: 'columns', label: 'Result columns', format: (v) => (v as number[]).join(', '), sortable: false },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const [s, c] = await Promise.all([searches(), categories()]);
      this.rows = s.map((x) => ({ ...x, category: c.find((y) => y.ctgryNo === x.ctgryNo)?.name ?? String(x.ctgryNo) }));
      this.error = '';
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.loading = false;
    }
  }

  override render(): TemplateResult {
    const q = this.keyword.toLowerCase();
    const rows = q ? this.rows.filter((r) => `${r.queryNo} ${r.name} ${r.category}`.toLowerCase().includes(q)) : this.rows;
    return html`<div class="page"><wb-record-list heading="Document Searches" noun="search" export-name="document-searches" row-key="queryNo"
      empty-text="No searches yet." .columns=${this.columns} .rows=${rows} ?loading=${this.loading} error=${this.error}
      ?can-create=${session.can(P.searchWrite)} @wb-create=${() => navigate(`${SEARCHES}/new`)} @wb-refresh=${() => void this.load()}
      @wb-search=${(e: CustomEvent<{ query: string }>) => (this.keyword = e.detail.query)}
      @wb-open=${(e: CustomEvent<RecordOpenDetail<Search>>) => navigate(`${SEARCHES}/${e.detail.row.queryNo}`)}></wb-record-list></div>`;
  }
}

/** @summary `/documents/searches/:queryNo` (and `/new`): a search's category, result columns and default sort. */
export class DocumentsSearchRecordElement extends LitElement {
  static override styles = documentsStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private search?: Search;
  @state() private categories: Category[] = [];
  @state() private ctgryNo = 0;
  @state() private errors: RecordFieldError[] = [];
  @state() private message = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private values: Record<string, unknown> = {};

  private get isNew(): boolean {
    return this.params.queryNo === 'new' || !this.params.queryNo;
  }

  private valuesOf(s: Search | undefined): Record<string, unknown> {
    return s
      ? { queryNo: s.queryNo, name: s.name, ctgryNo: String(s.ctgryNo), columns: s.columns.map(String), sortFieldNo: s.sort ? String(s.sort.fieldNo) : '', sortDir: s.sort?.dir ?? 'asc' }
      : { ctgryNo: String(this.ctgryNo), columns: [], sortDir: 'asc' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params')) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.categories = await categories();
      this.search = this.isNew ? undefined : await api<Search>(`${BASE}/searches/${encodeURIComponent(this.params.queryNo!)}`);
      this.ctgryNo = this.search?.ctgryNo ?? this.categories[0]?.ctgryNo ?? 0;
      this.values = this.valuesOf(this.search);
    } catch (e) {
      this.message = messageOf(e);
    }
  }

  private sections(): RecordSection[] {
    const fields = this.categories.find((c) => c.ctgryNo === this.ctgryNo)?.fields ?? [];
    const options = fields.map((f) => ({ value: String(f.fieldNo), label: `${f.name} (${f.fieldNo})` }));
    return [
      {
        title: 'Search',
        fields: [
          this.isNew ? { name: 'queryNo', label: 'QueryNo', type: 'number', required: true, help: 'The search number, unique.' } : { name: 'queryNo', label: 'QueryNo', type: 'static' },
          { name: 'name', label: 'Name', type: 'text', required: true },
          this.isNew
            ? { name: 'ctgryNo', label: 'Category', type: 'choice', required: true, options: this.categories.map((c) => ({ value: String(c.ctgryNo), label: `${c.ctgryNo} · ${c.name}` })) }
            : { name: 'ctgryNo', label: 'Category', type: 'static', format: () => this.categories.find((c) => c.ctgryNo === this.ctgryNo)?.name ?? String(this.ctgryNo), help: 'A search stays over its category (its assignments\' conditions name that category\'s fields).' },
        ],
      },
      {
        title: 'Results',
        fields: [
          { name: 'columns', label: 'Result columns', type: 'multi', options },
          { name: 'sortFieldNo', label: 'Default sort', type: 'choice', options },
          { name: 'sortDir', label: 'Direction', type: 'choice', required: true, options: [{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }] },
        ],
      },
    ];
  }

  private async onSave(event: CustomEvent<RecordSaveDetail>): Promise<void> {
    const v = event.detail.values;
    const queryNo = this.isNew ? Number(v.queryNo) : this.search!.queryNo;
    this.busy = true;
    try {
      const saved = await api<Search>(`${BASE}/searches/${queryNo}`, {
        method: 'PUT',
        body: { ctgryNo: Number(v.ctgryNo ?? this.ctgryNo), name: v.name, columns: ((v.columns as string[] | undefined) ?? []).map(Number), sort: v.sortFieldNo ? { fieldNo: Number(v.sortFieldNo), dir: v.sortDir ?? 'asc' } : null },
      });
      this.errors = [];
      this.message = '';
      this.notice = 'Saved.';
      if (event.detail.close) return navigate(SEARCHES);
      if (this.isNew) return navigate(`${SEARCHES}/${saved.queryNo}`, { replace: true });
      this.search = saved;
      this.values = this.valuesOf(saved);
    } catch (e) {
      this.message = messageOf(e);
      this.errors = fieldErrorsOf(e).map((x) => ({ ...x, path: x.path.replace(/^columns\.\d+$/, 'columns').replace(/^sort\.fieldNo$/, 'sortFieldNo') }));
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const s = this.search;
    const values = this.values;
    return html`<div class="page" @change=${(e: Event) => {
      // The category picker of a new search decides the fields offered for columns and sort.
      const target = e.composedPath()[0] as HTMLSelectElement;
      if (this.isNew && target?.id?.includes('ctgryNo')) this.ctgryNo = Number(target.value);
    }}>
      <wb-record-view heading=${this.isNew ? 'New Document Search' : (s?.name ?? 'Loading…')} entity-label="Document Search"
        .sections=${this.sections()} .values=${values} .errors=${this.errors} message=${this.message} notice=${this.notice}
        ?readonly=${!session.can(P.searchWrite)} ?busy=${this.busy} @wb-save=${this.onSave} @wb-cancel=${() => navigate(SEARCHES)}></wb-record-view>
    </div>`;
  }
}
