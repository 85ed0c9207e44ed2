import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import '@portico/ui/components/button/button.define';
import type { EntityRecord } from '@portico/ui/entity';
import { ApiError, api, session } from '@portico/ui/session';
import { INSPECTOR_PORTAL_PATH, InspectorPrivileges, type InspectorSummary } from '../common/index';

type Outcome = 'created' | 'activated' | 'unchanged';

/**
 * @summary The "Inspector" tab on the Portal User record view: whether the portal user is an
 * inspector (badge, active) and, for staff who may create inspectors, "Make inspector" in one
 * step (optional badge number; generated when empty). Re-activates an inactive inspector.
 */
export class PortalUserInspectorTab extends LitElement {
  static override styles = css`
    :host { display: block; font-size: var(--wb-font-size-md); color: var(--wb-color-text); }
    p { margin: 0 0 var(--wb-space-3); }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: var(--wb-space-2) var(--wb-space-6); margin: 0 0 var(--wb-space-4); }
    dt { color: var(--wb-color-text-muted); }
    dd { margin: 0; }
    form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: var(--wb-space-3); }
    label { display: flex; flex-direction: column; gap: var(--wb-space-1); font-weight: var(--wb-font-weight-semibold); }
    .help { font-weight: var(--wb-font-weight-normal); color: var(--wb-color-text-muted); font-size: var(--wb-font-size-sm); }
    input { font: inherit; padding: var(--wb-space-2) var(--wb-space-3); border: 1px solid var(--wb-color-border-input); border-radius: var(--wb-radius-md); min-width: 14rem; }
    input:focus-visible { outline: none; box-shadow: var(--wb-focus-ring); }
    .notice { padding: var(--wb-space-2) var(--wb-space-3); border-radius: var(--wb-radius-md); margin-bottom: var(--wb-space-3); }
    .ok { background: var(--wb-color-success-subtle); }
    .error { background: var(--wb-color-danger-subtle); }
    a { color: var(--wb-color-accent-text); }
  `;

  entity = '';
  private current?: EntityRecord;
  @state() private inspector?: InspectorSummary | null;
  @state() private message = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private badge = '';

  set record(value: EntityRecord) {
    const changed = value?.id !== this.current?.id;
    this.current = value;
    if (changed) void this.load();
    this.requestUpdate();
  }
  get record(): EntityRecord {
    return this.current!;
  }

  private async load(): Promise<void> {
    this.inspector = undefined;
    this.error = '';
    try {
      const res = await api<{ inspector: InspectorSummary | null }>(`/api/inspections/portal-users/${encodeURIComponent(this.current!.id)}/inspector`);
      this.inspector = res.inspector;
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : 'The server could not be reached.';
    }
  }

  private async make(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      const res = await api<{ inspector: InspectorSummary; outcome: Outcome }>(`/api/inspections/portal-users/${encodeURIComponent(this.current!.id)}/make-inspector`, {
        method: 'POST',
        body: this.badge.trim() ? { badgeNumber: this.badge.trim() } : {},
      });
      this.inspector = res.inspector;
      const who = String(this.current?.displayName || this.current?.emailAddress || 'This portal user');
      this.message = res.outcome === 'activated' ? `${who} is an active inspector again (badge ${res.inspector.badgeNumber}).` : `${who} is now an inspector (badge ${res.inspector.badgeNumber}). They can sign in to the Inspector Portal.`;
    } catch (e) {
      this.error = e instanceof ApiError ? (e.fields.length ? e.fields.map((f) => `Badge number ${f.message}`).join('; ') : e.message) : 'The server could not be reached.';
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const can = session.can(InspectorPrivileges.create);
    const i = this.inspector;
    return html`${this.message ? html`<p class="notice ok" role="status">${this.message}</p>` : nothing}
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      ${i === undefined && !this.error
        ? html`<p>Loading…</p>`
        : i
          ? html`<dl>
                <dt>Inspector</dt><dd>Yes — <a href="/inspections/inspectors/${i.id}">open the inspector record</a></dd>
                <dt>Badge number</dt><dd>${i.badgeNumber}</dd>
                <dt>Active</dt><dd>${i.active ? 'Yes: may sign in to the Inspector Portal' : 'No: may not sign in to the Inspector Portal'}</dd>
              </dl>
              ${!i.active && can ? html`<wb-button variant="primary" icon="check" ?disabled=${this.busy} @click=${this.make}>Make inspector</wb-button>` : nothing}`
          : html`<p>This portal user is not an inspector. Inspectors sign in to the Inspector Portal (${INSPECTOR_PORTAL_PATH}) to see the inspections assigned to them and submit their results.</p>
              ${can
                ? html`<form @submit=${this.make}>
                    <label>Badge number <span class="help">Optional: generated when empty</span>
                      <input name="badgeNumber" .value=${this.badge} @input=${(e: Event) => (this.badge = (e.target as HTMLInputElement).value)} maxlength="40" autocomplete="off"></label>
                    <wb-button type="submit" variant="primary" icon="check" ?disabled=${this.busy}>Make inspector</wb-button>
                  </form>`
                : html`<p>You may not create inspectors.</p>`}`}`;
  }
}

if (!customElements.get('inspector-portal-user-tab')) customElements.define('inspector-portal-user-tab', PortalUserInspectorTab);
