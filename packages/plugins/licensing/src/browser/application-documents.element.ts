import { LitElement, css, html, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { EntityRecord } from '@portico/ui/entity';
import { api } from '@portico/ui/session';

interface DocumentRow {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}

const size = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(n / 1024))} KB`);

/**
 * @summary The documents an applicant attached to a license application, with downloads.
 * A record tab of the License Application view (`RECORD_TABS`); it receives `record`.
 */
export class ApplicationDocumentsElement extends LitElement {
  static override styles = css`
    :host { display: block; }
    table { width: 100%; border-collapse: collapse; font-size: var(--wb-font-size-base, 14px); }
    th, td { text-align: left; padding: var(--wb-space-2, 8px) var(--wb-space-3, 12px); border-bottom: 1px solid var(--wb-color-border); }
    th { color: var(--wb-color-text-muted); font-weight: 600; }
    a { color: var(--wb-color-accent-text, var(--wb-color-accent)); }
    a:focus-visible { outline: var(--wb-focus-ring); outline-offset: var(--wb-focus-ring-offset, 2px); }
    .muted { color: var(--wb-color-text-muted); }
    caption { text-align: left; padding-bottom: var(--wb-space-2, 8px); }
  `;

  @property({ attribute: false }) entity = '';
  @property({ attribute: false }) record?: EntityRecord;
  @state() private items?: DocumentRow[];
  @state() private error = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('record') && this.record) void this.load(this.record.id);
  }

  private async load(id: string): Promise<void> {
    try {
      this.items = (await api<{ items: DocumentRow[] }>(`/api/licensing/applications/${encodeURIComponent(id)}/documents`)).items;
      this.error = '';
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  override render(): TemplateResult {
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    if (!this.items) return html`<p class="muted" role="status">Loading documents…</p>`;
    if (!this.items.length) return html`<p class="muted">No documents are attached.</p>`;
    const id = encodeURIComponent(this.record!.id);
    return html`<table>
      <caption class="muted">${this.items.length} document${this.items.length === 1 ? '' : 's'} attached by the applicant</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">Uploaded</th></tr></thead>
      <tbody>${this.items.map((d) => html`<tr>
        <td><a href=${`/api/licensing/applications/${id}/documents/${encodeURIComponent(d.id)}`} download=${d.name}>${d.name}</a></td>
        <td>${d.contentType}</td><td>${size(d.size)}</td><td>${new Date(d.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</td>
      </tr>`)}</tbody>
    </table>`;
  }
}
