import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { EntityRecord } from '@portico/ui/entity';
import { ApiError, api } from '@portico/ui/session';
import type { AttachmentSummary } from '../common/index';

const size = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * @summary "Photos and documents" on the Inspection record view: what the inspector attached,
 * photos as thumbnails, each a download link.
 */
export class InspectionAttachmentsTab extends LitElement {
  static override styles = css`
    :host { display: block; font-size: var(--wb-font-size-md); color: var(--wb-color-text); }
    ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: var(--wb-space-3); }
    li { border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-md); padding: var(--wb-space-2); display: flex; flex-direction: column; gap: var(--wb-space-1); }
    img { width: 100%; height: 8rem; object-fit: cover; border-radius: var(--wb-radius-sm); background: var(--wb-color-surface-sunken); }
    .doc { height: 8rem; display: flex; align-items: center; justify-content: center; background: var(--wb-color-surface-sunken); border-radius: var(--wb-radius-sm); color: var(--wb-color-text-muted); font-weight: var(--wb-font-weight-semibold); }
    a { color: var(--wb-color-accent-text); overflow-wrap: anywhere; }
    .meta { color: var(--wb-color-text-muted); font-size: var(--wb-font-size-sm); }
    p { margin: 0; }
  `;

  entity = '';
  private current?: EntityRecord;
  @state() private items?: AttachmentSummary[];
  @state() private error = '';

  set record(value: EntityRecord) {
    const reload = value?.id !== this.current?.id || value?.version !== this.current?.version;
    this.current = value;
    if (reload) void this.load();
  }
  get record(): EntityRecord {
    return this.current!;
  }

  private async load(): Promise<void> {
    try {
      this.items = (await api<{ items: AttachmentSummary[] }>(`/api/inspections/${encodeURIComponent(this.current!.id)}/attachments`)).items;
      this.error = '';
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'The server could not be reached.';
    }
  }

  override render(): TemplateResult {
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    if (!this.items) return html`<p>Loading…</p>`;
    if (!this.items.length) return html`<p>The inspector has not attached any photos or documents.</p>`;
    const base = `/api/inspections/${encodeURIComponent(this.current!.id)}/attachments`;
    return html`<ul aria-label="Attachments">
      ${this.items.map(
        (f) => html`<li>
          ${f.contentType.startsWith('image/') && f.contentType !== 'image/heic' ? html`<img src="${base}/${f.id}" alt="Photo ${f.fileName}" loading="lazy">` : html`<div class="doc" aria-hidden="true">${f.contentType === 'application/pdf' ? 'PDF' : 'FILE'}</div>`}
          <a href="${base}/${f.id}" download=${f.fileName}>${f.fileName}</a>
          <span class="meta">${size(f.size)} · ${new Date(f.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</span>
        </li>`,
      )}
    </ul>${nothing}`;
  }
}

if (!customElements.get('inspection-attachments-tab')) customElements.define('inspection-attachments-tab', InspectionAttachmentsTab);
