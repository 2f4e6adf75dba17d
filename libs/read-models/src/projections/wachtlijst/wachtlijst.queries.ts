import { readModelCollection } from '../../read-model-collection';
import { WaitlistEntry, wachtlijstProjection } from './wachtlijst.projection';
import { CLOSED_WAIT_HISTORY, ClosedWaitHistory, OPEN_WAIT_SUMS, OpenWaitSums } from './wait-sums';

/** The wachtlijst read model's entries (open and closed waits), typed. */
export const wachtlijstQueries = {
  entries: readModelCollection<WaitlistEntry>(wachtlijstProjection.name, 'entry'),
  /** The closed waits summed per area, one document per month of their closing. */
  closedHistory: readModelCollection<ClosedWaitHistory>(wachtlijstProjection.name, CLOSED_WAIT_HISTORY),
  /** The open waits summed (one document, OPEN_WAIT_SUMS_ID). */
  openSums: readModelCollection<OpenWaitSums>(wachtlijstProjection.name, OPEN_WAIT_SUMS),
};
