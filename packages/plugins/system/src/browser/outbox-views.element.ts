import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { api, navigate, session } from '@portico/ui/session';
import type { RecordListColumn } from '@portico/ui';
import { SystemPrivileges } from '../common/index';

interface OutboxRow {
  id: number;
  to: string[];
  subject: string;
  kind: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const when = (v: unknown): string => (v ? new Date(String(v)).toLocaleString() : '');
const STATUS: Record<string, string> = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Retrying', dead: 'Gave up' };

/** @summary System › Outbox: every e-mail Portico wrote, newest first, searchable. */
export class SystemOutboxList extends LitElement {
  static override styles = css`:host { display: block; padding: var(--wb-space-4, 16px) var(--wb-space-8, 32px); }`;

  @state() private rows: OutboxRow[] = [];
  @state() private loading = true;
  @state() private error = '';
  private q = '';

  private readonly columns: RecordListColumn<OutboxRow>[] = [
    { key: 'createdAt', label: 'Written', format: when, width: '18%' },
    { key: 'to', label: 'To', width: '24%' },
    { key: 'subject', label: 'Subject' },
    { key: 'status', label: 'Status', format: (v) => STATUS[String(v)] ?? String(v), width: '10%' },
    { key: 'sentAt', label: 'Sent', format: when, width: '18%' },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const page = await api<{ items: OutboxRow[] }>(`/api/system/outbox?limit=200${this.q ? `&q=${encodeURIComponent(this.q)}` : ''}`);
      this.rows = page.items;
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  override render() {
    return html`<wb-record-list
      heading="Outbox"
      noun="message"
      export-name="outbox"
      empty-text="No e-mail has been written yet."
      .columns=${this.columns}
      .rows=${this.rows}
      ?loading=${this.loading}
      .error=${this.error}
      @wb-refresh=${() => this.load()}
      @wb-search=${(e: CustomEvent<{ query: string }>) => { this.q = e.detail.query; void this.load(); }}
      @wb-open=${(e: CustomEvent<{ row: OutboxRow }>) => navigate(`/system/outbox/${e.detail.row.id}`)}
    ></wb-record-list>`;
  }
}

interface OutboxEntry extends OutboxRow {
  text: string;
  cc: string[];
  transport: string | null;
  messageId: string | null;
}

/** @summary One message of the outbox, with its plain-text body and delivery state. */
export class SystemOutboxMessage extends LitElement {
  static override styles = css`
    :host { display: block; padding: var(--wb-space-4, 16px) var(--wb-space-8, 32px); color: var(--wb-color-text, #1f2328); }
    h1 { font-size: 20px; margin: 0 0 var(--wb-space-4, 16px); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0 0 var(--wb-space-4, 16px); }
    dt { color: var(--wb-color-text-muted, #57606a); }
    dd { margin: 0; }
    pre { white-space: pre-wrap; font: inherit; background: var(--wb-color-surface, #fff); border: 1px solid var(--wb-color-border, #d0d7de); border-radius: var(--wb-radius, 6px); padding: var(--wb-space-4, 16px); max-width: 80ch; }
    .actions { margin-bottom: var(--wb-space-4, 16px); display: flex; gap: 8px; }
  `;

  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private entry?: OutboxEntry;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.entry = await api<OutboxEntry>(`/api/system/outbox/${encodeURIComponent(this.params.id ?? '')}`);
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private async requeue(): Promise<void> {
    await api(`/api/system/outbox/${this.entry!.id}/requeue`, { method: 'POST' });
    await this.load();
  }

  override render() {
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    const e = this.entry;
    if (!e) return html`<p>Loading…</p>`;
    return html`
      <h1>${e.subject}</h1>
      <div class="actions">
        <wb-button variant="secondary" icon="chevron-left" href="/system/outbox">Back to Outbox</wb-button>
        ${(e.status === 'failed' || e.status === 'dead') && session.can(SystemPrivileges.outboxWrite)
          ? html`<wb-button variant="primary" icon="refresh" @click=${() => this.requeue()}>Send again</wb-button>`
          : nothing}
      </div>
      <dl>
        <dt>To</dt><dd>${e.to.join(', ')}</dd>
        <dt>Status</dt><dd>${STATUS[e.status] ?? e.status}${e.attempts ? ` (${e.attempts} attempt${e.attempts === 1 ? '' : 's'})` : ''}</dd>
        <dt>Written</dt><dd>${when(e.createdAt)}</dd>
        <dt>Sent</dt><dd>${when(e.sentAt) || '—'}${e.transport ? ` via ${e.transport}` : ''}</dd>
        ${e.lastError ? html`<dt>Last error</dt><dd>${e.lastError}</dd>` : nothing}
      </dl>
      <pre>${e.text}</pre>
    `;
  }
}
