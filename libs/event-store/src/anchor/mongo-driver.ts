import type * as Mongo from 'mongodb';
import { loadedOnFirstUse } from '../loaded-on-first-use';

/** The MongoDB driver, loaded when a MongoDB store is first made. */
export const mongoDriver = loadedOnFirstUse<typeof Mongo>('mongodb');
