import { readModelCollection } from '../../read-model-collection';
import { BudgetPotView, budgetPotsProjection } from './budget-pots.projection';
import { DoorbraakYear, doorbraaktafelProjection } from '../doorbraaktafel/doorbraaktafel.projection';
import { DoorbraakCase, doorbraakCasesProjection } from '../doorbraaktafel/doorbraak-cases.projection';

/** The pots read model (per pot) and the doorbraaktafel figures (per gemeente and year), typed. */
export const budgetPotQueries = {
  pots: readModelCollection<BudgetPotView>(budgetPotsProjection.name, 'pot'),
};
export const doorbraaktafelQueries = {
  years: readModelCollection<DoorbraakYear>(doorbraaktafelProjection.name, 'year'),
  cases: readModelCollection<DoorbraakCase>(doorbraakCasesProjection.name, 'case'),
};
