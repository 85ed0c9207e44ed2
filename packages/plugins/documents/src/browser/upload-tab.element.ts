import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { EntityRecord } from '@portico/ui/entity';
import { api } from '@portico/ui/session';
import { DocumentsPrivileges as P } from '../common/index';
import { BASE, categories, fieldErrorsOf, messageOf, session, type Category, type UploadPermission, type UploadValue } from './documents-api';
import { documentsStyles } from './documents.styles';

/**
 * @summary The "Upload" tab of the Portal User record view (contributed through RECORD_TABS): the
 * categories the portal user may upload documents into, and per field of each a pre-filled
 * value with its mode — **Write** (a default the user may change) or **Read-only** (always
 * stored, whatever the upload says; the server enforces it).
 */
export class DocumentsUploadTabElement extends LitElement {
  static override styles = documentsStyles;

  @property({ attribute: false }) record?: EntityRecord;
  @property() entity = '';

  @state() private categories: Category[] = [];
  @state() private saved: UploadPermission[] = [];
  @state() private draft: UploadPermission[] = [];
  @state() private errors: Array<{ path: string; message: string }> = [];
  @state() private loading = true;
  @state() private message = '';
  @state() private notice = '';
  @state() private busy = false;

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
      const [c, p] = await Promise.all([categories(), api<{ permissions: UploadPermission[] }>(`${BASE}/users/${encodeURIComponent(this.userId)}/upload-permissions`)]);
      this.categories = c;
      this.set(p.permissions);
    } catch (error) {
      this.message = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  private set(permissions: UploadPermission[]): void {
    this.saved = permissions;
    this.draft = structuredClone(permissions);
    this.errors = [];
  }

  private get dirty(): boolean {
    const clean = (list: UploadPermission[]) => JSON.stringify(list.map((p) => ({ ctgryNo: p.ctgryNo, values: p.values.filter((v) => v.value !== '' || v.mode === 'readonly').sort((a, b) => a.fieldNo - b.fieldNo) })));
    return clean(this.draft) !== clean(this.saved);
  }

  private setValue(ctgryNo: number, fieldNo: number, patch: Partial<UploadValue>): void {
    this.draft = this.draft.map((p) => {
      if (p.ctgryNo !== ctgryNo) return p;
      const current = p.values.find((v) => v.fieldNo === fieldNo) ?? { fieldNo, value: '', mode: 'write' as const };
      const next = { ...current, ...patch };
      return { ...p, values: [...p.values.filter((v) => v.fieldNo !== fieldNo), next].sort((a, b) => a.fieldNo - b.fieldNo) };
    });
    this.notice = '';
  }

  private async save(): Promise<void> {
    this.busy = true;
    // Empty write values are no pre-fill at all; an empty read-only value forces the field empty.
    const permissions = this.draft.map((p) => ({ ctgryNo: p.ctgryNo, values: p.values.filter((v) => v.value !== '' || v.mode === 'readonly') }));
    try {
      const result = await api<{ permissions: UploadPermission[] }>(`${BASE}/users/${encodeURIComponent(this.userId)}/upload-permissions`, { method: 'PUT', body: { permissions } });
      this.set(result.permissions);
      this.notice = 'Upload settings saved.';
      this.message = '';
    } catch (error) {
      this.message = messageOf(error);
      this.errors = fieldErrorsOf(error);
    } finally {
      this.busy = false;
    }
  }

  private add(event: Event): void {
    event.preventDefault();
    const select = (event.currentTarget as HTMLFormElement).elements.namedItem('ctgryNo') as HTMLSelectElement;
    const ctgryNo = Number(select.value);
    if (!ctgryNo) return;
    this.draft = [...this.draft, { ctgryNo, values: [] }].sort((a, b) => a.ctgryNo - b.ctgryNo);
  }

  private errorFor(index: number, fieldNo: number): string | undefined {
    const p = this.draft[index]!;
    const sent = p.values.filter((v) => v.value !== '' || v.mode === 'readonly');
    const j = sent.findIndex((v) => v.fieldNo === fieldNo);
    return this.errors.find((e) => e.path.startsWith(`permissions.${index}.values.${j}`))?.message;
  }

  override render(): TemplateResult {
    if (this.loading) return html`<p class="muted">Loading upload settings…</p>`;
    const available = this.categories.filter((c) => !this.draft.some((p) => p.ctgryNo === c.ctgryNo));
    const dirty = this.dirty;
    return html`
      ${this.message ? html`<div class="banner error" role="alert">${this.message}</div>` : nothing}
      ${this.notice ? html`<div class="banner ok" role="status">${this.notice}</div>` : nothing}
      ${this.canWrite
        ? html`<div class="toolbar">
            <form class="toolbar" style="margin:0" @submit=${this.add}>
              <div><label for="add-category">Allow uploads into</label>
                <select id="add-category" name="ctgryNo" ?disabled=${!available.length}>
                  ${available.length ? available.map((c) => html`<option value=${c.ctgryNo}>${c.ctgryNo} · ${c.name}</option>`) : html`<option value="">Every category is allowed</option>`}
                </select></div>
              <wb-button type="submit" icon="plus" ?disabled=${!available.length}>Add category</wb-button>
            </form>
            <span style="flex:1"></span>
            <wb-button variant="primary" icon="save" ?disabled=${!dirty || this.busy} @click=${() => void this.save()}>Save upload settings</wb-button>
          </div>`
        : nothing}
      ${this.draft.length ? this.draft.map((p, i) => this.renderPermission(p, i)) : html`<div class="panel"><p class="empty">This portal user may not upload documents.</p></div>`}
    `;
  }

  private renderPermission(p: UploadPermission, index: number): TemplateResult {
    const category = this.categories.find((c) => c.ctgryNo === p.ctgryNo);
    const headingId = `upload-${p.ctgryNo}`;
    const disabled = !this.canWrite;
    return html`<section class="panel" aria-labelledby=${headingId}>
      <header><h3 id=${headingId}>${p.ctgryNo} · ${category?.name ?? 'Unknown category'}</h3><span class="spacer"></span>
        ${this.canWrite ? html`<wb-button variant="subtle" icon="trash" @click=${() => (this.draft = this.draft.filter((x) => x.ctgryNo !== p.ctgryNo))}>Remove category</wb-button>` : nothing}</header>
      <table aria-label="Pre-filled values for ${category?.name ?? p.ctgryNo}">
        <thead><tr><th scope="col" style="width:30%">Field</th><th scope="col">Pre-filled value</th><th scope="col" style="width:14rem">Mode</th></tr></thead>
        <tbody>${(category?.fields ?? []).map((f) => {
          const v = p.values.find((x) => x.fieldNo === f.fieldNo);
          const id = `u-${p.ctgryNo}-${f.fieldNo}`;
          const error = this.errorFor(index, f.fieldNo);
          return html`<tr>
            <td><label for=${id} style="margin:0">${f.name}</label> <span class="badge">${f.fieldNo} · ${f.type}</span></td>
            <td>
              ${f.type === 'choice'
                ? html`<select id=${id} ?disabled=${disabled} @change=${(e: Event) => this.setValue(p.ctgryNo, f.fieldNo, { value: (e.target as HTMLSelectElement).value })}>
                    <option value="" ?selected=${!v?.value}>(none)</option>${(f.choices ?? []).map((c) => html`<option ?selected=${v?.value === c}>${c}</option>`)}</select>`
                : html`<input id=${id} type=${f.type === 'date' ? 'date' : 'text'} inputmode=${f.type === 'number' ? 'decimal' : nothing} .value=${v?.value ?? ''} ?disabled=${disabled}
                    aria-invalid=${error ? 'true' : 'false'} @input=${(e: Event) => this.setValue(p.ctgryNo, f.fieldNo, { value: (e.target as HTMLInputElement).value })} />`}
              ${error ? html`<p class="error">${error}</p>` : nothing}
            </td>
            <td><select aria-label="${f.name}: mode" ?disabled=${disabled} @change=${(e: Event) => this.setValue(p.ctgryNo, f.fieldNo, { mode: (e.target as HTMLSelectElement).value as UploadValue['mode'] })}>
              <option value="write" ?selected=${v?.mode !== 'readonly'}>Write</option>
              <option value="readonly" ?selected=${v?.mode === 'readonly'}>Read-only</option>
            </select></td>
          </tr>`;
        })}</tbody>
      </table>
    </section>`;
  }
}
