import type * as Mongo from 'mongodb';

let driver: typeof Mongo | undefined;

/**
 * The MongoDB driver, loaded when a MongoDB store is first made (about 8 MiB per V8 isolate), not by every process and
 * rebuild thread that imports these libraries for their embedded stores.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
export const mongodb = (): typeof Mongo => (driver ??= require('mongodb') as typeof Mongo);
