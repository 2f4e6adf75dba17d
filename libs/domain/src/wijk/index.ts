export * from './wijk';
export * from './wooncirkel';
export * from './team';
