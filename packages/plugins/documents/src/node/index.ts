export * from './documents-schema';
export * from './documents-catalog';
export * from './documents-config';
export * from './document-search-service';
export * from './condition-sql';
export * from './condition-xml';
export * from './file-store';
export { DocumentsRoutes } from './documents-routes';
export { DocumentsPortalApi, DOCUMENTS_PORTAL_API, searchRequestFromQuery } from './documents-portal-api';
