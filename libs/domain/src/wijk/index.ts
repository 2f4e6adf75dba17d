export * from './wijk';
export * from './wooncirkel';
export * from './team';
export * from './day-and-night-care';
export * from './kern-closure';
