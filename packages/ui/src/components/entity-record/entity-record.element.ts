import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { boxSizing } from '../../styles/shared.styles';
import { ApiError, api, navigate, session } from '../../session';
import { RECORD_TABS, extensions, type RecordTabElement, type RecordTabExtension } from '../../extensions';
import {
  actionAvailable,
  entityMetadata,
  formatFieldValue,
  listUrlFor,
  lookupOptions,
  setFlash,
  takeFlash,
  type EntityAction,
  type EntityFieldMetadata,
  type EntityMetadata,
  type EntityRecord,
} from '../../entity';
import type { RecordField, RecordFieldError, RecordSaveDetail, RecordSection, WbRecordViewElement } from '../record-view/record-view.element';

const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'The server could not be reached. Check your connection and try again.';

const CONFLICT = 'Someone else changed this record after you opened it. Reload it to see their changes, then make yours again.';
const LEAVE = 'You have unsaved changes. Leave this record and discard them?';

type Option = { value: string; label: string };

function toRecordField(field: EntityFieldMetadata, isNew: boolean, lookups: Record<string, Option[]> = {}, value?: unknown): RecordField {
  const base = {
    name: field.name,
    label: field.label,
    ...(field.help ? { help: field.help } : {}),
    ...(field.required ? { required: true } : {}),
  };
  const options = field.type === 'lookup' ? lookups[field.name] : undefined;
  if (field.readOnly) {
    const label = (v: unknown) => options?.find((o) => o.value === v)?.label;
    return { ...base, type: 'static', format: (v) => label(v) ?? (formatFieldValue(field, v) || '—') };
  }
  if (options) {
    // A lookup: a choice of the target's records (plus the current one if it is beyond the first page).
    const current = typeof value === 'string' && value && !options.some((o) => o.value === value) ? [{ value, label: value }] : [];
    const placeholder = field.required ? [{ value: '', label: `Choose ${field.label.toLowerCase()}…` }] : [];
    return { ...base, type: 'choice', options: [...placeholder, ...current, ...options] };
  }
  switch (field.type) {
    case 'email':
      return { ...base, type: 'email', autocomplete: 'off' };
    case 'yesno':
      return { ...base, type: 'yesno' };
    case 'number':
      return { ...base, type: 'number' };
    case 'datetime':
      return { ...base, type: 'datetime', format: (v) => formatFieldValue(field, v) || '—' };
    case 'choice':
      return { ...base, type: 'choice', options: field.choices ?? [] };
    default:
      return { ...base, type: 'text', autocomplete: 'off' };
  }
}

/**
 * @summary The record view of any entity, built from its metadata: a `wb-record-view` whose
 * sections are the entity's sections ("This Record › Portal User"), titled "New Portal User"
 * for a new record and the primary field's value otherwise. "Save this record", Save & Close
 * and Cancel; read-only without the write (or create) privilege; server field errors beside
 * their field (with a link when the error names another record); a stale version (409) shows a
 * message with Reload; leaving with unsaved changes asks first. Plugin record actions appear
 * in the menu bar.
 *
 * @example
 * ```html
 * <wb-entity-record entity="tc_portaluser" base-path="/security/portal-users" record-id=${id} .actions=${actions}></wb-entity-record>
 * ```
 */
export class WbEntityRecordElement extends LitElement {
  static override styles = [
    boxSizing,
    css`
      :host {
        display: block;
      }
      .related {
        margin-top: var(--wb-space-6);
        background: var(--wb-color-surface, #fff);
        border: 1px solid var(--wb-color-border);
        border-radius: var(--wb-radius, 6px);
      }
      [role='tablist'] {
        display: flex;
        gap: var(--wb-space-1);
        padding: 0 var(--wb-space-4);
        border-bottom: 1px solid var(--wb-color-border);
      }
      [role='tab'] {
        font: inherit;
        color: var(--wb-color-text-muted);
        background: none;
        border: 0;
        border-bottom: 2px solid transparent;
        padding: var(--wb-space-3) var(--wb-space-3);
        cursor: pointer;
      }
      [role='tab'][aria-selected='true'] {
        color: var(--wb-color-text);
        border-bottom-color: var(--wb-color-accent);
        font-weight: 600;
      }
      [role='tab']:focus-visible {
        outline: 2px solid var(--wb-color-focus);
        outline-offset: -2px;
      }
      [role='tabpanel'] {
        padding: var(--wb-space-4);
      }
    `,
  ];

  @property() entity = '';

  /** Workbench path of the list; this record lives at `<base-path>/<id>`. */
  @property({ attribute: 'base-path' }) basePath = '';

  /** The record's id; empty for a new record. */
  @property({ attribute: 'record-id' }) recordId = '';

  /** Record actions shown in the menu bar (existing records only). */
  @property({ attribute: false }) actions: EntityAction[] = [];

  @state() private meta?: EntityMetadata;
  @state() private record?: EntityRecord;
  @state() private values: Record<string, unknown> = {};
  @state() private errors: RecordFieldError[] = [];
  @state() private message = '';
  @state() private notice = '';
  @state() private conflict = false;
  @state() private busy = false;
  @state() private loaded = false;
  /** Tabs other plugins add to this entity's record view (RECORD_TABS), and the one shown. */
  @state() private activeTab = '';
  @state() private tabElement?: RecordTabElement;
  /** The tab whose element is shown or being made. */
  private tabShown = '';
  /** Choices of the entity's `lookup` fields, by field name (absent: offered as plain text). */
  @state() private lookups: Record<string, Option[]> = {};

  @query('wb-record-view') private view?: WbRecordViewElement;

  private dirty = false;

  private get isNew(): boolean {
    return !this.recordId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('click', this.onDocumentClick, true);
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('click', this.onDocumentClick, true);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  /** Links clicked anywhere (navigation drawer, launcher, error links) ask before discarding edits. */
  private readonly onDocumentClick = (event: MouseEvent): void => {
    if (!this.dirty || event.button !== 0) return;
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && Boolean(n.href));
    if (!anchor) return;
    const target = new URL(anchor.href, location.href);
    if (target.pathname === location.pathname && target.search === location.search) return;
    if (!confirm(LEAVE)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else this.dirty = false;
  };

  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.dirty) return;
    event.preventDefault();
    event.returnValue = '';
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recordId') || changed.has('entity')) void this.load();
  }

  /** Loads (or reloads) the metadata and the record. */
  async load(): Promise<void> {
    if (!this.entity) return;
    this.loaded = false;
    this.message = '';
    this.conflict = false;
    this.errors = [];
    this.notice = takeFlash(location.pathname);
    try {
      this.meta ??= await entityMetadata(this.entity);
      await this.loadLookups(this.meta);
      this.record = this.isNew ? undefined : await api<EntityRecord>(`/api/entities/${encodeURIComponent(this.entity)}/records/${encodeURIComponent(this.recordId)}`);
      this.values = this.toValues(this.record);
      this.dirty = false;
    } catch (error) {
      this.message = messageOf(error);
    } finally {
      this.loaded = true;
    }
  }

  /** Loads the choices of lookup fields once; a target the user may not read stays a text field. */
  private async loadLookups(meta: EntityMetadata): Promise<void> {
    const missing = meta.fields.filter((f) => f.type === 'lookup' && f.lookup && !(f.name in this.lookups));
    if (!missing.length) return;
    const loaded = await Promise.all(missing.map(async (f) => [f.name, await lookupOptions(f.lookup!.entity).catch(() => undefined)] as const));
    const next = { ...this.lookups };
    for (const [name, options] of loaded) if (options) next[name] = options;
    this.lookups = next;
  }

  private toValues(record: EntityRecord | undefined): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const field of this.meta?.fields ?? []) {
      if (record) values[field.name] = record[field.name] ?? (field.type === 'yesno' ? false : null);
      else if (!field.readOnly) values[field.name] = field.defaultValue ?? (field.type === 'yesno' ? false : '');
    }
    return values;
  }

  /** The writable fields of the draft: on create, empty ones are left out (the server applies defaults). */
  private toBody(values: Record<string, unknown>): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const field of this.meta?.fields ?? []) {
      if (field.readOnly || !(field.name in values)) continue;
      const value = typeof values[field.name] === 'string' ? (values[field.name] as string).trim() : values[field.name];
      if (this.isNew) {
        if (value !== '' && value !== null && value !== undefined) body[field.name] = value;
      } else if (JSON.stringify(value ?? null) !== JSON.stringify(this.record?.[field.name] ?? null) && !(value === '' && this.record?.[field.name] == null)) {
        body[field.name] = value === '' ? null : value;
      }
    }
    return body;
  }

  private sections(): RecordSection[] {
    const meta = this.meta;
    if (!meta) return [];
    const byName = new Map(meta.fields.map((f) => [f.name, f]));
    return meta.sections
      .map((section) => ({
        title: section.label,
        group: section.group,
        fields: section.fields
          .map((name) => byName.get(name))
          .filter((f): f is EntityFieldMetadata => Boolean(f) && !(this.isNew && f!.readOnly))
          .map((f) => toRecordField(f, this.isNew, this.lookups, this.values[f.name])),
      }))
      .filter((s) => s.fields.length > 0);
  }

  private get canSave(): boolean {
    const can = this.meta?.can;
    return Boolean(can && (this.isNew ? can.create : can.write));
  }

  private leave(url: string): void {
    if (this.dirty && !confirm(LEAVE)) return;
    this.dirty = false;
    navigate(url);
  }

  private async onSave(event: CustomEvent<RecordSaveDetail>): Promise<void> {
    const meta = this.meta;
    if (!meta) return;
    this.busy = true;
    this.message = '';
    this.notice = '';
    this.conflict = false;
    this.errors = [];
    const base = `/api/entities/${encodeURIComponent(this.entity)}/records`;
    try {
      const body = this.toBody(event.detail.values);
      const saved = this.record
        ? await api<EntityRecord>(`${base}/${encodeURIComponent(this.record.id)}`, { method: 'PATCH', body: { ...body, version: this.record.version } })
        : await api<EntityRecord>(base, { method: 'POST', body });
      this.dirty = false;
      if (event.detail.close) {
        navigate(listUrlFor(this.basePath));
        return;
      }
      if (this.isNew) {
        setFlash(`${this.basePath}/${saved.id}`, 'Saved.');
        navigate(`${this.basePath}/${encodeURIComponent(saved.id)}`, { replace: true });
        return;
      }
      this.record = saved;
      this.values = this.toValues(saved);
      this.notice = 'Saved.';
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        this.conflict = true;
        this.message = CONFLICT;
      } else {
        const fields = error instanceof ApiError ? error.fields : [];
        const known = new Set(meta.fields.map((f) => f.name));
        this.errors = fields;
        const elsewhere = fields.filter((f) => !known.has(f.path.split('.')[0] ?? ''));
        this.message = fields.length
          ? elsewhere.length
            ? `The record was not saved: ${elsewhere.map((f) => `${f.path} ${f.message}`).join('; ')}.`
            : 'The record was not saved. Correct the fields marked below and save again.'
          : messageOf(error);
      }
    } finally {
      this.busy = false;
    }
  }

  private async runAction(action: EntityAction): Promise<void> {
    const record = this.record;
    if (!record) return;
    if (action.confirm && !confirm(action.confirm([record]))) return;
    this.busy = true;
    this.message = '';
    this.notice = '';
    try {
      const notice = (await action.run([record])) || `${action.label}: done.`;
      // The action may have changed the record (and its version): show the current state.
      const fresh = await api<EntityRecord>(`/api/entities/${encodeURIComponent(this.entity)}/records/${encodeURIComponent(record.id)}`);
      if (!this.dirty) {
        this.record = fresh;
        this.values = this.toValues(fresh);
      } else this.record = { ...record, version: fresh.version };
      this.notice = notice;
    } catch (error) {
      this.message = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const meta = this.meta;
    const title = !meta
      ? this.loaded
        ? 'Record'
        : 'Loading…'
      : this.isNew
        ? `New ${meta.displayName}`
        : String(this.record?.[meta.primaryField] ?? (this.loaded ? meta.displayName : 'Loading…'));
    const actions = !this.isNew && this.record && meta ? this.actions.filter((a) => a.record !== false && actionAvailable(a, meta.can)) : [];
    return html`${this.renderRecordView(title, actions)}${this.renderTabs()}`;
  }

  private contributedTabs(): RecordTabExtension[] {
    if (this.isNew || !this.record) return [];
    return extensions<RecordTabExtension>(RECORD_TABS).filter((t) => t.entity === this.entity && (!t.privilege || session.can(t.privilege)));
  }

  private async showTab(tab: RecordTabExtension): Promise<void> {
    // A click on the tab already shown, or still loading (the first tab opens by itself), keeps
    // its element and what the user typed in it; a second element would replace the first.
    if (this.activeTab === tab.id && this.tabShown === tab.id) return;
    this.activeTab = tab.id;
    this.tabShown = tab.id;
    await tab.load();
    if (this.activeTab !== tab.id) return;
    const element = document.createElement(tab.tag) as RecordTabElement;
    element.record = this.record!;
    element.entity = this.entity;
    this.tabElement = element;
  }

  private renderTabs(): TemplateResult | typeof nothing {
    const tabs = this.contributedTabs();
    if (!tabs.length) return nothing;
    if (!tabs.some((t) => t.id === this.activeTab)) void this.showTab(tabs[0]!);
    if (this.tabElement && this.tabElement.record !== this.record) this.tabElement.record = this.record!; // after a save
    return html`<section class="related" aria-label="Related">
      <div role="tablist" aria-label="Related to this record">
        ${tabs.map(
          (t) => html`<button role="tab" id=${`tab-${t.id}`} aria-selected=${String(t.id === this.activeTab)} aria-controls="tab-panel"
            @click=${() => void this.showTab(t)}>${t.label}</button>`,
        )}
      </div>
      <div role="tabpanel" id="tab-panel" aria-labelledby=${`tab-${this.activeTab}`}>${this.tabElement ?? html`<p>Loading…</p>`}</div>
    </section>`;
  }

  private renderRecordView(title: string, actions: EntityAction[]): TemplateResult {
    return html`<wb-record-view
      heading=${title}
      entity-label=${this.meta?.displayName ?? ''}
      .sections=${this.loaded ? this.sections() : []}
      .values=${this.values}
      .errors=${this.errors}
      message=${this.message}
      notice=${this.notice}
      ?readonly=${!this.canSave || (!this.isNew && !this.record)}
      ?busy=${this.busy}
      @wb-save=${this.onSave}
      @wb-cancel=${() => this.leave(listUrlFor(this.basePath))}
      @wb-dirty-change=${(e: CustomEvent<{ dirty: boolean }>) => (this.dirty = e.detail.dirty)}
    >
      ${actions.map(
        (action) => html`<wb-button slot="actions" variant="subtle" icon=${action.icon ?? nothing} ?disabled=${this.busy} @click=${() => void this.runAction(action)}
          >${action.label}</wb-button
        >`,
      )}
      ${this.conflict
        ? html`<wb-button slot="message-action" size="small" icon="refresh" @click=${() => void this.load()}>Reload</wb-button>`
        : nothing}
    </wb-record-view>`;
  }

  /** True while the form has unsaved changes. */
  get hasUnsavedChanges(): boolean {
    return this.view?.dirty ?? this.dirty;
  }
}
