export * from './actor';
export * from './domain-error';
export * from './event';
export * from './values';
export * from './decider';
export * from './given-when-then';
export * from './id-map';
