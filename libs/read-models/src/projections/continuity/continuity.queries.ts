import { readModelCollection } from '../../read-model-collection';
import { ClientContinuity, TeamComposition, continuityProjection } from './continuity.projection';

/** The continuity read model: team composition per wooncirkel and begeleider changes per client. */
export const continuityQueries = {
  teams: readModelCollection<TeamComposition>(continuityProjection.name, 'team'),
  clients: readModelCollection<ClientContinuity>(continuityProjection.name, 'client'),
};
