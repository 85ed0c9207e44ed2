import { LitElement, css, html, type TemplateResult } from 'lit';
import '@portico/ui/components/entity-list/entity-list.define';
import '@portico/ui/components/entity-record/entity-record.define';
import type { EntityAction, EntityRecord } from '@portico/ui/entity';
import { api } from '@portico/ui/session';
import { LicensingEntities } from '../common/index';

const pageStyles = css`
  :host {
    display: block;
    padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12);
  }
`;

const ref = (r: EntityRecord): string => String(r.reference ?? 'this application');
const submittedOnly = (records: EntityRecord[], verb: string): void => {
  const other = records.find((r) => r.status !== 'submitted');
  if (other) throw new Error(`${ref(other)} is ${String(other.status)}: only submitted applications can be ${verb}.`);
};

/** Approve and Reject, in the application's menu bar and as bulk actions on selected rows. */
export const applicationActions: EntityAction[] = [
  {
    id: 'licensing.approve',
    label: 'Approve',
    icon: 'check-circle',
    confirm: (records) => records.length === 1
      ? `Approve ${ref(records[0]!)}? A license is issued to the applicant and linked to their person record, and they are told by e-mail.`
      : `Approve ${records.length} applications? A license is issued for each.`,
    run: async (records) => {
      submittedOnly(records, 'approved');
      const issued: string[] = [];
      for (const r of records) {
        const result = await api<{ licenseNumber: string }>(`/api/licensing/applications/${encodeURIComponent(r.id)}/approve`, { method: 'POST', body: {} });
        issued.push(result.licenseNumber);
      }
      return issued.length === 1 ? `Approved. License ${issued[0]} has been issued.` : `Approved. Licenses ${issued.join(', ')} have been issued.`;
    },
  },
  {
    id: 'licensing.reject',
    label: 'Reject',
    icon: 'x-circle',
    bulk: false,
    run: async (records) => {
      submittedOnly(records, 'rejected');
      const note = prompt(`Why is ${ref(records[0]!)} rejected? The applicant is told this reason by e-mail.`);
      if (note === null) return 'Not rejected.';
      if (!note.trim()) throw new Error('Give the reason for the rejection.');
      await api(`/api/licensing/applications/${encodeURIComponent(records[0]!.id)}/reject`, { method: 'POST', body: { note } });
      return `${ref(records[0]!)} was rejected; the applicant has been told why.`;
    },
  },
];

/** Renew: moves the license's expiry on by its type's validity and marks the request renewed. */
export const renewalActions: EntityAction[] = [
  {
    id: 'licensing.renew',
    label: 'Renew license',
    icon: 'refresh',
    confirm: (records) => `Renew license ${String(records[0]?.licenseNumber ?? '')}? Its expiry date moves on by the validity of its license type.`,
    bulk: false,
    run: async (records) => {
      const r = records[0]!;
      if (r.status !== 'requested') throw new Error(`This request is already ${String(r.status)}.`);
      const result = await api<{ expiresOn: string }>(`/api/licensing/renewals/${encodeURIComponent(r.id)}/renew`, { method: 'POST' });
      return `License ${String(r.licenseNumber)} renewed until ${result.expiresOn}.`;
    },
  },
];

interface Screen {
  segment: string;
  entity: string;
  noun: string;
  actions: EntityAction[];
}

const SCREENS: Screen[] = [
  { segment: 'applications', entity: LicensingEntities.application, noun: 'application', actions: applicationActions },
  { segment: 'renewals', entity: LicensingEntities.renewal, noun: 'renewal request', actions: renewalActions },
  { segment: 'persons', entity: LicensingEntities.person, noun: 'person', actions: [] },
  { segment: 'licenses', entity: LicensingEntities.license, noun: 'license', actions: [] },
  { segment: 'license-types', entity: LicensingEntities.licenseType, noun: 'license type', actions: [] },
];

/** A record list of one licensing entity (`/licensing/<segment>`). */
export function listElement(screen: Screen): CustomElementConstructor {
  return class extends LitElement {
    static override styles = pageStyles;
    static override properties = { params: { attribute: false }, query: { attribute: false } };
    params: Record<string, string> = {};
    query: Record<string, string> = {};

    override render(): TemplateResult {
      return html`<wb-entity-list entity=${screen.entity} base-path=${`/licensing/${screen.segment}`} noun=${screen.noun} .query=${this.query} .actions=${screen.actions}></wb-entity-list>`;
    }
  };
}

/** A record view of one licensing entity (`/licensing/<segment>/:id` and `/new`). */
export function recordElement(screen: Screen): CustomElementConstructor {
  return class extends LitElement {
    static override styles = pageStyles;
    static override properties = { params: { attribute: false }, query: { attribute: false } };
    params: Record<string, string> = {};
    query: Record<string, string> = {};

    override render(): TemplateResult {
      return html`<wb-entity-record entity=${screen.entity} base-path=${`/licensing/${screen.segment}`} record-id=${this.params.id ?? ''} .actions=${screen.actions}></wb-entity-record>`;
    }
  };
}

export { SCREENS };
