import { KeyWrapper, SharedState } from '@wijkzorg/application';

// TODO(lead): replaced at merge by part PGSTATE's PostgreSQL shared state.
export async function openPostgresSharedState(url: string, keyWrapper: KeyWrapper): Promise<SharedState> {
  void url;
  void keyWrapper;
  throw new Error('not built yet');
}
