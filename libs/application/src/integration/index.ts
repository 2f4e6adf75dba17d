export * from './pseudonymizer';
export * from './cloud-events';
export * from './webhook-store';
export * from './webhook-dispatcher';
export * from './ssrf-guard';
export * from './async-sqlite-webhook-store';
