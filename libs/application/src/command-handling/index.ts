export * from './command-meta';
export * from './aggregate-store';
export * from './claims';
export * from './client-command-flow';
export * from './snapshots';
export * from './command-store';
