// Adapters of the SharedState port (libs/application/src/shared-state): sqlite, postgres, mongodb.
export * from './open-shared-state';
export * from './sqlite/sqlite-lease-store';
export * from './sqlite/sqlite-client-key-store';
export * from './sqlite/sqlite-webhook-store';
export * from './sqlite/sqlite-session-store';
export * from './sqlite/sqlite-ticket-store';
export * from './sqlite/sqlite-secret-store';
export * from './sqlite/sqlite-shared-state';
export * from './postgres';
export * from './mongo';
