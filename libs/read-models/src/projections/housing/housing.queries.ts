import { readModelCollection } from '../../read-model-collection';
import { HomeDoc, HousingOriginMonth, ReciprocityDoc, housingProjection } from './housing.projection';
import { HousingOutcomeMonth, housingOutcomesProjection } from './housing-outcomes.projection';

/** The housing read model's collections, typed. */
export const housingQueries = {
  homes: readModelCollection<HomeDoc>(housingProjection.name, 'home'),
  origins: readModelCollection<HousingOriginMonth>(housingProjection.name, 'origin'),
  reciprocity: readModelCollection<ReciprocityDoc>(housingProjection.name, 'reciprocity'),
  /** Monthly housing outcome counts per wijk (the wonen measures). */
  outcomeMonths: readModelCollection<HousingOutcomeMonth>(housingOutcomesProjection.name, 'month'),
};
