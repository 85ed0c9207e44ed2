export * from './entities-module';
export * from './entity-definition';
export * from './entity-registry';
export * from './entity-routes';
export * from './entity-service';
export * from './record-input';
