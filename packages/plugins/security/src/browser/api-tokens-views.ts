import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '@portico/ui/components/record-list/record-list.define';
import '@portico/ui/components/button/button.define';
import type { RecordListColumn, RecordSelectionDetail } from '@portico/ui';
import { ApiError, api, session } from '@portico/ui/session';
import { ApiTokenPrivileges as P, type ApiTokenCreated, type ApiTokenView } from '../common/api-tokens';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '');
const STATUS: Record<ApiTokenView['status'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/**
 * @summary `/security/api-tokens`: staff API tokens — list, create (the secret shown once), revoke
 * (single or selected rows). Tokens act as their staff user on API routes that accept them
 * (`Authorization: Bearer …`).
 */
export class SecurityApiTokensElement extends LitElement {
  static override styles = css`
    :host { display: block; padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12); font-family: var(--wb-font-family); color: var(--wb-color-text); }
    .panel { background: var(--wb-color-surface); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-lg); padding: var(--wb-space-4) var(--wb-space-6); margin-bottom: var(--wb-space-4); box-shadow: var(--wb-shadow-sm); max-width: 56rem; }
    .panel h2 { font-size: var(--wb-font-size-lg); font-weight: var(--wb-font-weight-semibold); margin: 0 0 var(--wb-space-3); }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: var(--wb-space-4); }
    label { display: block; font-size: var(--wb-font-size-sm); font-weight: var(--wb-font-weight-medium); margin-bottom: var(--wb-space-1); }
    input { box-sizing: border-box; width: 100%; height: var(--wb-control-height-md); padding: 0 var(--wb-space-2); border: 1px solid var(--wb-color-border-input); border-radius: var(--wb-radius-md); font: inherit; background: var(--wb-color-bg); color: inherit; }
    input:focus-visible { outline: var(--wb-focus-ring); outline-offset: var(--wb-focus-ring-offset); }
    .help { font-size: var(--wb-font-size-xs); color: var(--wb-color-text-muted); margin-top: var(--wb-space-1); }
    .error { color: var(--wb-color-danger); font-size: var(--wb-font-size-sm); margin-top: var(--wb-space-1); }
    .actions { display: flex; gap: var(--wb-space-2); margin-top: var(--wb-space-4); }
    .secret { border-color: var(--wb-color-success); background: var(--wb-color-success-subtle); }
    code { display: block; font-family: var(--wb-font-family-mono); font-size: var(--wb-font-size-md); padding: var(--wb-space-2) var(--wb-space-3); background: var(--wb-color-bg); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-md); word-break: break-all; user-select: all; }
    .banner { margin: 0 0 var(--wb-space-3); font-size: var(--wb-font-size-sm); }
  `;

  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
  @state() private rows: ApiTokenView[] = [];
  @state() private loading = true;
  @state() private error = '';
  @state() private creating = false;
  @state() private formErrors: Record<string, string> = {};
  @state() private created?: ApiTokenCreated;
  @state() private selected: string[] = [];
  @state() private notice = '';

  private readonly columns: RecordListColumn<ApiTokenView>[] = [
    { key: 'name', label: 'Name', width: '20%' },
    { key: 'prefix', label: 'Token', format: (v) => `${String(v)}…` },
    { key: 'staffUserName', label: 'Acts as' },
    { key: 'privileges', label: 'Privileges', format: (v) => (Array.isArray(v) && v.length ? v.join(', ') : "All of the user's") },
    { key: 'status', label: 'Status', format: (v) => STATUS[v as ApiTokenView['status']] ?? String(v) },
    { key: 'expiresAt', label: 'Expires', format: (v) => when(v) || 'Never' },
    { key: 'lastUsedAt', label: 'Last used', format: (v) => when(v) || 'Never' },
    { key: 'createdAt', label: 'Created', format: when },
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      this.rows = (await api<{ items: ApiTokenView[] }>('/api/security/api-tokens')).items;
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : 'The server could not be reached.';
    } finally {
      this.loading = false;
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const expires = String(form.get('expiresAt') ?? '');
    const privileges = String(form.get('privileges') ?? '').split(/[\s,]+/).filter(Boolean);
    this.formErrors = {};
    try {
      this.created = await api<ApiTokenCreated>('/api/security/api-tokens', {
        method: 'POST',
        body: { name: String(form.get('name') ?? ''), ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}), ...(privileges.length ? { privileges } : {}) },
      });
      this.creating = false;
      await this.load();
    } catch (error) {
      if (error instanceof ApiError && error.fields?.length) this.formErrors = Object.fromEntries(error.fields.map((f) => [f.path, f.message]));
      else this.formErrors = { '': error instanceof ApiError ? error.message : 'The server could not be reached.' };
    }
  }

  private async revoke(ids: string[]): Promise<void> {
    const active = ids.filter((id) => this.rows.find((r) => r.id === id)?.status === 'active');
    if (!active.length) return void (this.notice = 'The selected tokens are not active.');
    if (!confirm(`Revoke ${active.length === 1 ? 'this API token' : `${active.length} API tokens`}? Systems using ${active.length === 1 ? 'it' : 'them'} will be refused at once.`)) return;
    for (const id of active) await api(`/api/security/api-tokens/${id}/revoke`, { method: 'POST', body: {} });
    this.notice = `${active.length} API token${active.length === 1 ? '' : 's'} revoked.`;
    this.selected = [];
    await this.load();
  }

  private renderForm(): TemplateResult {
    const err = (k: string) => (this.formErrors[k] ? html`<div class="error" id="err-${k}">${this.formErrors[k]}</div>` : nothing);
    return html`<form class="panel" @submit=${this.create} aria-labelledby="new-token">
      <h2 id="new-token">New API Token</h2>
      <div class="grid">
        <div><label for="name">Name</label><input id="name" name="name" required maxlength="200" autocomplete="off" /><div class="help">What uses it, e.g. "CRM nightly sync".</div>${err('name')}</div>
        <div><label for="expiresAt">Expires on (optional)</label><input id="expiresAt" name="expiresAt" type="date" />${err('expiresAt')}</div>
        <div><label for="privileges">Only these privileges (optional)</label><input id="privileges" name="privileges" placeholder="entity.tc_portaluser.write" /><div class="help">Empty: the token has all of your privileges.</div>${err('privileges')}</div>
      </div>
      ${err('')}
      <div class="actions">
        <wb-button variant="primary" type="submit" icon="save">Create token</wb-button>
        <wb-button @click=${() => (this.creating = false)}>Cancel</wb-button>
      </div>
    </form>`;
  }

  private renderSecret(c: ApiTokenCreated): TemplateResult {
    return html`<section class="panel secret" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Token "${c.token.name}" created</h2>
      <p class="banner">Copy the secret now: it is shown only this once and cannot be recovered. Send it as <strong>Authorization: Bearer …</strong>.</p>
      <code data-testid="token-secret">${c.secret}</code>
      <div class="actions">
        <wb-button variant="primary" icon="copy" @click=${() => void navigator.clipboard?.writeText(c.secret)}>Copy to clipboard</wb-button>
        <wb-button @click=${() => (this.created = undefined)}>Done</wb-button>
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    return html`
      ${this.created ? this.renderSecret(this.created) : nothing}
      ${this.creating ? this.renderForm() : nothing}
      ${this.notice ? html`<p class="banner" role="status">${this.notice}</p>` : nothing}
      <wb-record-list
        heading="API Tokens"
        noun="token"
        export-name="api-tokens"
        empty-text="No API tokens yet. Create one for each system that calls the API."
        .columns=${this.columns}
        .rows=${this.rows}
        ?loading=${this.loading}
        error=${this.error}
        ?can-create=${session.can(P.create)}
        ?selectable=${session.can(P.delete)}
        .selected=${this.selected}
        @wb-selection-change=${(e: CustomEvent<RecordSelectionDetail>) => (this.selected = e.detail.keys)}
        @wb-create=${() => ((this.creating = true), (this.created = undefined))}
        @wb-refresh=${() => void this.load()}
      >
        <wb-button slot="bulk" variant="danger" icon="trash" @click=${() => void this.revoke(this.selected)}>Revoke</wb-button>
      </wb-record-list>
    `;
  }
}

if (!customElements.get('security-api-tokens')) customElements.define('security-api-tokens', SecurityApiTokensElement);
