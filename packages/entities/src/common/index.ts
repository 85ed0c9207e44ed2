export * from './entity-metadata';
