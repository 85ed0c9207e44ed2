import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import '@portico/ui/components/entity-list/entity-list.define';
import '@portico/ui/components/entity-record/entity-record.define';
import { INSPECTION_ENTITY, INSPECTOR_ENTITY } from '../common/index';

const pageStyles = css`
  :host {
    display: block;
    padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12);
  }
`;

abstract class Page extends LitElement {
  static override styles = pageStyles;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query: Record<string, string> = {};
}

/** @summary `/inspections`: "All Inspections". */
export class InspectionListElement extends Page {
  override render(): TemplateResult {
    return html`<wb-entity-list entity=${INSPECTION_ENTITY} base-path="/inspections" noun="inspection" .query=${this.query}></wb-entity-list>`;
  }
}

/** @summary `/inspections/:id` and `/new`: one inspection, with its report and (tab) its photos and documents. */
export class InspectionRecordElement extends Page {
  override render(): TemplateResult {
    return html`<wb-entity-record entity=${INSPECTION_ENTITY} base-path="/inspections" record-id=${this.params.id ?? ''}></wb-entity-record>`;
  }
}

/** @summary `/inspections/inspectors`: "All Inspectors". */
export class InspectorListElement extends Page {
  override render(): TemplateResult {
    return html`<wb-entity-list entity=${INSPECTOR_ENTITY} base-path="/inspections/inspectors" noun="inspector" .query=${this.query}></wb-entity-list>`;
  }
}

/** @summary `/inspections/inspectors/:id` and `/new`: one inspector. */
export class InspectorRecordElement extends Page {
  override render(): TemplateResult {
    return html`<wb-entity-record entity=${INSPECTOR_ENTITY} base-path="/inspections/inspectors" record-id=${this.params.id ?? ''}></wb-entity-record>`;
  }
}

const define = (tag: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
};
define('inspection-list', InspectionListElement);
define('inspection-record', InspectionRecordElement);
define('inspector-list', InspectorListElement);
define('inspector-record', InspectorRecordElement);
