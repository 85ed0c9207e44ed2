import '@portico/ui/components/button/button.define';
import { DocumentsUploadTabElement } from './upload-tab.element';

if (!customElements.get('documents-upload-tab')) customElements.define('documents-upload-tab', DocumentsUploadTabElement);

declare global {
  interface HTMLElementTagNameMap { 'documents-upload-tab': DocumentsUploadTabElement }
}
