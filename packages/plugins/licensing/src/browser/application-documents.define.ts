import { ApplicationDocumentsElement } from './application-documents.element';

if (!customElements.get('licensing-application-documents')) customElements.define('licensing-application-documents', ApplicationDocumentsElement);
