export * from './command-meta';
export * from './aggregate-store';
export * from './care-commands';
export * from './upcasters';
