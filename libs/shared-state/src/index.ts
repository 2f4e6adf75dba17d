// Adapters of the SharedState port (libs/application/src/shared-state): sqlite, postgres, mongodb.
export * from './sqlite/sqlite-lease-store';
export * from './postgres';
export * from './mongo';
