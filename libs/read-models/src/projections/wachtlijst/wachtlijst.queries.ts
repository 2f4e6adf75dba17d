import { readModelCollection } from '../../read-model-collection';
import { WaitlistEntry, wachtlijstProjection } from './wachtlijst.projection';

/** The wachtlijst read model's entries (open and closed waits), typed. */
export const wachtlijstQueries = {
  entries: readModelCollection<WaitlistEntry>(wachtlijstProjection.name, 'entry'),
};
