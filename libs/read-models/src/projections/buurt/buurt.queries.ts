import { readModelCollection } from '../../read-model-collection';
import { BuurtMonth, BuurtonderzoekView, BuurtpleinView, KernMonth, OverlastCareLink, OverlastCase, buurtProjection } from './buurt.projection';

/** The buurt read model's collections, typed. */
export const buurtQueries = {
  overlast: readModelCollection<OverlastCase>(buurtProjection.name, 'overlast'),
  onderzoeken: readModelCollection<BuurtonderzoekView>(buurtProjection.name, 'onderzoek'),
  pleinen: readModelCollection<BuurtpleinView>(buurtProjection.name, 'plein'),
  kern: readModelCollection<KernMonth>(buurtProjection.name, 'kern'),
  months: readModelCollection<BuurtMonth>(buurtProjection.name, 'month'),
  careLinks: readModelCollection<OverlastCareLink>(buurtProjection.name, 'careLink'),
};
