export * from './checkpoint';
export * from './checkpoint-store';
export * from './postgres-checkpoint-store';
export * from './mongo-checkpoint-store';
export * from './anchor';
