import { readModelCollection } from '../../read-model-collection';
import { ClientBudget, WijkBudget, WijkBudgetMonth, WijkFigureChanges, budgetProjection } from './budget.projection';
import { MoneyFlowMonth, moneyFlowsProjection } from './money-flows.projection';

/** The budget read model's collections, typed: per client, per wijk and year, per wijk and month. */
export const budgetQueries = {
  clients: readModelCollection<ClientBudget>(budgetProjection.name, 'client'),
  wijkYears: readModelCollection<WijkBudget>(budgetProjection.name, 'wijk'),
  wijkMonths: readModelCollection<WijkBudgetMonth>(budgetProjection.name, 'month'),
  /** One document (WIJK_FIGURE_CHANGES_ID): how often the wijk-year and wijk-month documents changed. */
  wijkFigureChanges: readModelCollection<WijkFigureChanges>(budgetProjection.name, 'changes'),
};

/** Money per area and calendar month, by flow, pot, funder and purpose (outcome measures). */
export const moneyFlowQueries = {
  months: readModelCollection<MoneyFlowMonth>(moneyFlowsProjection.name, 'month'),
};
