import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import '@portico/ui/components/entity-list/entity-list.define';
import '@portico/ui/components/entity-record/entity-record.define';
import type { EntityAction, EntityRecord } from '@portico/ui/entity';
import { api } from '@portico/ui/session';
import { PORTAL_USER_ENTITY, type RecordActionResult } from '../common/index';

const BASE = '/security/portal-users';

const pageStyles = css`
  :host {
    display: block;
    padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12);
  }
`;

const emailOf = (r: EntityRecord): string => String(r.emailAddress ?? '');
const who = (records: EntityRecord[]): string => (records.length === 1 ? emailOf(records[0]!) : `${records.length} portal users`);
const sentTo = (items: RecordActionResult[]): string => (items.length === 1 ? items[0]!.email : `${items.length} portal users`);

/** Calls a portal record action for one record (its own route) or several (the bulk route). */
async function callAction<T = RecordActionResult>(action: 'reset-access' | 'notify' | 'revoke-invitation', records: EntityRecord[]): Promise<T[]> {
  const path = records.length === 1 ? `/api/portal/users/${encodeURIComponent(records[0]!.id)}/${action}` : `/api/portal/users/bulk/${action}`;
  const body = records.length === 1 ? undefined : { ids: records.map((r) => r.id) };
  return (await api<{ items: T[] }>(path, { method: 'POST', ...(body ? { body } : {}) })).items;
}

/** "Reset access", "Notify user" (also resends) and "Revoke invitation": in the record view's menu bar and as bulk actions on selected rows. */
export const portalUserActions: EntityAction[] = [
  {
    id: 'portal.reset-access',
    label: 'Reset access',
    icon: 'key',
    confirm: (records) =>
      `Reset access for ${who(records)}? Online access is re-enabled, failed sign-ins and any lock are cleared, and a link to choose a new password is e-mailed.`,
    run: async (records) => `Password reset link sent to ${sentTo(await callAction('reset-access', records))}.`,
  },
  {
    id: 'portal.notify',
    label: 'Notify user',
    icon: 'mail',
    confirm: (records) => `E-mail an invitation to ${who(records)}? It contains a link to set a password that works once.`,
    run: async (records) => `Invitation sent to ${sentTo(await callAction('notify', records))}.`,
  },
  {
    id: 'portal.revoke-invitation',
    label: 'Revoke invitation',
    icon: 'close',
    confirm: (records) => `Revoke the invitation of ${who(records)}? The link in the e-mail stops working; "Notify user" sends a new one.`,
    run: async (records) => {
      const items = await callAction<{ email: string; revoked: number }>('revoke-invitation', records);
      return `Invitation revoked for ${items.length === 1 ? items[0]!.email : `${items.length} portal users`}.`;
    },
  },
];

/** @summary `/security/portal-users`: the "All Portal Users" list. */
export class PortalUserListElement extends LitElement {
  static override styles = pageStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};

  override render(): TemplateResult {
    return html`<wb-entity-list entity=${PORTAL_USER_ENTITY} base-path=${BASE} noun="portal user" .query=${this.query} .actions=${portalUserActions}></wb-entity-list>`;
  }
}

/** @summary `/security/portal-users/:id` and `/new`: one portal user. */
export class PortalUserRecordElement extends LitElement {
  static override styles = pageStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};

  override render(): TemplateResult {
    return html`<wb-entity-record entity=${PORTAL_USER_ENTITY} base-path=${BASE} record-id=${this.params.id ?? ''} .actions=${portalUserActions}></wb-entity-record>`;
  }
}

const define = (tag: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
};
define('portal-user-list', PortalUserListElement);
define('portal-user-record', PortalUserRecordElement);
