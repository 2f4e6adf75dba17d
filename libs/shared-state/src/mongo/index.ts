import { KeyWrapper, SharedState } from '@wijkzorg/application';

// TODO(lead): replaced at merge by part PGSTATE's MongoDB shared state.
export async function openMongoSharedState(url: string, database: string, keyWrapper: KeyWrapper): Promise<SharedState> {
  void url;
  void database;
  void keyWrapper;
  throw new Error('not built yet');
}
