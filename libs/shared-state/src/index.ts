// Adapters of the SharedState port (libs/application/src/shared-state): sqlite, postgres, mongodb.
export {};
