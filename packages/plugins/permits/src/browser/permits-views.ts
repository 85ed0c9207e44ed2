import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import '@portico/ui/components/entity-list/entity-list.define';
import '@portico/ui/components/entity-record/entity-record.define';
import { PERMITS_ENTITY } from '../common/index';

const styles = css`
  :host { display: block; padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12); }
`;

/** @summary `/permits`: the "All Permits" list. */
export class PermitsListElement extends LitElement {
  static override styles = styles;
  @property({ attribute: false }) query: Record<string, string> = {};

  override render(): TemplateResult {
    return html`<wb-entity-list entity=${PERMITS_ENTITY} base-path="/permits" noun="permit" .query=${this.query}></wb-entity-list>`;
  }
}

/** @summary `/permits/:id` and `/permits/new`: one permit. */
export class PermitsRecordElement extends LitElement {
  static override styles = styles;
  @property({ attribute: false }) params: Record<string, string> = {};

  override render(): TemplateResult {
    return html`<wb-entity-record entity=${PERMITS_ENTITY} base-path="/permits" record-id=${this.params.id ?? ''}></wb-entity-record>`;
  }
}

if (!customElements.get('permits-list')) customElements.define('permits-list', PermitsListElement);
if (!customElements.get('permits-record')) customElements.define('permits-record', PermitsRecordElement);
