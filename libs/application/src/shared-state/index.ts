export * from './leases';
export * from './secrets';
export * from './shared-state.port';
export * from './lease-keeper';
