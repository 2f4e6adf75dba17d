import { readModelCollection } from '../../read-model-collection';
import { PlannedStepEntry, plannedStepsProjection } from './planned-steps.projection';

export const plannedStepsQueries = {
  steps: readModelCollection<PlannedStepEntry>(plannedStepsProjection.name, 'step'),
};
