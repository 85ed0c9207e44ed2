export * from './first-run-setup';
export * from './group-directory';
export * from './security-routes';
export * from './staff-directory';
export { staffUsers, groups, groupMembers, grants } from './security-schema';
export * from './api-tokens-service';
export { apiTokens } from './api-tokens-schema';
