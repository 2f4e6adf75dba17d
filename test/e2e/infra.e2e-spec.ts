import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { SETTINGS } from '@wijkzorg/application';

const INFRA = join(__dirname, '../../infra');
/** Settings of issue 13 that part CORE adds to SETTINGS; accepted here before that lands. */
const SHARED_STATE_SETTINGS = ['WIJKZORG_SHARED_STATE', 'POSTGRES_URL', 'WIJKZORG_KEY_ENCRYPTION_KEY', 'WIJKZORG_KEY_ENCRYPTION_KEY_ID', 'WIJKZORG_INSTANCE_ID', 'WIJKZORG_LEASE_TTL_MS', 'NODE_ENV'];
/** What production mode refuses to start without: the secrets, and the connection of every store chosen. */
const PRODUCTION_SECRETS = ['WIJKZORG_JWT_SECRET', 'WIJKZORG_PSEUDONYM_KEY', 'WIJKZORG_ANCHOR_SIGNING_KEY', 'WIJKZORG_KEY_ENCRYPTION_KEY'];
const STORE_CONNECTIONS: Record<string, string> = { kurrentdb: 'ESDB_URL', esdb: 'ESDB_URL', postgres: 'POSTGRES_URL', mongodb: 'MONGO_URL' };
/** Values that are credentials: given as files (NAME_FILE), never written into a compose file. */
const SECRET_SETTINGS = [...PRODUCTION_SECRETS, 'ESDB_URL', 'POSTGRES_URL', 'WIJKZORG_JWT_SIGNING_KEY'];

interface Service {
  build?: { dockerfile: string };
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
  secrets?: Record<string, { file: string }>;
}
const compose = (path: string) => load(readFileSync(join(INFRA, path), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as Compose;
const apiServices = (c: Compose) => Object.entries(c.services).filter(([, s]) => s.build?.dockerfile === 'infra/Dockerfile');
/** The value a setting gets in the container: given inline, or read from a secret file by the entrypoint. */
const settingOf = (env: Record<string, string>, name: string) => env[name] ?? env[`${name}_FILE`];

describe.each(['postgres/docker-compose.yml', 'kurrentdb-mongodb/docker-compose.yml'])('infra %s', (file) => {
  const c = compose(file);
  const apis = apiServices(c);

  it('runs three api instances in production mode, each with its own instance id', () => {
    expect(apis.map(([name]) => name)).toEqual(['api1', 'api2', 'api3']);
    for (const [, s] of apis) expect(s.environment?.NODE_ENV).toBe('production');
    expect(new Set(apis.map(([, s]) => s.environment?.WIJKZORG_INSTANCE_ID)).size).toBe(3);
  });

  it('gives every api every secret production requires, and the connection of each store it chose, as secret files', () => {
    for (const [name, s] of apis) {
      const env = s.environment!;
      const stores = [env.WIJKZORG_EVENT_STORE, env.WIJKZORG_READ_MODELS, env.WIJKZORG_SHARED_STATE];
      const required = [...PRODUCTION_SECRETS, ...stores.map((kind) => STORE_CONNECTIONS[kind])];
      for (const setting of required) expect([name, setting, settingOf(env, setting)]).toEqual([name, setting, expect.any(String)]);
      for (const setting of SECRET_SETTINGS) expect([name, setting, env[setting]]).toEqual([name, setting, undefined]);
      for (const [variable, value] of Object.entries(env).filter(([v]) => v.endsWith('_FILE'))) {
        const secret = value.replace('/run/secrets/', '');
        expect([variable, s.secrets]).toEqual([variable, expect.arrayContaining([secret])]);
        // Every secret has a placeholder to copy from.
        const placeholder = join(INFRA, 'secrets.example', c.secrets![secret].file.replace('../secrets/', ''));
        expect([variable, existsSync(placeholder)]).toEqual([variable, true]);
      }
    }
  });

  it('uses only settings the service knows', () => {
    const known = new Set([...Object.keys(SETTINGS), ...SHARED_STATE_SETTINGS]);
    for (const [, s] of apis) for (const variable of Object.keys(s.environment!)) expect([variable, known.has(variable.replace(/_FILE$/, ''))]).toEqual([variable, true]);
    const kinds = { WIJKZORG_EVENT_STORE: ['sqlite', 'kurrentdb', 'esdb', 'postgres'], WIJKZORG_READ_MODELS: ['sqlite', 'mongodb', 'postgres'], WIJKZORG_SHARED_STATE: ['sqlite', 'postgres', 'mongodb'] };
    for (const [, s] of apis) for (const [setting, allowed] of Object.entries(kinds)) expect(allowed).toContain(s.environment![setting]);
  });

  it('puts the proxy in front of every api instance, health-checked on /health/ready', () => {
    const proxy = c.services.proxy;
    const mounted = proxy.volumes!.map((v) => v.split(':')[0]).find((p) => p.endsWith('haproxy.cfg'))!;
    const config = readFileSync(join(INFRA, file, '..', mounted), 'utf8');
    const servers = [...config.matchAll(/^\s*server\s+\S+\s+([\w-]+):(\d+)\s+check/gm)].map(([, host, port]) => `${host}:${port}`);
    expect(servers.sort()).toEqual(apis.map(([name]) => `${name}:3000`).sort());
    expect(config).toMatch(/^\s*option httpchk GET \/health\/ready$/m);
  });
});

describe('infra image entrypoint', () => {
  const entrypoint = join(INFRA, 'wijkzorg-entrypoint.sh');
  const run = (env: Record<string, string>) => spawnSync('sh', [entrypoint, process.execPath, '-e', 'console.log(JSON.stringify({ secret: process.env.WIJKZORG_JWT_SECRET, file: process.env.WIJKZORG_JWT_SECRET_FILE ?? null }))'], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });

  it('sets a setting from its _FILE and leaves no _FILE behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-secrets-'));
    writeFileSync(join(dir, 'jwt_secret'), 'a-secret-of-at-least-thirty-two-characters\n');
    const result = run({ WIJKZORG_JWT_SECRET_FILE: join(dir, 'jwt_secret') });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ secret: 'a-secret-of-at-least-thirty-two-characters', file: null });
  });

  it('refuses to start when a secret file cannot be read, naming the setting', () => {
    const result = run({ WIJKZORG_JWT_SECRET_FILE: '/nonexistent/jwt_secret' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^WIJKZORG_JWT_SECRET_FILE: cannot read \/nonexistent\/jwt_secret/);
  });
});
