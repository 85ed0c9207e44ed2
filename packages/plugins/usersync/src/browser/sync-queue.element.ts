import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/record-list/record-list.define';
import '@portico/ui/components/button/button.define';
import type { RecordListColumn, RecordOpenDetail, RecordSearchDetail, RecordSelectionDetail } from '@portico/ui';
import { ApiError, api, session } from '@portico/ui/session';
import { SYNC_STATE_LABELS, UserSyncPrivileges as P, type SyncQueueRow } from '../common/index';
import { syncQueueStyles } from './sync-queue.styles';

const when = (v: unknown): string => (v ? new Date(String(v)).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '');
const FILTERS: Array<{ state: number | undefined; label: string }> = [
  { state: undefined, label: 'All' }, { state: 1, label: 'Pending' }, { state: 2, label: 'Delete pending' },
  { state: 3, label: 'Failed' }, { state: 4, label: 'Delete failed' }, { state: 0, label: 'Synced' },
];

/**
 * @summary `/security/sync-queue`: the rows of TheUserSync by SyncState — filter by state (with
 * counts), keyword on e-mail or user name, each row's error, and Retry (3 → 1, 4 → 2) for the
 * opened row or the selected rows. Needs `entity.usersync_row.read`; retry `…write`.
 */
export class UserSyncQueueElement extends LitElement {
  static override styles = syncQueueStyles;

  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private rows: SyncQueueRow[] = [];
  @state() private counts: Record<number, number> = {};
  @state() private filter: number | undefined = 3;
  @state() private keyword = '';
  @state() private loading = true;
  @state() private error = '';
  @state() private selected: string[] = [];
  @state() private opened?: SyncQueueRow;
  @state() private notice = '';

  private readonly columns: RecordListColumn<SyncQueueRow>[] = [
    { key: 'id', label: 'Row', width: '6rem' },
    { key: 'email', label: 'E-mail address', width: '22%' },
    { key: 'userName', label: 'User name' },
    { key: 'queryNo', label: 'Search', format: (v, r) => [v != null ? `QueryNo ${v}` : '', r.ctgryNo != null ? `Upload ${r.ctgryNo}` : ''].filter(Boolean).join(', ') },
    { key: 'syncState', label: 'State', format: (v) => `${SYNC_STATE_LABELS[Number(v)] ?? v} (${v})` },
    { key: 'error', label: 'Error', width: '28%' },
    { key: 'processedAt', label: 'Processed', format: (v) => (v ? new Date(String(v)).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '') },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.query.state !== undefined) this.filter = this.query.state === '' ? undefined : Number(this.query.state);
    void this.load();
  }

  private loadSeq = 0;

  private async load(): Promise<void> {
    const seq = ++this.loadSeq; // a slower, older answer must not overwrite a newer filter's rows
    this.loading = true;
    this.error = '';
    try {
      const q = new URLSearchParams({ limit: '500' });
      if (this.filter !== undefined) q.set('state', String(this.filter));
      if (this.keyword) q.set('q', this.keyword);
      const body = await api<{ items: SyncQueueRow[]; counts: Record<number, number> }>(`/api/usersync/rows?${q}`);
      if (seq !== this.loadSeq) return;
      this.rows = body.items;
      this.counts = body.counts;
      if (this.opened) this.opened = this.rows.find((r) => r.id === this.opened!.id);
    } catch (error) {
      if (seq === this.loadSeq) this.error = error instanceof ApiError ? error.message : 'The server could not be reached.';
    } finally {
      if (seq === this.loadSeq) this.loading = false;
    }
  }

  private async retry(ids: number[]): Promise<void> {
    const failed = ids.filter((id) => [3, 4].includes(this.rows.find((r) => r.id === id)?.syncState ?? -1));
    if (!failed.length) return void (this.notice = 'Only failed rows (state 3 or 4) can be retried.');
    try {
      const { retried } = await api<{ retried: number[] }>('/api/usersync/rows/retry', { method: 'POST', body: { ids: failed } });
      this.notice = `${retried.length} row${retried.length === 1 ? '' : 's'} sent back to processing.`;
      this.selected = [];
      await this.load();
    } catch (error) {
      this.notice = error instanceof ApiError ? error.message : 'The server could not be reached.';
    }
  }

  private setFilter(value: number | undefined): void {
    this.filter = value;
    this.selected = [];
    this.opened = undefined;
    void this.load();
  }

  private renderFilters(): TemplateResult {
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    return html`<div class="filters" role="group" aria-label="Filter by SyncState">
      ${FILTERS.map((f) => {
        const n = f.state === undefined ? total : this.counts[f.state] ?? 0;
        const tone = n === 0 ? 'neutral' : f.state === 3 || f.state === 4 ? 'danger' : f.state === 1 || f.state === 2 ? 'warning' : 'neutral';
        return html`<button class="chip" data-tone=${tone} aria-pressed=${String(this.filter === f.state)} @click=${() => this.setFilter(f.state)}>
          ${f.label}<span class="count">${n.toLocaleString()}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderDetail(r: SyncQueueRow): TemplateResult {
    const canRetry = session.can(P.write) && (r.syncState === 3 || r.syncState === 4);
    return html`<section class="detail" aria-labelledby="detail-heading">
      <h2 id="detail-heading">Row ${r.id} · ${r.email}</h2>
      <dl>
        <div><dt>State</dt><dd>${SYNC_STATE_LABELS[r.syncState]} (${r.syncState})</dd></div>
        <div><dt>User name</dt><dd>${r.userName ?? '—'}</dd></div>
        <div><dt>Search</dt><dd>${r.queryNo ?? '—'}</dd></div>
        <div><dt>Upload category</dt><dd>${r.ctgryNo ?? '—'}</dd></div>
        <div><dt>UserType</dt><dd>${r.userType}</dd></div>
        <div><dt>Password</dt><dd>${r.hasPassword ? 'Set (hashed)' : 'None'}</dd></div>
        <div><dt>Written</dt><dd>${when(r.createdAt)}</dd></div>
        <div><dt>Processed</dt><dd>${when(r.processedAt) || 'Not yet'}</dd></div>
      </dl>
      ${r.error ? html`<p class="error" role="note"><strong>Error:</strong> ${r.error}</p>` : nothing}
      <div class="actions">
        ${canRetry ? html`<wb-button variant="primary" icon="refresh" @click=${() => void this.retry([r.id])}>Retry this row</wb-button>` : nothing}
        <wb-button @click=${() => (this.opened = undefined)}>Close</wb-button>
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    const canRetry = session.can(P.write);
    return html`
      <p class="intro">Rows other systems write into <code>TheUserSync</code> (and SavePortalUser, CSV imports). Failed rows keep their reason; retry sends them back to processing.</p>
      ${this.renderFilters()}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.opened ? this.renderDetail(this.opened) : nothing}
      <wb-record-list
        heading="Sync Queue"
        noun="row"
        export-name="sync-queue"
        empty-text=${this.filter === 3 || this.filter === 4 ? 'No failed rows. Everything was processed.' : 'No rows in this state.'}
        .columns=${this.columns}
        .rows=${this.rows}
        ?loading=${this.loading}
        error=${this.error}
        ?selectable=${canRetry}
        .selected=${this.selected}
        server-side
        keyword=${this.keyword}
        @wb-search=${(e: CustomEvent<RecordSearchDetail>) => { this.keyword = e.detail.query; void this.load(); }}
        @wb-selection-change=${(e: CustomEvent<RecordSelectionDetail>) => (this.selected = e.detail.keys)}
        @wb-open=${(e: CustomEvent<RecordOpenDetail<SyncQueueRow>>) => (this.opened = e.detail.row)}
        @wb-refresh=${() => void this.load()}
      >
        <wb-button slot="bulk" variant="primary" icon="refresh" @click=${() => void this.retry(this.selected.map(Number))}>Retry selected</wb-button>
      </wb-record-list>
    `;
  }
}
