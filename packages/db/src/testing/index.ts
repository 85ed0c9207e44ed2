export * from './create-test-database';
export { migrationsHash, templateDir } from './pglite-template';
