import { readModelCollection } from '../../read-model-collection';
import { AccessExceptionView, toegangProjection } from './toegang.projection';

/** The toegang read model: access exceptions and their regularisation. */
export const toegangQueries = {
  exceptions: readModelCollection<AccessExceptionView>(toegangProjection.name, 'exception'),
};
