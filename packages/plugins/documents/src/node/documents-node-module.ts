import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrivilegeContribution } from '@portico/access';
import { HostEnv, MigrationContribution, PageContribution, RouteContribution } from '@portico/core';
import { PortalAccounts } from '@portico/plugin-portal/node';
import { DocumentsEntities } from '../common/index';
import { DocumentsCatalog } from './documents-catalog';
import { DocumentsConfig, loadDocumentsConfig } from './documents-config';
import { DocumentsPortalApi } from './documents-portal-api';
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
  bind(PrivilegeContribution).toConstantValue({
    registerPrivileges(r) {
      r.addEntity(DocumentsEntities.category, 'Document Categories');
      r.addEntity(DocumentsEntities.search, 'Document Searches');
      r.addEntity(DocumentsEntities.document, 'Documents');
      r.addEntity(DocumentsEntities.assignment, 'Document Search Assignments');
    },
  } satisfies PrivilegeContribution);
  // No NavContribution yet: the plugin has no browser views, and menu items would lead nowhere.
  // Modules › Documents › Categories/Searches comes with the workbench views (docs/documents.md).
});
