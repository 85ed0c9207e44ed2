export * from './portal-schema';
export * from './portal-user-actions';
export * from './portal-user-entity';
