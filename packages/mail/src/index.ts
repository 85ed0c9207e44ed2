export * from './schema';
export * from './outbox';
export * from './outbox-service';
export * from './mail-config';
export * from './transports';
export * from './mail-dispatcher';
export * from './mail-templates';
export * from './mail-module';
