export * from './principal-resolver';
export * from './route-access';
export * from './row-rule';
