import { readModelCollection } from '../../read-model-collection';
import { ScalingMonth, scalingOutcomesProjection } from './scaling-outcomes.projection';

export const scalingOutcomesQueries = {
  /** One document per calendar month: steps per wijk and window's last day, moves per wijk. */
  months: readModelCollection<ScalingMonth>(scalingOutcomesProjection.name, 'month'),
};
