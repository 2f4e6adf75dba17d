import { readModelCollection } from '../../read-model-collection';
import { WijkCaseload, WijkMonth, WooncirkelCaseload, caseloadProjection } from './caseload.projection';

/** The caseload read model's collections, typed: what the caseload projection writes, queried beside it. */
export const caseloadQueries = {
  wijken: readModelCollection<WijkCaseload>(caseloadProjection.name, 'wijk'),
  wooncirkels: readModelCollection<WooncirkelCaseload>(caseloadProjection.name, 'wooncirkel'),
  months: readModelCollection<WijkMonth>(caseloadProjection.name, 'month'),
};
