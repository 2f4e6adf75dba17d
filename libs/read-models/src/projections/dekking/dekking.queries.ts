import { readModelCollection } from '../../read-model-collection';
import { CoverageDoc, dekkingProjection } from './dekking.projection';

/** The coverage read model's collection, typed. */
export const dekkingQueries = {
  wooncirkels: readModelCollection<CoverageDoc>(dekkingProjection.name, 'wooncirkel'),
};
