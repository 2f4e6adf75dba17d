import { ConfigError } from './config';

/** Connection strings with their user and password masked, for messages and logs. */
export const withoutCredentials = (text: string) => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1<credentials>@');

/**
 * Start-up check of one configured store: `probe` (a ping or a cheap read) must answer within
 * `timeoutMs`, else start-up is refused with a ConfigError naming the setting that points at the store.
 */
export async function ensureReachable(setting: string, probe: () => Promise<unknown>, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
  } catch (error) {
    throw new ConfigError(`${setting}: the store cannot be reached (${withoutCredentials((error as Error).message || String(error))})`);
  } finally {
    clearTimeout(timer);
  }
}

/** The setting that points at a store of the given kind. */
export function settingOfStore(kind: string): string {
  if (kind === 'postgres') return 'POSTGRES_URL';
  if (kind === 'esdb' || kind === 'kurrentdb') return 'ESDB_URL';
  if (kind === 'mongodb') return 'MONGO_URL';
  return 'WIJKZORG_DATA_DIR';
}
