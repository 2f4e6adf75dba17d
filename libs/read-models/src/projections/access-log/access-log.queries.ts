import { readModelCollection } from '../../read-model-collection';
import { AccessLogEntry, accessLogProjection } from './access-log.projection';

/** The access log (NEN 7513) entries, typed. */
export const accessLogQueries = {
  entries: readModelCollection<AccessLogEntry>(accessLogProjection.name, 'entry'),
};
