import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config';

const kek = randomBytes(32).toString('base64');
/** Everything production asks for, so each test can leave out one thing. */
const PRODUCTION = {
  NODE_ENV: 'production',
  WIJKZORG_JWT_SECRET: 'x'.repeat(40),
  WIJKZORG_PSEUDONYM_KEY: 'p'.repeat(20),
  WIJKZORG_KEY_ENCRYPTION_KEY: kek,
  WIJKZORG_ANCHOR_SIGNING_KEY: 'a configured key',
};

const problemOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('loadConfig: store kinds and shared state', () => {
  it('keeps the embedded defaults without any setting', () => {
    const config = loadConfig({});
    expect([config.eventStore, config.readModels, config.sharedState, config.production]).toEqual(['sqlite', 'sqlite', 'sqlite', false]);
    expect(config.leaseTtlMs).toBe(3000);
    expect(config.instanceId).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{6}$`));
    expect(loadConfig({}).instanceId).not.toBe(config.instanceId);
    expect(loadConfig({ WIJKZORG_INSTANCE_ID: 'api-2', WIJKZORG_LEASE_TTL_MS: '5000' })).toMatchObject({ instanceId: 'api-2', leaseTtlMs: 5000 });
  });

  it('refuses an unknown kind, naming the setting', () => {
    expect(problemOf({ WIJKZORG_EVENT_STORE: 'postgress' })).toMatch(/WIJKZORG_EVENT_STORE must be one of sqlite, esdb, kurrentdb, postgres/);
    expect(problemOf({ WIJKZORG_READ_MODELS: 'mongo' })).toMatch(/WIJKZORG_READ_MODELS must be one of sqlite, mongodb, postgres/);
    expect(problemOf({ WIJKZORG_SHARED_STATE: 'redis' })).toMatch(/WIJKZORG_SHARED_STATE must be one of sqlite, postgres, mongodb/);
  });

  it('needs POSTGRES_URL for every postgres kind, and a postgres or postgresql URL', () => {
    expect(problemOf({ WIJKZORG_EVENT_STORE: 'postgres', WIJKZORG_KEY_ENCRYPTION_KEY: kek })).toMatch(/POSTGRES_URL is required when WIJKZORG_EVENT_STORE=postgres, WIJKZORG_SHARED_STATE=postgres/);
    expect(problemOf({ WIJKZORG_READ_MODELS: 'postgres', WIJKZORG_SHARED_STATE: 'sqlite' })).toMatch(/POSTGRES_URL is required when WIJKZORG_READ_MODELS=postgres/);
    const refused = problemOf({ POSTGRES_URL: 'mysql://user:hunter2@db/wijkzorg' });
    expect(refused).toMatch(/POSTGRES_URL must be a postgres: or postgresql: URL/);
    expect(refused).not.toContain('hunter2');
    expect(problemOf({ WIJKZORG_EVENT_STORE: 'kurrentdb' })).toMatch(/ESDB_URL is required when WIJKZORG_EVENT_STORE=kurrentdb/);
  });

  it('defaults the shared state to the shared store beside it', () => {
    const url = 'postgresql://wijkzorg@localhost:5432/wijkzorg';
    expect(loadConfig({ WIJKZORG_EVENT_STORE: 'postgres', POSTGRES_URL: url, WIJKZORG_KEY_ENCRYPTION_KEY: kek })).toMatchObject({ sharedState: 'postgres', postgresUrl: url });
    expect(loadConfig({ WIJKZORG_READ_MODELS: 'mongodb', MONGO_URL: 'mongodb://localhost:27017', WIJKZORG_KEY_ENCRYPTION_KEY: kek }).sharedState).toBe('mongodb');
    expect(loadConfig({ WIJKZORG_EVENT_STORE: 'esdb', ESDB_URL: 'esdb://localhost:2113?tls=false' }).sharedState).toBe('sqlite');
  });

  it('needs a key-encryption key for non-embedded shared state even outside production', () => {
    expect(problemOf({ WIJKZORG_SHARED_STATE: 'postgres', POSTGRES_URL: 'postgres://localhost/wz' })).toMatch(/WIJKZORG_KEY_ENCRYPTION_KEY is required with WIJKZORG_SHARED_STATE=postgres/);
    expect(problemOf({ WIJKZORG_SHARED_STATE: 'mongodb' })).toMatch(/MONGO_URL is required when WIJKZORG_SHARED_STATE=mongodb/);
  });

  it('prints no password given in the query of a connection string', () => {
    const refused = problemOf({ POSTGRES_URL: 'mysql://db/wijkzorg?user=wz&password=hunter2' });
    expect(refused).toMatch(/POSTGRES_URL must be a postgres: or postgresql: URL/);
    expect(refused).not.toContain('hunter2');
  });

  it('checks the key-encryption keys without printing them', () => {
    const short = randomBytes(16).toString('base64');
    const refused = problemOf({ WIJKZORG_KEY_ENCRYPTION_KEY: short });
    expect(refused).toMatch(/WIJKZORG_KEY_ENCRYPTION_KEY must be the base64 of 32 random bytes/);
    expect(refused).not.toContain(short);
    expect(problemOf({ WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS: `old:${short}` })).toMatch(/WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS must be comma-separated <id>:<base64 of 32 bytes>/);
    expect(loadConfig({ WIJKZORG_KEY_ENCRYPTION_KEY: kek, WIJKZORG_KEY_ENCRYPTION_KEY_ID: 'k2', WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS: `k1:${randomBytes(32).toString('base64')}` }).env.WIJKZORG_KEY_ENCRYPTION_KEY_ID).toBe('k2');
  });
});

describe('loadConfig: production mode (NODE_ENV=production)', () => {
  it('starts with every secret configured, without demo tokens', () => {
    const config = loadConfig(PRODUCTION);
    expect([config.production, config.demoTokens]).toEqual([true, false]);
    expect(loadConfig({ ...PRODUCTION, WIJKZORG_JWT_SECRET: '', WIJKZORG_JWT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----' }).production).toBe(true);
  });

  it.each([
    ['WIJKZORG_JWT_SECRET', /WIJKZORG_JWT_SECRET or WIJKZORG_JWT_SIGNING_KEY is required in production/],
    ['WIJKZORG_PSEUDONYM_KEY', /WIJKZORG_PSEUDONYM_KEY is required in production/],
    ['WIJKZORG_KEY_ENCRYPTION_KEY', /WIJKZORG_KEY_ENCRYPTION_KEY is required in production/],
    ['WIJKZORG_ANCHOR_SIGNING_KEY', /WIJKZORG_ANCHOR_SIGNING_KEY is required in production/],
  ])('refuses to start without %s, naming it', (name, message) => {
    expect(problemOf({ ...PRODUCTION, [name]: '' })).toMatch(message);
  });

  it('names every missing secret at once', () => {
    const refused = problemOf({ NODE_ENV: 'production' });
    for (const name of ['WIJKZORG_JWT_SECRET', 'WIJKZORG_PSEUDONYM_KEY', 'WIJKZORG_KEY_ENCRYPTION_KEY', 'WIJKZORG_ANCHOR_SIGNING_KEY']) expect(refused).toContain(name);
  });

  it('needs no anchor key when checkpoints are off', () => {
    expect(loadConfig({ ...PRODUCTION, WIJKZORG_ANCHOR_SIGNING_KEY: '', WIJKZORG_CHECKPOINTS: 'off' }).production).toBe(true);
  });

  it('refuses a misspelt production mode instead of running with dev secrets and demo tokens', () => {
    for (const spelling of ['Production', 'PRODUCTION', 'production ', 'prod']) {
      expect(problemOf({ ...PRODUCTION, NODE_ENV: spelling })).toMatch(/NODE_ENV must be exactly production/);
    }
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).production).toBe(false);
  });

  it('refuses demo tokens', () => {
    expect(problemOf({ ...PRODUCTION, WIJKZORG_DEMO_TOKENS: 'on' })).toMatch(/WIJKZORG_DEMO_TOKENS=on is not allowed in production/);
  });

  it('refuses the embedded shared state beside a shared store', () => {
    expect(problemOf({ ...PRODUCTION, WIJKZORG_EVENT_STORE: 'esdb', ESDB_URL: 'esdb://localhost:2113?tls=false' })).toMatch(/WIJKZORG_SHARED_STATE=sqlite cannot be used in production beside a shared store/);
    expect(problemOf({ ...PRODUCTION, WIJKZORG_READ_MODELS: 'postgres', POSTGRES_URL: 'postgres://localhost/wz', WIJKZORG_SHARED_STATE: 'sqlite' })).toMatch(/WIJKZORG_SHARED_STATE=sqlite cannot be used/);
    expect(loadConfig({ ...PRODUCTION, WIJKZORG_EVENT_STORE: 'postgres', POSTGRES_URL: 'postgres://localhost/wz' }).sharedState).toBe('postgres');
  });

  it('outside production the same gaps start with generated dev secrets', () => {
    expect(loadConfig({ NODE_ENV: 'development', WIJKZORG_DEMO_TOKENS: 'on' })).toMatchObject({ production: false, demoTokens: true });
  });
});
