import type * as Pg from 'pg';

let driver: typeof Pg | undefined;

/**
 * node-postgres, loaded when a PostgreSQL store is first made (about 7 MiB per V8 isolate), not by every process and
 * rebuild thread that imports these libraries for their embedded stores.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
export const pg = (): typeof Pg => (driver ??= require('pg') as typeof Pg);
