export * from './event-store.port';
export * from './in-memory-event-store';
export * from './sqlite-event-store';
