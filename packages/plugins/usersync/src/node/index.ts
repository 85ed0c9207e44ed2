export * from './usersync-schema';
export * from './usersync-processor';
export * from './usersync-job';
export { USERSYNC_MIGRATIONS_FOLDER } from './usersync-node-module';
export * from './usersync-service';
export * from './usersync-routes';
export * from './usersync-csv-import';
