import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../utils/events';
import { boxSizing } from '../../styles/shared.styles';
import { recordListStyles } from './record-list.styles';

/** A column of a record list. */
export interface RecordListColumn<R = Record<string, unknown>> {
  /** Property of the row shown in the column (and sorted on). */
  key: string;
  label: string;
  /** Text shown for the value (default: the value as text; booleans as Yes/No). */
  format?: (value: unknown, row: R) => string;
  /** `false` makes the header not sortable. */
  sortable?: boolean;
  /** Column width, e.g. `20%` or `120px`. */
  width?: string;
}

export interface RecordOpenDetail<R = Record<string, unknown>> {
  row: R;
}

export interface RecordSearchDetail {
  query: string;
}

export interface RecordSortDetail {
  key: string;
  direction: 'asc' | 'desc';
}

export interface RecordSelectionDetail {
  /** Row keys (`row-key`) of the selected rows, in row order. */
  keys: string[];
}

const text = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
};

/**
 * @summary A dense, calm data table for one entity's records: a title, a toolbar of icon
 * buttons (Create, Refresh, Export), the "Narrow results by keyword" field, sortable headers,
 * focusable rows and a footer with the count.
 *
 * Props-driven: the page loads `rows` and sets `loading` / `error`; the list sorts the rows it
 * has (client side) and exports the visible rows as CSV itself. Enter or double-click on a row
 * opens it (`wb-open`).
 *
 * @event {CustomEvent<void>} wb-create - "Create a new record" was pressed (shown only with `can-create`).
 * @event {CustomEvent<void>} wb-refresh - "Refresh" was pressed.
 * @event {CustomEvent<RecordSearchDetail>} wb-search - The keyword changed (debounced 250 ms).
 * @event {CustomEvent<RecordOpenDetail>} wb-open - Enter or double-click on a row.
 * @event {CustomEvent<RecordSortDetail>} wb-sort - A header was clicked.
 * @event {CustomEvent<RecordSelectionDetail>} wb-selection-change - Row checkboxes changed (with `selectable`).
 * @event {CustomEvent<void>} wb-more - "Load more" in the footer was pressed (shown with `has-more`).
 *
 * Server-driven lists set `server-side`: the rows are shown as given (the page sorts and
 * searches on the server), the sort indicator follows `sort-key` / `sort-direction`, and the
 * footer shows `total` ("about N" unless `total-exact`) and "Load more" while `has-more`.
 *
 * @slot toolbar - Extra toolbar buttons after the standard ones.
 * @slot bulk - Actions on the selected rows (shown in the selection bar while rows are selected).
 *
 * @csspart header - The title and toolbar area.
 * @csspart table - The `<table>`.
 * @csspart footer - The count line.
 *
 * @example
 * ```html
 * <wb-record-list heading="Staff Users" can-create .columns=${cols} .rows=${rows} @wb-open=${open}></wb-record-list>
 * ```
 */
export class WbRecordListElement<R extends object = Record<string, unknown>> extends LitElement {
  static override styles = [boxSizing, recordListStyles];

  /** The list's title (an `<h1>`). */
  @property() heading = '';

  /** Singular noun for the footer count, e.g. "staff user" (plural: "s", or "y" → "ies"). */
  @property() noun = 'record';

  @property({ attribute: false }) columns: RecordListColumn<R>[] = [];

  @property({ attribute: false }) rows: R[] = [];

  /** Property that identifies a row (for keys). */
  @property({ attribute: 'row-key' }) rowKey = 'id';

  @property({ type: Boolean, reflect: true }) loading = false;

  /** An error message replaces the rows. */
  @property() error = '';

  /** Shows "Create a new record". */
  @property({ type: Boolean, attribute: 'can-create' }) canCreate = false;

  /** File name of the CSV export (without `.csv`). */
  @property({ attribute: 'export-name' }) exportName = 'export';

  /** Text of the empty state. */
  @property({ attribute: 'empty-text' }) emptyText = 'No records to show.';

  /** Rows arrive sorted and searched by the server (no client-side sort). */
  @property({ type: Boolean, attribute: 'server-side' }) serverSide = false;

  /** The sorted column (set by the page for server-side lists; updated on header clicks). */
  @property({ attribute: 'sort-key' }) sortKey = '';
  @property({ attribute: 'sort-direction' }) sortDirection: 'asc' | 'desc' = 'asc';

  /** The keyword in "Narrow results by keyword" (e.g. restored from the URL). */
  @property() keyword = '';

  /** Number of matching records on the server (server-side lists); -1 when unknown. */
  @property({ type: Number }) total = -1;

  /** `total` is exact; otherwise the footer says "about N". */
  @property({ type: Boolean, attribute: 'total-exact' }) totalExact = true;

  /** More rows exist on the server: shows "Load more". */
  @property({ type: Boolean, attribute: 'has-more' }) hasMore = false;

  /** Adds a checkbox column to select rows (for bulk actions). */
  @property({ type: Boolean }) selectable = false;

  /** Keys of the selected rows. */
  @property({ attribute: false }) selected: string[] = [];

  @state() private query = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('keyword')) this.query = this.keyword;
    if (changed.has('rows') && this.selected.length) {
      const keys = new Set(this.rows.map((r) => this.keyOf(r)));
      const kept = this.selected.filter((k) => keys.has(k));
      if (kept.length !== this.selected.length) this.setSelection(kept);
    }
  }

  private keyOf(row: R): string {
    return String((row as Record<string, unknown>)[this.rowKey]);
  }

  private setSelection(keys: string[]): void {
    this.selected = keys;
    emit<RecordSelectionDetail>(this, 'wb-selection-change', { keys });
  }

  private toggleRow(row: R, on: boolean): void {
    const key = this.keyOf(row);
    const set = new Set(this.selected);
    if (on) set.add(key);
    else set.delete(key);
    this.setSelection(this.rows.map((r) => this.keyOf(r)).filter((k) => set.has(k)));
  }

  private toggleAll(on: boolean): void {
    this.setSelection(on ? this.rows.map((r) => this.keyOf(r)) : []);
  }

  private searchTimer?: ReturnType<typeof setTimeout>;

  /** The rows as shown: sorted by the current column. */
  get visibleRows(): R[] {
    if (!this.sortKey || this.serverSide) return this.rows;
    const key = this.sortKey;
    const factor = this.sortDirection === 'asc' ? 1 : -1;
    return [...this.rows].sort((a, b) => {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * factor;
      return text(x).localeCompare(text(y), undefined, { numeric: true, sensitivity: 'base' }) * factor;
    });
  }

  private cell(column: RecordListColumn<R>, row: R): string {
    const value = (row as Record<string, unknown>)[column.key];
    return column.format ? column.format(value, row) : text(value);
  }

  /** The visible rows as CSV (header line first). */
  toCsv(): string {
    const quote = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const lines = [this.columns.map((c) => quote(c.label)).join(',')];
    for (const row of this.visibleRows) lines.push(this.columns.map((c) => quote(this.cell(c, row))).join(','));
    return lines.join('\r\n') + '\r\n';
  }

  private exportCsv(): void {
    const blob = new Blob([this.toCsv()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.exportName}.csv`;
    a.rel = 'external';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private onInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => emit<RecordSearchDetail>(this, 'wb-search', { query: this.query.trim() }), 250);
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.query) {
      event.stopPropagation();
      (event.target as HTMLInputElement).value = '';
      this.onInput(event);
    }
  }

  private sortBy(key: string): void {
    if (this.sortKey === key) this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = key;
      this.sortDirection = 'asc';
    }
    emit<RecordSortDetail>(this, 'wb-sort', { key, direction: this.sortDirection });
  }

  private open(row: R): void {
    emit<RecordOpenDetail<R>>(this, 'wb-open', { row });
  }

  private onRowKey(event: KeyboardEvent, row: R): void {
    const tr = event.currentTarget as HTMLTableRowElement;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.open(row);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  override render(): TemplateResult {
    const rows = this.visibleRows;
    const count = rows.length;
    return html`<section class="list" aria-labelledby="title">
      <header part="header" class="header">
        <h1 id="title">${this.heading}</h1>
        <div class="toolbar" role="toolbar" aria-label="${this.heading} actions">
          ${this.canCreate
            ? html`<wb-icon-button icon="plus" label="Create a new record" @click=${() => emit(this, 'wb-create', undefined)}></wb-icon-button>`
            : nothing}
          <wb-icon-button icon="refresh" label="Refresh" @click=${() => emit(this, 'wb-refresh', undefined)}></wb-icon-button>
          <wb-icon-button icon="download" label="Export" ?disabled=${!count} @click=${this.exportCsv}></wb-icon-button>
          <slot name="toolbar"></slot>
        </div>
        <div class="search">
          <wb-icon name="search"></wb-icon>
          <input
            type="search"
            aria-label="Narrow results by keyword"
            placeholder="Narrow results by keyword"
            .value=${this.query}
            @input=${this.onInput}
            @keydown=${this.onSearchKey}
          />
        </div>
      </header>
      <div class="table-wrap">
        <table part="table" aria-labelledby="title" aria-busy=${this.loading ? 'true' : 'false'}>
          <thead>
            <tr>
              ${this.selectable
                ? html`<td class="select"><input
                    type="checkbox"
                    aria-label="Select all rows"
                    .checked=${count > 0 && this.selected.length === count}
                    .indeterminate=${this.selected.length > 0 && this.selected.length < count}
                    ?disabled=${!count}
                    @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)}
                  /></td>`
                : nothing}
              ${this.columns.map((column) => {
                const sorted = this.sortKey === column.key;
                const aria = sorted ? (this.sortDirection === 'asc' ? 'ascending' : 'descending') : 'none';
                return html`<th scope="col" aria-sort=${column.sortable === false ? nothing : aria} style=${column.width ? `width:${column.width}` : ''}>
                  ${column.sortable === false
                    ? column.label
                    : html`<button type="button" class="sort ${sorted ? 'sorted' : ''}" @click=${() => this.sortBy(column.key)}>
                        <span>${column.label}</span>
                        <wb-icon name=${sorted && this.sortDirection === 'desc' ? 'chevron-down' : 'chevron-up'} aria-hidden="true"></wb-icon>
                      </button>`}
                </th>`;
              })}
            </tr>
          </thead>
          <tbody>
            ${this.error || (this.loading && !count) || !count
              ? nothing
              : rows.map(
                  (row) => html`<tr
                    tabindex="0"
                    class=${this.selected.includes(this.keyOf(row)) ? 'selected' : ''}
                    @dblclick=${(e: MouseEvent) => !(e.target as HTMLElement).closest('.select') && this.open(row)}
                    @keydown=${(e: KeyboardEvent) => (e.target as HTMLElement).closest?.('.select') ? undefined : this.onRowKey(e, row)}
                  >
                    ${this.selectable
                      ? html`<td class="select"><input
                          type="checkbox"
                          aria-label="Select ${this.cell(this.columns[0]!, row)}"
                          .checked=${this.selected.includes(this.keyOf(row))}
                          @change=${(e: Event) => this.toggleRow(row, (e.target as HTMLInputElement).checked)}
                        /></td>`
                      : nothing}
                    ${this.columns.map((column, i) =>
                      i === 0 ? html`<th scope="row">${this.cell(column, row)}</th>` : html`<td>${this.cell(column, row)}</td>`,
                    )}
                  </tr>`,
                )}
          </tbody>
        </table>
        ${this.renderState(count)}
      </div>
      ${this.selectable && this.selected.length
        ? html`<div class="selection" role="region" aria-label="Selected rows">
            <span><strong>${this.selected.length}</strong> selected</span>
            <slot name="bulk"></slot>
            <wb-button size="small" variant="subtle" @click=${() => this.toggleAll(false)}>Clear selection</wb-button>
          </div>`
        : nothing}
      <footer part="footer" class="footer">
        <span role="status">${this.loading ? 'Loading…' : this.countText(count)}</span>
        <span class="footer-end">
          ${count ? html`<span class="hint">Press Enter or double-click a row to open it</span>` : nothing}
          ${this.hasMore
            ? html`<wb-button size="small" icon="chevron-down" ?disabled=${this.loading} @click=${() => emit(this, 'wb-more', undefined)}>Load more</wb-button>`
            : nothing}
        </span>
      </footer>
    </section>`;
  }

  private plural(n: number): string {
    if (n === 1) return this.noun;
    return /[^aeiou]y$/.test(this.noun) ? `${this.noun.slice(0, -1)}ies` : `${this.noun}s`; // entry → entries
  }

  private countText(count: number): string {
    if (this.total < 0) return `${count} ${this.plural(count)}`;
    const total = `${this.totalExact ? '' : 'about '}${this.total.toLocaleString('en')}`;
    if (count >= this.total && this.totalExact) return `${total} ${this.plural(this.total)}`;
    return `Showing ${count.toLocaleString('en')} of ${total} ${this.plural(this.total)}`;
  }

  private renderState(count: number): TemplateResult | typeof nothing {
    if (this.error) {
      return html`<div class="state error" role="alert"><wb-icon name="alert"></wb-icon><span>${this.error}</span>
        <wb-button size="small" @click=${() => emit(this, 'wb-refresh', undefined)}>Try again</wb-button></div>`;
    }
    if (this.loading && !count) return html`<div class="state"><span class="spinner" aria-hidden="true"></span><span>Loading…</span></div>`;
    if (!count) return html`<div class="state"><wb-icon name="inbox"></wb-icon><span>${this.query ? `Nothing matches “${this.query}”.` : this.emptyText}</span></div>`;
    return nothing;
  }
}
