import { readModelCollection } from '../../read-model-collection';
import { ClosureCount, closuresProjection } from './closures.projection';

export const closuresQueries = {
  counts: readModelCollection<ClosureCount>(closuresProjection.name, 'count'),
};
