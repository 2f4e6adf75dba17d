export * from './client-key-store';
export * from './personal-data-cipher';
export * from './data-paths';
export * from './erasure-commands';
export * from './local-key-wrapper';
