export * from './dashboard.module';
export * from './summary';
