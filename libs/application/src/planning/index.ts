export * from './planned-step-runner';
export * from './planning-preparation';
