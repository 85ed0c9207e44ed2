import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../utils/events';
import { boxSizing } from '../../styles/shared.styles';
import { recordViewStyles } from './record-view.styles';

export interface RecordFieldOption {
  value: string;
  label: string;
}

/** One field of a record view. */
export interface RecordField {
  /** Key in `values`, and the `path` the server names in its field errors. */
  name: string;
  label: string;
  /**
   * `text`, `email`, `password`; `yesno` (a select with Yes/No, value boolean); `multi`
   * (checkboxes, value string[]); `matrix` (a grid of checkboxes, value string[] of
   * `<row>.<column>`); `static` (read-only text).
   */
  type: 'text' | 'email' | 'password' | 'number' | 'datetime' | 'yesno' | 'choice' | 'multi' | 'matrix' | 'static';
  help?: string;
  required?: boolean;
  /** Read-only even when the view is editable. */
  readonly?: boolean;
  autocomplete?: string;
  /** Choices of `multi` and `choice`; rows of `matrix`. */
  options?: RecordFieldOption[];
  /** Columns of `matrix`. */
  columns?: RecordFieldOption[];
  /** Spans both columns of the grid. */
  wide?: boolean;
  /** Text of a `static` field (default: the value as text). */
  format?: (value: unknown) => string;
}

/** A titled panel of fields. */
export interface RecordSection {
  title: string;
  /** Group the panel belongs to, shown before the title: "This Record › Portal User". */
  group?: string;
  fields: RecordField[];
}

export interface RecordSaveDetail {
  values: Record<string, unknown>;
  /** True for "Save & Close". */
  close: boolean;
}

export interface RecordFieldError {
  path: string;
  message: string;
  /** A workbench path shown as a link beside the error (e.g. the record that already uses a value). */
  link?: string;
  /** Text of `link` (default "open the existing record"). */
  linkLabel?: string;
}

/** An ISO instant as the value of a `datetime-local` input (browser time zone, minutes). */
function toLocalInput(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const idOf = (name: string): string => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/**
 * @summary A record's form: a title, a menu bar ("Save this record", "Save & Close",
 * "Cancel"), and sections as titled panels of fields rendered from a definition list, in a
 * two-column grid on wide screens. Labels sit above fields, help text under them, and the
 * server's field errors (`errors[].path`) beside the field they name.
 *
 * Props-driven: the page sets `values` and, after a failed save, `errors` and `message`.
 * `readonly` renders every field read-only and hides the save buttons.
 *
 * @event {CustomEvent<RecordSaveDetail>} wb-save - "Save this record" or "Save & Close" (the form is valid).
 * @event {CustomEvent<void>} wb-cancel - "Cancel" was pressed.
 * @event {CustomEvent<{ dirty: boolean }>} wb-dirty-change - The draft started or stopped differing from `values`.
 *
 * @slot actions - Extra record actions in the menu bar.
 * @slot message-action - A button inside the error banner (e.g. "Reload" after a conflict).
 * @slot - Content after the sections.
 *
 * @csspart menu-bar - The command bar.
 * @csspart section - Each section panel.
 *
 * @example
 * ```html
 * <wb-record-view heading="New Staff User" entity-label="Staff User" .sections=${sections} .values=${values} @wb-save=${save}></wb-record-view>
 * ```
 */
export class WbRecordViewElement extends LitElement {
  static override styles = [boxSizing, recordViewStyles];

  /** The title: "New Staff User" or the record's name. */
  @property() heading = '';

  /** The entity's display name, shown in section titles: "This Record › Staff User". */
  @property({ attribute: 'entity-label' }) entityLabel = '';

  @property({ attribute: false }) sections: RecordSection[] = [];

  @property({ attribute: false }) values: Record<string, unknown> = {};

  /** Field errors from the server (`error.fields`). */
  @property({ attribute: false }) errors: RecordFieldError[] = [];

  /** A message for the whole record (an error banner). */
  @property() message = '';

  /** A confirmation shown after a save ("Saved."). */
  @property() notice = '';

  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Disables the buttons while a save is under way. */
  @property({ type: Boolean, reflect: true }) busy = false;

  @state() private draft: Record<string, unknown> = {};
  @state() private hasActions = false;

  /** The current (edited) values. */
  get currentValues(): Record<string, unknown> {
    return { ...this.draft };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('values')) this.draft = { ...this.values };
  }

  /** True while the draft differs from `values` (unsaved changes). */
  get dirty(): boolean {
    const keys = new Set([...Object.keys(this.draft), ...Object.keys(this.values)]);
    for (const key of keys) if (JSON.stringify(this.draft[key] ?? null) !== JSON.stringify(this.values[key] ?? null)) return true;
    return false;
  }

  private wasDirty = false;

  protected override updated(): void {
    const dirty = this.dirty;
    if (dirty !== this.wasDirty) {
      this.wasDirty = dirty;
      emit(this, 'wb-dirty-change', { dirty });
    }
  }

  private set(name: string, value: unknown): void {
    this.draft = { ...this.draft, [name]: value };
  }

  private errorOf(name: string): RecordFieldError | undefined {
    return this.errors.find((e) => e.path === name || e.path.startsWith(`${name}.`));
  }

  private errorFor(name: string): string | undefined {
    return this.errorOf(name)?.message;
  }

  private save(close: boolean): void {
    const form = this.renderRoot.querySelector('form');
    if (form && !form.reportValidity()) return;
    emit<RecordSaveDetail>(this, 'wb-save', { values: this.currentValues, close });
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (!this.readonly) this.save(false);
  }

  override render(): TemplateResult {
    return html`<article class="record" aria-labelledby="title">
      <header class="head">
        ${this.entityLabel ? html`<p class="eyebrow">${this.entityLabel}</p>` : nothing}
        <h1 id="title">${this.heading}</h1>
      </header>
      <wb-menu-bar part="menu-bar" label="Record actions">
        ${this.readonly
          ? nothing
          : html`<wb-button variant="primary" icon="save" ?disabled=${this.busy} @click=${() => this.save(false)}>Save this record</wb-button>
              <wb-button variant="subtle" icon="check" ?disabled=${this.busy} @click=${() => this.save(true)}>Save &amp; Close</wb-button>`}
        <wb-button variant="subtle" icon="close" @click=${() => emit(this, 'wb-cancel', undefined)}>${this.readonly ? 'Close' : 'Cancel'}</wb-button>
        <hr class="wb-separator" ?hidden=${!this.hasActions} />
        <slot name="actions" @slotchange=${(e: Event) => (this.hasActions = (e.target as HTMLSlotElement).assignedElements().length > 0)}></slot>
        ${this.readonly ? html`<span slot="end" class="badge"><wb-icon name="lock"></wb-icon>Read-only</span>` : nothing}
      </wb-menu-bar>
      ${this.message
        ? html`<div class="banner error" role="alert"><wb-icon name="alert"></wb-icon><span>${this.message}</span><slot name="message-action"></slot></div>`
        : nothing}
      ${this.notice ? html`<div class="banner success" role="status"><wb-icon name="check-circle"></wb-icon><span>${this.notice}</span></div>` : nothing}
      <form novalidate @submit=${this.onSubmit}>
        ${this.sections.map(
          (section, i) => html`<section part="section" class="panel" aria-labelledby="s-${i}">
            <h2 id="s-${i}">${section.group
              ? html`<span class="muted">${section.group} ›</span> `
              : this.entityLabel && i === 0
                ? html`<span class="muted">This Record ›</span> `
                : nothing}${section.title}</h2>
            <div class="grid">${section.fields.map((field) => this.renderField(field))}</div>
          </section>`,
        )}
        <button type="submit" hidden tabindex="-1"></button>
      </form>
      <slot></slot>
    </article>`;
  }

  private renderField(field: RecordField): TemplateResult {
    const id = idOf(field.name);
    const error = this.errorFor(field.name);
    const readonly = this.readonly || field.readonly || field.type === 'static';
    const value = this.draft[field.name];
    const describedBy = [field.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    const help = field.help ? html`<p class="help" id="${id}-help">${field.help}</p>` : nothing;
    const err = error
      ? html`<p class="field-error" id="${id}-error"><wb-icon name="alert"></wb-icon><span>${/^[a-z]/.test(error) ? `${field.label} ${error}` : error}${this.errorOf(field.name)?.link
          ? html` — <a href=${this.errorOf(field.name)!.link!}>${this.errorOf(field.name)!.linkLabel ?? 'open the existing record'}</a>`
          : nothing}</span></p>`
      : nothing;
    const wide = field.wide || field.type === 'matrix' || field.type === 'multi';
    const cls = `field ${wide ? 'wide' : ''} ${error ? 'invalid' : ''}`;

    if (field.type === 'multi' || field.type === 'matrix') {
      const selected = new Set(Array.isArray(value) ? (value as string[]) : []);
      const toggle = (key: string, on: boolean): void => {
        const next = new Set(selected);
        if (on) next.add(key);
        else next.delete(key);
        this.set(field.name, [...next]);
      };
      const box = (key: string, label: string, visibleLabel: boolean) =>
        html`<label class="check ${visibleLabel ? '' : 'bare'}"
          ><input
            type="checkbox"
            .checked=${selected.has(key)}
            ?disabled=${readonly}
            aria-label=${visibleLabel ? nothing : label}
            @change=${(e: Event) => toggle(key, (e.target as HTMLInputElement).checked)}
          />${visibleLabel ? html`<span>${label}</span>` : nothing}</label
        >`;
      const body =
        field.type === 'multi'
          ? (field.options ?? []).length
            ? html`<div class="checks">${(field.options ?? []).map((o) => box(o.value, o.label, true))}</div>`
            : html`<p class="help">None available.</p>`
          : html`<table class="matrix">
              <thead>
                <tr>
                  <td></td>
                  ${(field.columns ?? []).map((c) => html`<th scope="col">${c.label}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${(field.options ?? []).map(
                  (row) => html`<tr>
                    <th scope="row">${row.label}</th>
                    ${(field.columns ?? []).map((c) => html`<td>${box(`${row.value}.${c.value}`, `${row.label}: ${c.label}`, false)}</td>`)}
                  </tr>`,
                )}
              </tbody>
            </table>`;
      return html`<fieldset class=${cls} aria-describedby=${describedBy}>
        <legend>${field.label}</legend>
        ${body} ${help} ${err}
      </fieldset>`;
    }

    let control: TemplateResult;
    if (readonly) {
      const shown = field.format
        ? field.format(value)
        : field.type === 'yesno'
          ? value ? 'Yes' : 'No'
          : field.type === 'choice' && value !== null && value !== undefined && value !== ''
            ? (field.options ?? []).find((o) => o.value === value)?.label ?? String(value)
          : field.type === 'password'
            ? '••••••••'
            : value === null || value === undefined || value === ''
              ? '—'
              : String(value);
      control = html`<output id=${id} class="static" aria-labelledby="${id}-label" aria-describedby=${describedBy}>${shown}</output>`;
    } else if (field.type === 'yesno') {
      control = html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${error ? 'true' : nothing} @change=${(e: Event) => this.set(field.name, (e.target as HTMLSelectElement).value === 'yes')}>
        <option value="yes" ?selected=${value === true}>Yes</option>
        <option value="no" ?selected=${value !== true}>No</option>
      </select>`;
    } else if (field.type === 'choice') {
      control = html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${error ? 'true' : nothing} ?required=${field.required} @change=${(e: Event) => this.set(field.name, (e.target as HTMLSelectElement).value || null)}>
        ${field.required ? nothing : html`<option value="" ?selected=${value === null || value === undefined || value === ''}>—</option>`}
        ${(field.options ?? []).map((o) => html`<option value=${o.value} ?selected=${value === o.value}>${o.label}</option>`)}
      </select>`;
    } else if (field.type === 'datetime') {
      // Shown in the browser's time zone; the value stays an ISO 8601 instant (as the API sends it).
      control = html`<input
        id=${id}
        type="datetime-local"
        .value=${toLocalInput(value)}
        ?required=${field.required}
        aria-describedby=${describedBy}
        aria-invalid=${error ? 'true' : nothing}
        @input=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value;
          const date = v ? new Date(v) : undefined;
          this.set(field.name, date && !Number.isNaN(date.getTime()) ? date.toISOString() : null);
        }}
      />`;
    } else if (field.type === 'number') {
      control = html`<input
        id=${id}
        type="number"
        .value=${value === undefined || value === null ? '' : String(value)}
        ?required=${field.required}
        aria-describedby=${describedBy}
        aria-invalid=${error ? 'true' : nothing}
        @input=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value;
          this.set(field.name, v === '' ? null : Number(v));
        }}
      />`;
    } else {
      control = html`<input
        id=${id}
        type=${field.type}
        .value=${value === undefined || value === null ? '' : String(value)}
        ?required=${field.required}
        autocomplete=${field.autocomplete ?? (field.type === 'password' ? 'new-password' : 'off')}
        aria-describedby=${describedBy}
        aria-invalid=${error ? 'true' : nothing}
        @input=${(e: Event) => this.set(field.name, (e.target as HTMLInputElement).value)}
      />`;
    }
    return html`<div class=${cls}>
      <label id="${id}-label" for=${id}>${field.label}${field.required && !readonly ? html`<span class="req" aria-hidden="true">*</span>` : nothing}</label>
      ${control} ${help} ${err}
    </div>`;
  }
}
