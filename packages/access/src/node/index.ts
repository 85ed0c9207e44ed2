export * from './principal-resolver';
export * from './bearer-auth';
export * from './route-access';
export * from './row-rule';
export * from './access-module';
export * from './audit-schema';
export * from './audit-trail';
export * from './privilege-catalog';
