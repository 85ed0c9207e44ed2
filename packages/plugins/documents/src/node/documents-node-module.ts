import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrivilegeContribution } from '@portico/access';
import { HostEnv, MigrationContribution, NavContribution, PageContribution, RouteContribution } from '@portico/core';
import { SessionStore } from '@portico/auth';
import { PortalAccounts, PortalConfig, PortalContribution, PortalPrincipalResolver } from '@portico/plugin-portal/node';
import { DocumentsEntities, DocumentsPrivileges } from '../common/index';
import { DocumentsCatalog } from './documents-catalog';
import { DocumentsConfig, loadDocumentsConfig } from './documents-config';
import { DocumentsPortalApi } from './documents-portal-api';
import { DOCUMENT_PORTAL_SEARCHES, DOCUMENT_PORTAL_UPLOAD, documentPortal } from './documents-portal';
import { DocumentsPortalPages } from './documents-portal-pages';
import { DocumentsRoutes } from './documents-routes';
import { DocumentSearchService, PortalUserDirectory } from './document-search-service';

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'documents', migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
  bind<DocumentsConfig>(DocumentsConfig)
    .toDynamicValue((ctx) => loadDocumentsConfig(ctx.get<Record<string, string | undefined>>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind<PortalUserDirectory>(PortalUserDirectory)
    .toDynamicValue((ctx) => {
      const accounts = ctx.get<PortalAccounts>(PortalAccounts);
      return { exists: async (id: string) => Boolean(await accounts.byId(id)) };
    })
    .inSingletonScope();
  bind(DocumentsCatalog).toSelf().inSingletonScope();
  bind(DocumentSearchService).toSelf().inSingletonScope();
  bind(RouteContribution).to(DocumentsRoutes).inSingletonScope();
  bind(PageContribution).to(DocumentsPortalApi).inSingletonScope();
  // The Document Portal (/portal/documents, run by the portal runtime) and its "My documents" pages.
  bind(PortalContribution).toDynamicValue((ctx) => documentPortal(ctx.get(DocumentSearchService))).inSingletonScope();
  for (const basePath of [DOCUMENT_PORTAL_SEARCHES, DOCUMENT_PORTAL_UPLOAD]) {
    bind(PageContribution)
      .toDynamicValue((ctx) => new DocumentsPortalPages(basePath, {
        service: ctx.get(DocumentSearchService), catalog: ctx.get(DocumentsCatalog), config: ctx.get<DocumentsConfig>(DocumentsConfig),
        principals: ctx.get(PortalPrincipalResolver), accounts: ctx.get(PortalAccounts), store: ctx.get<SessionStore>(SessionStore), portalConfig: ctx.get<PortalConfig>(PortalConfig),
      }))
      .inSingletonScope();
  }
  bind(PrivilegeContribution).toConstantValue({
    registerPrivileges(r) {
      r.addEntity(DocumentsEntities.category, 'Document Categories');
      r.addEntity(DocumentsEntities.search, 'Document Searches');
      r.addEntity(DocumentsEntities.document, 'Documents');
      r.addEntity(DocumentsEntities.assignment, 'Document Search Assignments');
    },
  } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'documents', label: 'Documents', icon: 'folder', description: 'Document categories, documents and searches for portal users' });
      registry.addSection({ id: 'documents.library', moduleId: 'documents', label: 'Document Library' });
      registry.addItem({ id: 'documents.categories', sectionId: 'documents.library', label: 'Categories & Documents', path: '/documents/categories', privilege: DocumentsPrivileges.categoryRead });
      registry.addItem({ id: 'documents.searches', sectionId: 'documents.library', label: 'Searches', path: '/documents/searches', privilege: DocumentsPrivileges.searchRead });
    },
  } satisfies NavContribution);
});
