export * from './read-model-store.port';
export * from './projection';
export * from './projection-runner';
export * from './projections';
export * from './sqlite/sqlite-read-model-store';
export * from './mongo/mongo-read-model-store';
export * from './open-read-model-store';
export * from './projection-specification';
