import type * as Pg from 'pg';
import { loadedOnFirstUse } from '../loaded-on-first-use';

/** node-postgres, loaded when a PostgreSQL store is first made. */
export const postgresDriver = loadedOnFirstUse<typeof Pg>('pg');
