import type { BrowserModule } from '@portico/core/common';
import { RECORD_TABS, type RecordTabExtension } from '@portico/ui/extensions';
import { DOCUMENTS_TABS, DocumentsPrivileges as P } from '../common/index';

/**
 * The documents plugin in the workbench: the "Search" and "Upload" tabs on the portal plugin's
 * Portal User record view (through RECORD_TABS, no change to the portal plugin), and the Documents
 * module — categories with their documents, and searches. Everything loads lazily.
 */
const documentsBrowserModule: BrowserModule = (registry) => {
  registry.addExtension(RECORD_TABS, {
    entity: 'tc_portaluser', id: DOCUMENTS_TABS.search, label: 'Search', tag: 'documents-search-tab',
    load: () => import('./search-tab.define'), privilege: P.assignmentRead,
  } satisfies RecordTabExtension);
  registry.addExtension(RECORD_TABS, {
    entity: 'tc_portaluser', id: DOCUMENTS_TABS.upload, label: 'Upload', tag: 'documents-upload-tab',
    load: () => import('./upload-tab.define'), privilege: P.assignmentRead,
  } satisfies RecordTabExtension);

  const views = () => import('./documents-views.define');
  registry.registerView({ path: '/documents/categories', tag: 'documents-category-list', load: views, title: 'Document Categories' });
  registry.registerView({ path: '/documents/categories/new', tag: 'documents-category-record', load: views, title: 'New Document Category' });
  registry.registerView({ path: '/documents/categories/:ctgryNo', tag: 'documents-category-record', load: views, title: 'Document Category' });
  registry.registerView({ path: '/documents/categories/:ctgryNo/documents/:id', tag: 'documents-document-record', load: views, title: 'Document' });
  registry.registerView({ path: '/documents/searches', tag: 'documents-search-list', load: views, title: 'Document Searches' });
  registry.registerView({ path: '/documents/searches/new', tag: 'documents-search-record', load: views, title: 'New Document Search' });
  registry.registerView({ path: '/documents/searches/:queryNo', tag: 'documents-search-record', load: views, title: 'Document Search' });
};
export default documentsBrowserModule;
