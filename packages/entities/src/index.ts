export * from './common/index';
export * from './node/index';
