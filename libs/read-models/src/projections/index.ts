import { Projection } from '../projection';
import { budgetProjection } from './budget/budget.projection';
import { caseloadProjection } from './caseload/caseload.projection';
import { wachtlijstProjection } from './wachtlijst/wachtlijst.projection';
import { accessLogProjection } from './access-log/access-log.projection';
import { continuityProjection } from './continuity/continuity.projection';

export * from './budget/budget.projection';
export * from './caseload/caseload.projection';
export * from './wachtlijst/wachtlijst.projection';
export * from './access-log/access-log.projection';
export * from './budget/budget.queries';
export * from './caseload/caseload.queries';
export * from './wachtlijst/wachtlijst.queries';
export * from './access-log/access-log.queries';
export * from './continuity/continuity.projection';
export * from './continuity/continuity.queries';

export const ALL_PROJECTIONS: Projection[] = [caseloadProjection, wachtlijstProjection, budgetProjection, accessLogProjection, continuityProjection];
