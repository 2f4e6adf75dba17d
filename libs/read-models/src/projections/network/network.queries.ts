import { readModelCollection } from '../../read-model-collection';
import { WijkNetwork, WijkNetworkMonth, networkProjection } from './network.projection';

/** The network read model's collections, typed. */
export const networkQueries = {
  wijken: readModelCollection<WijkNetwork>(networkProjection.name, 'wijk'),
  months: readModelCollection<WijkNetworkMonth>(networkProjection.name, 'month'),
};
