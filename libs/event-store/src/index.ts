export * from './event-store.port';
export * from './event-ids';
export * from './chain';
export * from './sqlite/sqlite-event-store';
export * from './sqlite/open-sqlite';
export * from './esdb/esdb-event-store';
export * from './open-event-store';
export * from './anchor';
