export * from './first-run-setup';
export * from './group-directory';
export * from './security-routes';
export * from './staff-directory';
export { staffUsers, groups, groupMembers, grants } from './security-schema';
