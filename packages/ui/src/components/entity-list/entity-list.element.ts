import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { boxSizing } from '../../styles/shared.styles';
import { ApiError, api, navigate } from '../../session';
import {
  actionAvailable,
  entityMetadata,
  formatFieldValue,
  rememberListUrl,
  type EntityAction,
  type EntityMetadata,
  type EntityRecord,
  type EntityRecordPage,
} from '../../entity';
import type { RecordListColumn, RecordOpenDetail, RecordSearchDetail, RecordSelectionDetail, RecordSortDetail } from '../record-list/record-list.element';

const PAGE_SIZE = 50;

const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'The server could not be reached. Check your connection and try again.';

const parseSort = (sort: string | undefined): { key: string; direction: 'asc' | 'desc' } | undefined =>
  sort && /^-?[A-Za-z][A-Za-z0-9]*$/.test(sort) ? { key: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' } : undefined;

/**
 * @summary The record list of any entity, built from its metadata (`GET /api/entities/:entity`):
 * a `wb-record-list` with server-side keyword search, server-side sort by the sortable
 * columns, keyset paging ("Load more", with the total or "about N"), row selection for the
 * plugin's bulk actions, and "Create a new record" when the user may create.
 *
 * The keyword and sort live in the URL (`?q=…&sort=-field`), so reload and back restore them.
 * Opening a row goes to `base-path/<id>`, Create to `base-path/new`.
 *
 * @example
 * ```html
 * <wb-entity-list entity="tc_portaluser" base-path="/security/portal-users" .query=${query} .actions=${actions}></wb-entity-list>
 * ```
 */
export class WbEntityListElement extends LitElement {
  static override styles = [
    boxSizing,
    css`
      :host {
        display: block;
      }
      .notice {
        display: flex;
        align-items: center;
        gap: var(--wb-space-2);
        margin-bottom: var(--wb-space-3);
        padding: var(--wb-space-2) var(--wb-space-3);
        border-radius: var(--wb-radius-md);
        border: 1px solid #bfe0c8;
        background: var(--wb-color-success-subtle);
        color: var(--wb-color-success);
      }
      .notice.error {
        border-color: #f3c2c4;
        background: var(--wb-color-danger-subtle);
        color: var(--wb-color-danger);
      }
      .notice wb-icon-button {
        margin-left: auto;
      }
    `,
  ];

  /** Logical name of the entity, e.g. `tc_portaluser`. */
  @property() entity = '';

  /** Workbench path of the list; records open at `<base-path>/<id>`. */
  @property({ attribute: 'base-path' }) basePath = '';

  /** The URL query of the page (the shell's `query`): `q` and `sort`. */
  @property({ attribute: false }) query: Record<string, string> = {};

  /** Record actions offered on selected rows. */
  @property({ attribute: false }) actions: EntityAction[] = [];

  /** Noun for the footer count (default: the entity's display name, lower case). */
  @property() noun = '';

  @state() private meta?: EntityMetadata;
  @state() private rows: EntityRecord[] = [];
  @state() private total = -1;
  @state() private totalExact = true;
  @state() private nextCursor: string | null = null;
  @state() private loading = true;
  @state() private error = '';
  @state() private keyword = '';
  @state() private sort = '';
  @state() private selected: string[] = [];
  @state() private notice = '';
  @state() private noticeError = false;
  @state() private running = false;

  private requestToken = 0;
  private started = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query') || changed.has('entity')) {
      const q = this.query.q ?? '';
      const sort = this.query.sort ?? '';
      if (!this.started || changed.has('entity') || q !== this.keyword || sort !== this.sort) {
        this.started = true;
        this.keyword = q;
        this.sort = sort;
        void this.load();
      }
    }
  }

  /** The current list URL (path + `q` + `sort`). */
  private listUrl(): string {
    const params = new URLSearchParams();
    if (this.keyword) params.set('q', this.keyword);
    if (this.sort) params.set('sort', this.sort);
    const search = params.toString();
    return `${this.basePath || location.pathname}${search ? `?${search}` : ''}`;
  }

  /** Writes `q` and `sort` to the address bar (replacing the entry: typing is not history). */
  private syncUrl(): void {
    const url = this.listUrl();
    if (this.basePath) rememberListUrl(this.basePath, url);
    if (location.pathname === (this.basePath || location.pathname) && location.pathname + location.search !== url) {
      history.replaceState(history.state, '', url);
    }
  }

  private recordsUrl(after?: string): string {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (this.keyword) params.set('q', this.keyword);
    const sort = parseSort(this.sort) ?? (this.meta ? { key: this.meta.defaultSort.field, direction: this.meta.defaultSort.direction } : undefined);
    if (sort) params.set('sort', `${sort.direction === 'desc' ? '-' : ''}${sort.key}`);
    if (after) params.set('after', after);
    return `/api/entities/${encodeURIComponent(this.entity)}/records?${params}`;
  }

  /** Reloads the first page. */
  async load(): Promise<void> {
    if (!this.entity) return;
    const token = ++this.requestToken;
    this.loading = true;
    this.error = '';
    this.syncUrl();
    try {
      this.meta ??= await entityMetadata(this.entity);
      const page = await api<EntityRecordPage>(this.recordsUrl());
      if (token !== this.requestToken) return;
      this.rows = page.items;
      this.total = page.total;
      this.totalExact = page.totalExact;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (token !== this.requestToken) return;
      this.error = messageOf(error);
      this.rows = [];
    } finally {
      if (token === this.requestToken) this.loading = false;
    }
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const token = ++this.requestToken;
    this.loading = true;
    try {
      const page = await api<EntityRecordPage>(this.recordsUrl(this.nextCursor));
      if (token !== this.requestToken) return;
      const seen = new Set(this.rows.map((r) => r.id));
      this.rows = [...this.rows, ...page.items.filter((r) => !seen.has(r.id))];
      this.total = page.total;
      this.totalExact = page.totalExact;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (token === this.requestToken) this.error = messageOf(error);
    } finally {
      if (token === this.requestToken) this.loading = false;
    }
  }

  private columns(): RecordListColumn<EntityRecord>[] {
    const meta = this.meta;
    if (!meta) return [];
    return meta.listColumns.flatMap((name) => {
      const field = meta.fields.find((f) => f.name === name);
      if (!field) return [];
      return [{ key: name, label: field.label, sortable: Boolean(field.sortable), format: (value: unknown) => formatFieldValue(field, value) }];
    });
  }

  private onSearch(event: CustomEvent<RecordSearchDetail>): void {
    if (event.detail.query === this.keyword) return;
    this.keyword = event.detail.query;
    void this.load();
  }

  private onSort(event: CustomEvent<RecordSortDetail>): void {
    this.sort = `${event.detail.direction === 'desc' ? '-' : ''}${event.detail.key}`;
    void this.load();
  }

  private async runAction(action: EntityAction): Promise<void> {
    const records = this.rows.filter((r) => this.selected.includes(r.id));
    if (!records.length) return;
    if (action.confirm && !confirm(action.confirm(records))) return;
    this.running = true;
    this.notice = '';
    try {
      this.notice = (await action.run(records)) || `${action.label}: done for ${records.length} ${records.length === 1 ? 'record' : 'records'}.`;
      this.noticeError = false;
      this.selected = [];
      await this.load();
    } catch (error) {
      this.notice = messageOf(error);
      this.noticeError = true;
    } finally {
      this.running = false;
    }
  }

  override render(): TemplateResult {
    const meta = this.meta;
    const can = meta?.can ?? { read: false, write: false, create: false, delete: false };
    const bulk = this.actions.filter((a) => a.bulk !== false && actionAvailable(a, can));
    const parsed = parseSort(this.sort) ?? (meta ? { key: meta.defaultSort.field, direction: meta.defaultSort.direction } : undefined);
    const noun = this.noun || (meta?.displayName.toLowerCase() ?? 'record');
    return html`${this.notice
        ? html`<div class="notice ${this.noticeError ? 'error' : ''}" role=${this.noticeError ? 'alert' : 'status'}>
            <wb-icon name=${this.noticeError ? 'alert' : 'check-circle'}></wb-icon><span>${this.notice}</span>
            <wb-icon-button icon="close" label="Dismiss" @click=${() => (this.notice = '')}></wb-icon-button>
          </div>`
        : nothing}
      <wb-record-list
        heading=${meta?.listName ?? ''}
        noun=${noun}
        export-name=${(meta?.pluralName ?? this.entity).toLowerCase().replace(/\s+/g, '-')}
        empty-text=${meta ? `No ${meta.pluralName.toLowerCase()} yet.` : 'No records to show.'}
        server-side
        .columns=${this.columns()}
        .rows=${this.rows}
        .keyword=${this.keyword}
        sort-key=${parsed?.key ?? ''}
        sort-direction=${parsed?.direction ?? 'asc'}
        .total=${this.total}
        ?total-exact=${this.totalExact}
        ?has-more=${Boolean(this.nextCursor)}
        ?selectable=${bulk.length > 0}
        .selected=${this.selected}
        ?loading=${this.loading || !meta}
        error=${this.error}
        ?can-create=${can.create}
        @wb-create=${() => navigate(`${this.basePath}/new`)}
        @wb-refresh=${() => void this.load()}
        @wb-search=${this.onSearch}
        @wb-sort=${this.onSort}
        @wb-more=${() => void this.loadMore()}
        @wb-selection-change=${(e: CustomEvent<RecordSelectionDetail>) => (this.selected = e.detail.keys)}
        @wb-open=${(e: CustomEvent<RecordOpenDetail<EntityRecord>>) => navigate(`${this.basePath}/${encodeURIComponent(e.detail.row.id)}`)}
      >
        ${bulk.map(
          (action) => html`<wb-button slot="bulk" size="small" icon=${action.icon ?? nothing} ?disabled=${this.running} @click=${() => void this.runAction(action)}
            >${action.label}</wb-button
          >`,
        )}
      </wb-record-list>`;
  }
}
