import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { EntityRecord } from '@portico/ui/entity';
import { api } from '@portico/ui/session';
import { ConditionSyntaxError, parseFilter } from '../common/conditions';
import { DocumentsPrivileges as P } from '../common/index';
import {
  BASE, FILTER_HELP, categories, exportConditionXml, fieldErrorsOf, importConditionXml, messageOf, searches, session, sizeText, fileUrl,
  type Assignment, type Category, type CategoryField, type Search, type SearchResult,
} from './documents-api';
import { documentsStyles } from './documents.styles';

type Draft = Record<string, string>;
interface CountState { total?: number; error?: string; pending?: boolean }
interface XmlState { text: string; errors: Array<{ path: string; message: string }>; message?: string }

const draftOf = (a: Assignment): Draft => Object.fromEntries(a.conditions.map((c) => [String(c.fieldNo), c.filter]));
const conditionsOf = (d: Draft) => Object.entries(d).filter(([, v]) => v.trim() !== '').map(([k, v]) => ({ fieldNo: Number(k), filter: v }));
const sameDraft = (a: Draft, b: Draft): boolean => JSON.stringify(conditionsOf(a)) === JSON.stringify(conditionsOf(b));
/** The filter's simple date range, for the From/To pickers (`2018-02-01..2018-02-28`, a day, `..x`, `x..`). */
const dateRange = (filter: string): [string, string] | undefined => {
  const f = filter.trim();
  if (f === '') return ['', ''];
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (day.test(f)) return [f, f];
  const m = /^(\d{4}-\d{2}-\d{2})?\s*\.\.\s*(\d{4}-\d{2}-\d{2})?$/.exec(f);
  return m ? [m[1] ?? '', m[2] ?? ''] : undefined;
};

/**
 * @summary The "Search" tab of the Portal User record view (contributed through RECORD_TABS): the
 * searches assigned to the user, and per search a condition editor with one box per field of the
 * search's category (type-aware: date pickers for date ranges, the choices for choice fields), a
 * live count of the documents the draft conditions match, save, ConditionXML export and import,
 * remove, and "Preview as this user" (the user's search run by the server exactly as the user
 * sees it).
 */
export class DocumentsSearchTabElement extends LitElement {
  static override styles = documentsStyles;

  @property({ attribute: false }) record?: EntityRecord;
  @property() entity = '';

  @state() private searches: Search[] = [];
  @state() private categories = new Map<number, Category>();
  @state() private assignments: Assignment[] = [];
  @state() private drafts = new Map<number, Draft>();
  @state() private counts = new Map<number, CountState>();
  @state() private serverErrors = new Map<number, Array<{ path: string; message: string }>>();
  @state() private xml = new Map<number, XmlState>();
  @state() private preview?: { queryNo: number; result?: SearchResult; error?: string; loading: boolean };
  @state() private loading = true;
  @state() private message = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private copyMatches: EntityRecord[] = [];
  @state() private copyMessage = '';
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  private get userId(): string {
    return String(this.record?.id ?? '');
  }

  private get canWrite(): boolean {
    return session.can(P.assignmentWrite);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('record') && this.record && (changed.get('record') as EntityRecord | undefined)?.id !== this.record.id) void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const [s, c, a] = await Promise.all([searches(), categories(), api<{ assignments: Assignment[] }>(`${BASE}/users/${encodeURIComponent(this.userId)}/assignments`)]);
      this.searches = s;
      this.categories = new Map(c.map((x) => [x.ctgryNo, x]));
      this.setAssignments(a.assignments);
      this.message = '';
    } catch (error) {
      this.message = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  private setAssignments(list: Assignment[]): void {
    this.assignments = list;
    this.drafts = new Map(list.map((a) => [a.queryNo, draftOf(a)]));
    this.serverErrors = new Map();
    for (const a of list) this.scheduleCount(a.queryNo, 0);
  }

  private search(queryNo: number): Search | undefined {
    return this.searches.find((s) => s.queryNo === queryNo);
  }

  private fieldsOf(queryNo: number): CategoryField[] {
    const s = this.search(queryNo);
    return (s && this.categories.get(s.ctgryNo)?.fields) ?? [];
  }

  /** Errors the browser finds itself (the same parser as the server), keyed by FieldNo. */
  private localErrors(queryNo: number): Map<number, string> {
    const out = new Map<number, string>();
    const fields = new Map(this.fieldsOf(queryNo).map((f) => [f.fieldNo, f]));
    for (const c of conditionsOf(this.drafts.get(queryNo) ?? {})) {
      const field = fields.get(c.fieldNo);
      if (!field) { out.set(c.fieldNo, `Field ${c.fieldNo} no longer exists: this condition matches nothing`); continue; }
      try { parseFilter(c.filter, field); } catch (e) { if (e instanceof ConditionSyntaxError) out.set(c.fieldNo, e.message.replace(/^Field \d+: /, '')); else throw e; }
    }
    return out;
  }

  private scheduleCount(queryNo: number, delay = 300): void {
    clearTimeout(this.timers.get(queryNo));
    this.timers.set(queryNo, setTimeout(() => void this.count(queryNo), delay));
  }

  private async count(queryNo: number): Promise<void> {
    if (this.localErrors(queryNo).size) {
      this.counts = new Map(this.counts).set(queryNo, { error: 'Fix the conditions to see how many documents match.' });
      return;
    }
    this.counts = new Map(this.counts).set(queryNo, { ...this.counts.get(queryNo), pending: true });
    try {
      const { total } = await api<{ total: number }>(`${BASE}/searches/${queryNo}/count`, { method: 'POST', body: { conditions: conditionsOf(this.drafts.get(queryNo) ?? {}) } });
      this.counts = new Map(this.counts).set(queryNo, { total });
    } catch (error) {
      this.counts = new Map(this.counts).set(queryNo, { error: messageOf(error) });
    }
  }

  private edit(queryNo: number, fieldNo: number, value: string): void {
    const draft = { ...(this.drafts.get(queryNo) ?? {}), [String(fieldNo)]: value };
    this.drafts = new Map(this.drafts).set(queryNo, draft);
    this.notice = '';
    this.scheduleCount(queryNo);
  }

  /** Replaces all of the user's assignments (the API's unit), keeping the others as saved. */
  private async saveAll(next: Assignment[], done: string, queryNo?: number): Promise<boolean> {
    this.busy = true;
    try {
      const { assignments } = await api<{ assignments: Assignment[] }>(`${BASE}/users/${encodeURIComponent(this.userId)}/assignments`, { method: 'PUT', body: { assignments: next } });
      const keep = new Map(this.drafts);
      this.setAssignments(assignments);
      // Unsaved drafts of other searches stay as they were.
      for (const a of assignments) if (a.queryNo !== queryNo && keep.has(a.queryNo)) this.drafts.set(a.queryNo, keep.get(a.queryNo)!);
      this.notice = done;
      this.message = '';
      if (this.preview) void this.runPreview(this.preview.queryNo);
      return true;
    } catch (error) {
      this.message = messageOf(error);
      if (queryNo !== undefined) {
        const index = next.findIndex((a) => a.queryNo === queryNo);
        this.serverErrors = new Map(this.serverErrors).set(queryNo, fieldErrorsOf(error).filter((f) => f.path.startsWith(`assignments.${index}.`)));
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private saveConditions(queryNo: number): Promise<boolean> {
    const next = this.assignments.map((a) => (a.queryNo === queryNo ? { queryNo, conditions: conditionsOf(this.drafts.get(queryNo) ?? {}) } : a));
    return this.saveAll(next, `Conditions of search ${queryNo} saved.`, queryNo);
  }

  private async assign(event: Event): Promise<void> {
    event.preventDefault();
    const select = (event.currentTarget as HTMLFormElement).elements.namedItem('queryNo') as HTMLSelectElement;
    const queryNo = Number(select.value);
    if (!queryNo) return;
    await this.saveAll([...this.assignments, { queryNo, conditions: [] }], `Search ${queryNo} assigned. Add conditions to narrow what the user sees.`, queryNo);
  }

  private async removeSearch(queryNo: number): Promise<void> {
    const s = this.search(queryNo);
    if (!confirm(`Remove the search "${s?.name ?? queryNo}" from this portal user? Its conditions are removed too.`)) return;
    if (this.preview?.queryNo === queryNo) this.preview = undefined;
    await this.saveAll(this.assignments.filter((a) => a.queryNo !== queryNo), `Search ${queryNo} removed.`);
  }

  private async runPreview(queryNo: number, after?: string): Promise<void> {
    const previous = after && this.preview?.queryNo === queryNo ? this.preview.result : undefined;
    this.preview = { queryNo, loading: true, ...(previous ? { result: previous } : {}) };
    try {
      const result = await api<SearchResult>(`${BASE}/users/${encodeURIComponent(this.userId)}/searches/${queryNo}/preview?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      this.preview = { queryNo, loading: false, result: previous ? { ...result, rows: [...previous.rows, ...result.rows] } : result };
    } catch (error) {
      this.preview = { queryNo, loading: false, error: messageOf(error) };
    }
  }

  private async showExport(queryNo: number): Promise<void> {
    try {
      this.xml = new Map(this.xml).set(queryNo, { text: await exportConditionXml(this.userId, queryNo), errors: [], message: 'Exported: the saved conditions as ConditionXML. Edit and import, or download.' });
    } catch (error) {
      this.message = messageOf(error);
    }
  }

  private async runImport(queryNo: number): Promise<void> {
    const state = this.xml.get(queryNo);
    if (!state) return;
    this.busy = true;
    try {
      await importConditionXml(this.userId, queryNo, state.text);
      const { assignments } = await api<{ assignments: Assignment[] }>(`${BASE}/users/${encodeURIComponent(this.userId)}/assignments`);
      this.setAssignments(assignments);
      this.xml = new Map(this.xml).set(queryNo, { ...state, errors: [], message: 'Imported: the conditions were replaced.' });
      this.notice = `ConditionXML imported into search ${queryNo}.`;
      this.message = '';
      if (this.preview?.queryNo === queryNo) void this.runPreview(queryNo);
    } catch (error) {
      this.xml = new Map(this.xml).set(queryNo, { ...state, errors: fieldErrorsOf(error), message: `Not imported, nothing was saved: ${messageOf(error)}` });
    } finally {
      this.busy = false;
    }
  }

  private download(queryNo: number): void {
    const text = this.xml.get(queryNo)?.text ?? '';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `conditions-${queryNo}.xml`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private async loadFile(queryNo: number, event: Event): Promise<void> {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    this.xml = new Map(this.xml).set(queryNo, { text: await file.text(), errors: [], message: `Loaded ${file.name}. Press "Import" to replace the conditions.` });
  }

  /** Portal users matching the typed e-mail or name (the portal user entity's keyword search). */
  private async findCopyTargets(event: Event): Promise<void> {
    const q = (event.target as HTMLInputElement).value.trim();
    if (q.length < 2) { this.copyMatches = []; return; }
    try {
      const page = await api<{ items: EntityRecord[] }>(`/api/entities/tc_portaluser/records?limit=10&q=${encodeURIComponent(q)}`);
      this.copyMatches = page.items.filter((r) => r.id !== this.userId);
    } catch (error) {
      this.copyMessage = messageOf(error);
    }
  }

  /** Copies this user's searches, conditions and upload settings to another portal user (replacing theirs). */
  private async copyTo(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const target = (form.elements.namedItem('target') as HTMLSelectElement).value;
    const who = this.copyMatches.find((r) => r.id === target);
    if (!target || !who) return;
    if (!confirm(`Copy the searches, conditions and upload settings of this portal user to ${String(who.emailAddress)}? Theirs are replaced.`)) return;
    this.busy = true;
    try {
      await api(`${BASE}/users/${encodeURIComponent(this.userId)}/copy-to/${encodeURIComponent(target)}`, { method: 'POST' });
      this.copyMessage = `Copied to ${String(who.emailAddress)}.`;
    } catch (error) {
      this.copyMessage = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  private renderCopy(): TemplateResult | typeof nothing {
    if (!this.canWrite || !session.can('entity.tc_portaluser.read')) return nothing;
    return html`<section class="panel" aria-labelledby="copy-title">
      <header><h3 id="copy-title">Copy to another portal user</h3></header>
      <form class="body toolbar" style="margin:0" @submit=${this.copyTo}>
        <div><label for="copy-find">Find the portal user</label><input id="copy-find" type="search" placeholder="E-mail address or name" autocomplete="off" @input=${this.findCopyTargets} /></div>
        <div><label for="copy-target">Copy to</label>
          <select id="copy-target" name="target" ?disabled=${!this.copyMatches.length}>
            ${this.copyMatches.length ? this.copyMatches.map((r) => html`<option value=${r.id}>${String(r.emailAddress)}${r.displayName ? ` (${String(r.displayName)})` : ''}</option>`) : html`<option value="">Type to find a portal user</option>`}
          </select></div>
        <wb-button type="submit" icon="users" ?disabled=${!this.copyMatches.length || this.busy}>Copy searches and upload settings</wb-button>
        ${this.copyMessage ? html`<p class="help" role="status" style="flex-basis:100%">${this.copyMessage}</p>` : nothing}
      </form>
    </section>`;
  }

  // ---- rendering ----

  override render(): TemplateResult {
    if (this.loading) return html`<p class="muted">Loading searches…</p>`;
    const unassigned = this.searches.filter((s) => !this.assignments.some((a) => a.queryNo === s.queryNo));
    return html`
      ${this.message ? html`<div class="banner error" role="alert">${this.message}</div>` : nothing}
      ${this.notice ? html`<div class="banner ok" role="status">${this.notice}</div>` : nothing}
      ${this.canWrite
        ? html`<form class="toolbar" @submit=${this.assign}>
            <div><label for="assign-search">Assign a search</label>
              <select id="assign-search" name="queryNo" ?disabled=${!unassigned.length}>
                ${unassigned.length ? unassigned.map((s) => html`<option value=${s.queryNo}>${s.queryNo} · ${s.name} (${this.categories.get(s.ctgryNo)?.name ?? s.ctgryNo})</option>`) : html`<option value="">Every search is assigned</option>`}
              </select></div>
            <wb-button type="submit" icon="plus" ?disabled=${!unassigned.length || this.busy}>Assign</wb-button>
          </form>`
        : nothing}
      ${this.assignments.length
        ? this.assignments.map((a) => this.renderAssignment(a))
        : html`<div class="panel"><p class="empty">No searches yet: this portal user sees no documents.</p></div>`}
      ${this.renderCopy()}
    `;
  }

  private renderAssignment(a: Assignment): TemplateResult {
    const s = this.search(a.queryNo);
    const category = s ? this.categories.get(s.ctgryNo) : undefined;
    const draft = this.drafts.get(a.queryNo) ?? {};
    const dirty = !sameDraft(draft, draftOf(a));
    const local = this.localErrors(a.queryNo);
    const server = this.serverErrors.get(a.queryNo) ?? [];
    const count = this.counts.get(a.queryNo);
    const conditions = conditionsOf(draft);
    const headingId = `search-${a.queryNo}`;
    return html`<section class="panel" aria-labelledby=${headingId}>
      <header>
        <h3 id=${headingId}>${a.queryNo} · ${s?.name ?? 'Unknown search'}</h3>
        <span class="badge">${category?.name ?? `Category ${s?.ctgryNo ?? '?'}`}</span>
        <span class="spacer"></span>
        <span class="count ${count?.total === 0 ? 'zero' : ''}" role="status" aria-live="polite" data-testid="match-count">
          ${count?.error ? html`<span class="error">${count.error}</span>` : count?.total === undefined ? 'Counting…' : `${count.total} document${count.total === 1 ? '' : 's'} match${count.total === 1 ? 'es' : ''}${dirty ? ' (unsaved conditions)' : ''}`}
        </span>
      </header>
      <div class="body">
        ${conditions.length === 0 ? html`<p class="help" role="note">No conditions: this user sees every document of the category through this search.</p>` : nothing}
        <div class="grid">${(category?.fields ?? []).map((f) => this.renderField(a.queryNo, f, draft[String(f.fieldNo)] ?? '', local.get(f.fieldNo) ?? server.find((e) => e.path.endsWith('.filter') && conditions[Number(e.path.split('.')[3])]?.fieldNo === f.fieldNo)?.message))}</div>
        ${[...local].filter(([no]) => !(category?.fields ?? []).some((f) => f.fieldNo === no)).map(([, m]) => html`<p class="error">${m}</p>`)}
        <div class="actions" style="margin-top: var(--wb-space-4)">
          ${this.canWrite ? html`<wb-button variant="primary" icon="save" ?disabled=${!dirty || local.size > 0 || this.busy} @click=${() => void this.saveConditions(a.queryNo)}>Save conditions</wb-button>` : nothing}
          <wb-button icon="search" @click=${() => void this.runPreview(a.queryNo)} ?disabled=${!session.can(P.documentRead)}>Preview as this user</wb-button>
          <wb-button icon="download" @click=${() => void this.showExport(a.queryNo)}>ConditionXML</wb-button>
          ${this.canWrite ? html`<wb-button variant="subtle" icon="trash" @click=${() => void this.removeSearch(a.queryNo)} ?disabled=${this.busy}>Remove search</wb-button>` : nothing}
        </div>
        ${this.renderXml(a.queryNo)}
        ${this.preview?.queryNo === a.queryNo ? this.renderPreview(a.queryNo, dirty) : nothing}
      </div>
    </section>`;
  }

  private renderField(queryNo: number, f: CategoryField, value: string, error: string | undefined): TemplateResult {
    const id = `c-${queryNo}-${f.fieldNo}`;
    const help = FILTER_HELP[f.type];
    const disabled = !this.canWrite;
    const range = f.type === 'date' ? dateRange(value) : undefined;
    const setRange = (from: string, to: string) => this.edit(queryNo, f.fieldNo, from || to ? (from && from === to ? from : `${from}..${to}`) : '');
    return html`<div>
      <label for=${id}>${f.name} <span class="badge">${f.fieldNo} · ${f.type}</span></label>
      <input id=${id} .value=${value} placeholder=${help.placeholder} ?disabled=${disabled} aria-invalid=${error ? 'true' : 'false'} aria-describedby="${id}-help${error ? ` ${id}-error` : ''}"
        list=${f.type === 'choice' ? `${id}-choices` : nothing} @input=${(e: Event) => this.edit(queryNo, f.fieldNo, (e.target as HTMLInputElement).value)} spellcheck="false" autocomplete="off" />
      ${f.type === 'choice' ? html`<datalist id="${id}-choices">${(f.choices ?? []).map((c) => html`<option value=${c}></option>`)}</datalist>` : nothing}
      ${range
        ? html`<div class="range">
            <label>From <input type="date" aria-label="${f.name} from" .value=${range[0]} ?disabled=${disabled} @change=${(e: Event) => setRange((e.target as HTMLInputElement).value, range[1])} /></label>
            <label>To <input type="date" aria-label="${f.name} to" .value=${range[1]} ?disabled=${disabled} @change=${(e: Event) => setRange(range[0], (e.target as HTMLInputElement).value)} /></label>
          </div>`
        : nothing}
      ${error ? html`<p class="error" id="${id}-error">${error}</p>` : nothing}
      <p class="help" id="${id}-help">${help.help}</p>
    </div>`;
  }

  private renderXml(queryNo: number): TemplateResult | typeof nothing {
    const state = this.xml.get(queryNo);
    if (!state) return nothing;
    const id = `xml-${queryNo}`;
    return html`<div style="margin-top: var(--wb-space-4)">
      <label for=${id}>ConditionXML of search ${queryNo}</label>
      ${state.message ? html`<p class=${state.errors.length ? 'error' : 'help'} role="status">${state.message}</p>` : nothing}
      ${state.errors.length ? html`<ul class="error" aria-label="Problems in the ConditionXML">${state.errors.map((e) => html`<li><code>${e.path}</code>: ${e.message}</li>`)}</ul>` : nothing}
      <textarea id=${id} .value=${state.text} ?readonly=${!this.canWrite} aria-invalid=${state.errors.length ? 'true' : 'false'}
        @input=${(e: Event) => (this.xml = new Map(this.xml).set(queryNo, { ...state, text: (e.target as HTMLTextAreaElement).value }))}></textarea>
      <div class="actions" style="margin-top: var(--wb-space-2)">
        ${this.canWrite ? html`<wb-button variant="primary" icon="upload" ?disabled=${this.busy} @click=${() => void this.runImport(queryNo)}>Import</wb-button>
          <label class="visually-hidden" for="${id}-file">Load ConditionXML from a file</label>
          <input id="${id}-file" type="file" accept=".xml,application/xml,text/xml" style="width:auto;border:0" @change=${(e: Event) => void this.loadFile(queryNo, e)} />` : nothing}
        <wb-button icon="download" @click=${() => this.download(queryNo)}>Download</wb-button>
        <wb-button variant="subtle" @click=${() => { const next = new Map(this.xml); next.delete(queryNo); this.xml = next; }}>Close</wb-button>
      </div>
    </div>`;
  }

  private renderPreview(queryNo: number, dirty: boolean): TemplateResult {
    const p = this.preview!;
    const r = p.result;
    return html`<div class="panel" style="margin-top: var(--wb-space-4)" aria-label="Preview as this user">
      <header><h3>Preview as this user</h3>${r ? html`<span class="badge" data-testid="preview-total">${r.total} document${r.total === 1 ? '' : 's'}</span>` : nothing}
        <span class="spacer"></span><wb-icon-button icon="close" label="Close the preview" @click=${() => (this.preview = undefined)}></wb-icon-button></header>
      ${dirty ? html`<p class="help" style="padding: 0 var(--wb-space-4)">The preview uses the saved conditions; save to preview the changes.</p>` : nothing}
      ${p.error ? html`<p class="banner error">${p.error}</p>` : nothing}
      ${r
        ? r.rows.length
          ? html`<table aria-label="Documents this user sees in search ${queryNo}">
              <thead><tr>${r.columns.map((c) => html`<th scope="col">${c.name}</th>`)}<th scope="col">Files</th></tr></thead>
              <tbody>${r.rows.map((row) => html`<tr>${r.columns.map((c) => html`<td class=${c.type === 'number' ? 'num' : ''}>${row.values[String(c.fieldNo)] ?? ''}</td>`)}
                <td>${row.files.map((f) => html`<a href=${fileUrl(row.id, f.id)} download>${f.name}</a> <span class="muted">${sizeText(f.size)}</span> `)}</td></tr>`)}</tbody>
            </table>
            ${r.nextCursor ? html`<div class="actions" style="padding: var(--wb-space-3) var(--wb-space-4)"><wb-button ?disabled=${p.loading} @click=${() => void this.runPreview(queryNo, r.nextCursor!)}>Load more</wb-button><span class="muted">${r.rows.length} of ${r.total} shown</span></div>` : nothing}`
          : html`<p class="empty">This user sees no documents in this search.</p>`
        : html`<p class="empty">Loading…</p>`}
    </div>`;
  }
}
