export * from './database-handle';
export * from './open-database';
export * from './migrate-all';
export * from './plugin-drizzle-config';
export * from './database-module';
export * from './sql-helpers';
