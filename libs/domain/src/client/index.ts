export * from '../shared/client-state';
export * from './client';
