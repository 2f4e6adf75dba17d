import { Projection } from '../projection';
import { budgetProjection } from './budget/budget.projection';
import { caseloadProjection } from './caseload/caseload.projection';
import { wachtlijstProjection } from './wachtlijst/wachtlijst.projection';

export * from './budget/budget.projection';
export * from './caseload/caseload.projection';
export * from './wachtlijst/wachtlijst.projection';

export const ALL_PROJECTIONS: Projection[] = [caseloadProjection, wachtlijstProjection, budgetProjection];
