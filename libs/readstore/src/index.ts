export * from './read-store.port';
export { EmbeddedReadStore, ReadStoreError } from './embedded-read-store';
export { MongoReadStore, type MongoReadStoreOptions } from './mongo-read-store';
