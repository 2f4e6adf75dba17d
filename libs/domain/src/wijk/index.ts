export * from './wijk';
export * from './wooncirkel';
