export * from './state';
export * from './client';
