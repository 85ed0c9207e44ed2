import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/record-list/record-list.define';
import type { RecordListColumn } from '@portico/ui';
import { ApiError, api, navigate, session } from '@portico/ui/session';
import { SecurityPrivileges as P } from '../common/index';

export interface AuditItem {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  entity: string;
  recordId: string;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

const when = (v: unknown): string => new Date(String(v)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const who = (row: AuditItem): string => row.actorName ?? (row.actorKind === 'setup' ? 'First-run setup' : row.actorKind);
const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : Array.isArray(v) ? `${v.length} item${v.length === 1 ? '' : 's'}` : typeof v === 'object' ? 'changed' : String(v));
/** "Name: Ann → Anna; Disabled: No → Yes" */
export const describeChanges = (changes: AuditItem['changes']): string =>
  Object.entries(changes ?? {}).map(([field, c]) => `${field}: ${show(c.from)} → ${show(c.to)}`).join('; ');

const messageOf = (error: unknown): string => (error instanceof ApiError ? error.message : 'The server could not be reached.');

/**
 * @summary `/security/audit`: every write, newest first, filtered by user, entity and date.
 * The filters live in the URL (`?actorId=&entity=&from=&to=`), so a filtered view can be shared.
 */
export class SecurityAuditTrailElement extends LitElement {
  static override styles = css`
    :host { display: block; padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12); }
    form { display: flex; flex-wrap: wrap; gap: var(--wb-space-3); align-items: end; margin-bottom: var(--wb-space-3); }
    label { display: grid; gap: var(--wb-space-1); font-size: var(--wb-font-size-sm, 13px); color: var(--wb-color-text-muted); }
    select, input { font: inherit; font-size: var(--wb-font-size, 14px); color: var(--wb-color-text); padding: 5px 8px; border: 1px solid var(--wb-color-border-strong); border-radius: var(--wb-radius-sm, 4px); background: var(--wb-color-surface, #fff); min-width: 11rem; }
    select:focus-visible, input:focus-visible { outline: 2px solid var(--wb-color-focus); outline-offset: 1px; }
  `;

  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private rows: AuditItem[] = [];
  @state() private facets: { entities: string[]; actors: Array<{ id: string; name: string | null }> } = { entities: [], actors: [] };
  @state() private loading = true;
  @state() private error = '';
  /** "Narrow results by keyword" within the loaded entries (who, action, entity, changes). */
  @state() private keyword = '';

  private readonly columns: RecordListColumn<AuditItem>[] = [
    { key: 'at', label: 'When', format: when, width: '17%' },
    { key: 'actorName', label: 'Who', format: (_v, row) => who(row), width: '15%' },
    { key: 'action', label: 'Action', width: '10%' },
    { key: 'entity', label: 'Entity', width: '14%' },
    { key: 'changes', label: 'Changes', format: (v) => describeChanges(v as AuditItem['changes']), sortable: false },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    api<typeof this.facets>('/api/security/audit/facets').then((f) => (this.facets = f), () => {});
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) void this.load();
  }

  private async load(): Promise<void> {
    const params = new URLSearchParams({ limit: '200' });
    const q = this.query;
    if (q.actorId) params.set('actorId', q.actorId);
    if (q.entity) params.set('entity', q.entity);
    if (q.recordId) params.set('recordId', q.recordId);
    if (q.from) params.set('from', new Date(`${q.from}T00:00:00`).toISOString());
    if (q.to) params.set('to', new Date(`${q.to}T23:59:59.999`).toISOString());
    this.loading = true;
    try {
      this.rows = (await api<{ items: AuditItem[] }>(`/api/security/audit?${params}`)).items;
      this.error = '';
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  private onFilter(event: Event): void {
    const form = (event.currentTarget as HTMLElement).closest('form')!;
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const key of ['actorId', 'entity', 'from', 'to']) {
      const value = String(data.get(key) ?? '');
      if (value) params.set(key, value);
    }
    navigate(`/security/audit${params.size ? `?${params}` : ''}`, { replace: true });
  }

  private visibleRows(): AuditItem[] {
    if (!this.keyword) return this.rows;
    return this.rows.filter((r) => `${who(r)} ${r.action} ${r.entity} ${describeChanges(r.changes)}`.toLowerCase().includes(this.keyword));
  }

  override render(): TemplateResult {
    const q = this.query;
    return html`
      <form role="search" aria-label="Filter the audit trail" @change=${this.onFilter} @submit=${(e: Event) => e.preventDefault()}>
        <label>User
          <select name="actorId">
            <option value="">Everyone</option>
            ${this.facets.actors.map((a) => html`<option value=${a.id} ?selected=${q.actorId === a.id}>${a.name ?? a.id}</option>`)}
          </select>
        </label>
        <label>Entity
          <select name="entity">
            <option value="">All entities</option>
            ${this.facets.entities.map((e) => html`<option value=${e} ?selected=${q.entity === e}>${e}</option>`)}
          </select>
        </label>
        <label>From <input type="date" name="from" .value=${q.from ?? ''} /></label>
        <label>To <input type="date" name="to" .value=${q.to ?? ''} /></label>
      </form>
      <wb-record-list
        heading="Audit Trail"
        noun="entry"
        export-name="audit-trail"
        empty-text="Nothing matches these filters."
        .columns=${this.columns}
        .rows=${this.visibleRows()}
        ?loading=${this.loading}
        error=${this.error}
        @wb-refresh=${() => void this.load()}
        @wb-search=${(e: CustomEvent<{ query: string }>) => (this.keyword = e.detail.query.toLowerCase())}
      ></wb-record-list>
    `;
  }
}

/**
 * @summary The history of one record (who changed what, when), shown under a record view.
 * Renders nothing for users without the audit privilege.
 */
export class SecurityAuditHistoryElement extends LitElement {
  static override styles = css`
    :host { display: block; margin-top: var(--wb-space-6); }
    section { background: var(--wb-color-surface, #fff); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius, 6px); }
    h2 { margin: 0; padding: var(--wb-space-3) var(--wb-space-4); font-size: var(--wb-font-size-md, 15px); border-bottom: 1px solid var(--wb-color-border); }
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: var(--wb-space-2) var(--wb-space-4); border-bottom: 1px solid var(--wb-color-border); display: grid; grid-template-columns: 11rem 10rem 1fr; gap: var(--wb-space-3); }
    li:last-child { border-bottom: 0; }
    .muted { color: var(--wb-color-text-muted); }
    a { color: var(--wb-color-link, var(--wb-color-accent)); }
  `;

  @property() entity = '';
  @property({ attribute: 'record-id' }) recordId = '';
  @state() private items: AuditItem[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('entity') || changed.has('recordId')) && this.entity && this.recordId && session.can(P.auditRead)) {
      api<{ items: AuditItem[] }>(`/api/security/audit?entity=${encodeURIComponent(this.entity)}&recordId=${encodeURIComponent(this.recordId)}&limit=20`).then(
        (r) => (this.items = r.items),
        () => (this.items = []),
      );
    }
  }

  override render() {
    if (!session.can(P.auditRead) || !this.recordId) return nothing;
    return html`<section aria-labelledby="h">
      <h2 id="h">History</h2>
      <ol>
        ${this.items.length === 0 ? html`<li class="muted">No changes recorded.</li>` : nothing}
        ${this.items.map((i) => html`<li><span>${when(i.at)}</span><span>${who(i)} · ${i.action}</span><span class="muted">${describeChanges(i.changes) || '—'}</span></li>`)}
      </ol>
      <p style="padding: 0 var(--wb-space-4)"><a href="/security/audit?entity=${encodeURIComponent(this.entity)}">Full audit trail of ${this.entity}</a></p>
    </section>`;
  }
}

if (!customElements.get('security-audit-trail')) customElements.define('security-audit-trail', SecurityAuditTrailElement);
if (!customElements.get('security-audit-history')) customElements.define('security-audit-history', SecurityAuditHistoryElement);
