export * from './browser-module';
export * from './contribution-provider';
export * from './disposable';
export * from './errors';
export * from './navigation';
