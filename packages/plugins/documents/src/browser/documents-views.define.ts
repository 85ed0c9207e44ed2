import '@portico/ui/components/icon-button/icon-button.define';
import {
  DocumentsCategoryListElement, DocumentsCategoryRecordElement, DocumentsDocumentRecordElement, DocumentsSearchListElement, DocumentsSearchRecordElement,
} from './documents-views';

const define = (tag: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
};
define('documents-category-list', DocumentsCategoryListElement);
define('documents-category-record', DocumentsCategoryRecordElement);
define('documents-document-record', DocumentsDocumentRecordElement);
define('documents-search-list', DocumentsSearchListElement);
define('documents-search-record', DocumentsSearchRecordElement);
