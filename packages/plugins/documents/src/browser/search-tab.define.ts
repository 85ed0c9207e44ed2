import '@portico/ui/components/button/button.define';
import '@portico/ui/components/icon-button/icon-button.define';
import { DocumentsSearchTabElement } from './search-tab.element';

if (!customElements.get('documents-search-tab')) customElements.define('documents-search-tab', DocumentsSearchTabElement);

declare global {
  interface HTMLElementTagNameMap { 'documents-search-tab': DocumentsSearchTabElement }
}
