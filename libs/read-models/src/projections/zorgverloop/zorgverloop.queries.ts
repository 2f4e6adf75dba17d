import { readModelCollection } from '../../read-model-collection';
import { ZorgMonth, zorgverloopProjection } from './zorgverloop.projection';

/** The caseload per wijk and month (changes and flows), for the outcome measures of group `zorg`. */
export const zorgverloopQueries = {
  months: readModelCollection<ZorgMonth>(zorgverloopProjection.name, 'month'),
};
