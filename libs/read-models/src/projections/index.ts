import { Projection } from '../projection';
import { budgetProjection } from './budget/budget.projection';
import { caseloadProjection } from './caseload/caseload.projection';
import { wachtlijstProjection } from './wachtlijst/wachtlijst.projection';
import { accessLogProjection } from './access-log/access-log.projection';
import { toegangProjection } from './toegang/toegang.projection';
import { networkProjection } from './network/network.projection';
import { budgetPotsProjection } from './budget-pots/budget-pots.projection';
import { doorbraaktafelProjection } from './doorbraaktafel/doorbraaktafel.projection';
import { housingProjection } from './housing/housing.projection';
import { plannedStepsProjection } from './planning/planned-steps.projection';
import { closuresProjection } from './closure/closures.projection';
import { buurtProjection } from './buurt/buurt.projection';
import { continuityProjection } from './continuity/continuity.projection';
import { scalingOutcomesProjection } from './scaling-outcomes/scaling-outcomes.projection';
import { moneyFlowsProjection } from './budget/money-flows.projection';
import { doorbraakCasesProjection } from './doorbraaktafel/doorbraak-cases.projection';
import { zorgverloopProjection } from './zorgverloop/zorgverloop.projection';
import { housingOutcomesProjection } from './housing/housing-outcomes.projection';
import { dekkingProjection } from './dekking/dekking.projection';

export * from './budget/budget.projection';
export * from './caseload/caseload.projection';
export * from './wachtlijst/wachtlijst.projection';
export * from './access-log/access-log.projection';
export * from './network/network.projection';
export * from './budget/budget.queries';
export * from './budget/money-flows.projection';
export * from './caseload/caseload.queries';
export * from './wachtlijst/wachtlijst.queries';
export * from './wachtlijst/wait-sums';
export * from './access-log/access-log.queries';
export * from './toegang/toegang.projection';
export * from './toegang/toegang.queries';

export * from './network/network.queries';

export * from './budget-pots/budget-pots.projection';
export * from './doorbraaktafel/doorbraaktafel.projection';
export * from './doorbraaktafel/doorbraak-cases.projection';
export * from './budget-pots/budget-pots.queries';

export * from './housing/housing.projection';
export * from './housing/housing.queries';

export * from './planning/planned-steps.projection';
export * from './planning/planned-steps.queries';
export * from './closure/closures.projection';
export * from './closure/closures.queries';

export * from './buurt/buurt.projection';
export * from './buurt/buurt.queries';

export * from './continuity/continuity.projection';
export * from './continuity/continuity.queries';

export * from './scaling-outcomes/scaling-outcomes.projection';
export * from './scaling-outcomes/scaling-outcomes.queries';
export * from './zorgverloop/zorgverloop.projection';
export * from './zorgverloop/zorgverloop.queries';
export * from './housing/housing-outcomes.projection';
export * from './dekking/dekking.projection';
export * from './dekking/dekking.queries';

export const ALL_PROJECTIONS: Projection[] = [
  caseloadProjection,
  wachtlijstProjection,
  budgetProjection,
  accessLogProjection,
  toegangProjection,
  networkProjection,
  budgetPotsProjection,
  doorbraaktafelProjection,
  housingProjection,
  plannedStepsProjection,
  closuresProjection,
  buurtProjection,
  continuityProjection,
  scalingOutcomesProjection,
  moneyFlowsProjection,
  doorbraakCasesProjection,
  zorgverloopProjection,
  housingOutcomesProjection,
  dekkingProjection,
];
