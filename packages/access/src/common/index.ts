export * from './principal';
export * from './privileges';
