import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The one place where wijkzorg reads its environment: every setting, validated at start-up. Only the
 * entry points (the api's main/bootstrap, the CLI's main) hand process.env in; the libraries' loaders
 * receive the validated settings. An invalid value refuses to start (the CLI: exit 2), naming the
 * setting, instead of silently falling back to a default.
 * Defaults and meanings are the README's configuration table; keep both in step.
 */
export class ConfigError extends Error {}

type Raw = Record<string, string | undefined>;
type Setting = { description: string; check?: (value: string) => string | undefined };

const oneOf =
  (...values: string[]) =>
  (value: string) =>
    values.includes(value) ? undefined : `must be one of ${values.join(', ')}`;
const onOff = oneOf('on', 'off');
// Also 1/0: scripts commonly set a flag to 1.
const flag = oneOf('on', 'off', '1', '0');
const positiveInteger = (value: string) => (/^[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value)) ? undefined : 'must be a positive whole number');
const nonNegativeInteger = (value: string) => (/^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? undefined : 'must be a whole number (0 or more)');
const url =
  (...protocols: string[]) =>
  (value: string) => {
    try {
      return protocols.includes(new URL(value).protocol) ? undefined : `must be a ${protocols.join(' or ')} URL`;
    } catch {
      return 'must be a URL';
    }
  };
const minLength = (n: number) => (value: string) => (value.length >= n ? undefined : `must be at least ${n} characters`);
const durationList = (value: string) => (value.split(',').every((part) => /^\d+$/.test(part.trim())) ? undefined : 'must be comma-separated milliseconds, e.g. 1000,5000,30000');
const rateLimit = (value: string) => (value === 'off' || /^[1-9]\d*\/[1-9]\d*s$/.test(value) ? undefined : 'must be off or <requests>/<seconds>s, e.g. 600/60s');
const logLevel = oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent');
const key32 = (value: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32 ? undefined : 'must be the base64 of 32 random bytes (openssl rand -base64 32)');
const keyId = (value: string) => (/^[\w.-]{1,64}$/.test(value) ? undefined : 'must be 1-64 letters, digits, ._-');
const previousKeys = (value: string) =>
  value.split(',').every((entry) => {
    const [id, key, ...rest] = entry.trim().split(':');
    return rest.length === 0 && key !== undefined && !keyId(id) && !key32(key);
  })
    ? undefined
    : 'must be comma-separated <id>:<base64 of 32 bytes> entries';

export const SETTINGS = {
  PORT: { description: 'HTTP port', check: positiveInteger },
  HOST: { description: 'interface to listen on' },
  WIJKZORG_DATA_DIR: { description: 'where the embedded files live' },
  WIJKZORG_SQLITE_PATH: { description: 'the embedded SQLite file' },
  NODE_ENV: {
    description: 'production refuses to start without its secrets and with embedded shared state beside a shared store',
    // A misspelt production mode would silently run with generated dev secrets and demo tokens.
    check: (v: string) => (v !== 'production' && ['production', 'prod'].includes(v.trim().toLowerCase()) ? 'must be exactly production (lower case) for production mode' : undefined),
  },
  WIJKZORG_EVENT_STORE: { description: 'event store kind', check: oneOf('sqlite', 'esdb', 'kurrentdb', 'postgres') },
  ESDB_URL: { description: 'EventStoreDB/KurrentDB connection string', check: url('esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:') },
  WIJKZORG_READ_MODELS: { description: 'read-model store kind', check: oneOf('sqlite', 'mongodb', 'postgres') },
  WIJKZORG_SHARED_STATE: { description: 'where keys, webhooks, sessions, tickets, secrets and leases live', check: oneOf('sqlite', 'postgres', 'mongodb') },
  POSTGRES_URL: { description: 'PostgreSQL connection string', check: url('postgres:', 'postgresql:') },
  MONGO_URL: { description: 'MongoDB connection string', check: url('mongodb:', 'mongodb+srv:') },
  MONGO_DATABASE: { description: 'MongoDB database name' },
  WIJKZORG_KEY_ENCRYPTION_KEY: { description: 'key-encryption key that wraps the client keys', check: key32 },
  WIJKZORG_KEY_ENCRYPTION_KEY_ID: { description: 'id of the key-encryption key', check: keyId },
  WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS: { description: 'earlier key-encryption keys, still unwrapping', check: previousKeys },
  WIJKZORG_INSTANCE_ID: { description: 'name of this api instance (lease owner)', check: keyId },
  WIJKZORG_LEASE_TTL_MS: { description: 'lifetime of a background-work lease', check: positiveInteger },
  WIJKZORG_JWT_SECRET: { description: 'HS256 token secret', check: minLength(32) },
  WIJKZORG_JWT_SIGNING_KEY: { description: 'PEM private key that signs tokens', check: (v) => (v.includes('PRIVATE KEY') ? undefined : 'must be a PEM private key (PKCS#8)') },
  WIJKZORG_JWT_KEY_ID: { description: 'kid of the signing key', check: (v) => (/^[\w.-]{1,64}$/.test(v) ? undefined : 'must be 1-64 letters, digits, ._-') },
  WIJKZORG_JWT_VERIFICATION_KEYS: { description: 'path of a JWKS file of accepted public keys' },
  WIJKZORG_DEMO_TOKENS: { description: 'write demo tokens without a secret', check: onOff },
  WIJKZORG_PSEUDONYM_KEY: { description: 'key of integrator pseudonyms', check: minLength(16) },
  WIJKZORG_ANCHOR_SIGNING_KEY: { description: 'Ed25519 key that signs head checkpoints' },
  WIJKZORG_CHECKPOINTS: { description: 'sign head checkpoints', check: onOff },
  WIJKZORG_CHECKPOINT_EVERY_EVENTS: { description: 'checkpoint every N events', check: positiveInteger },
  WIJKZORG_CHECKPOINT_EVERY_SECONDS: { description: 'checkpoint every T seconds', check: positiveInteger },
  WIJKZORG_CHECKPOINT_POLL_MS: { description: 'checkpoint poll interval', check: positiveInteger },
  WIJKZORG_WEBHOOKS: { description: 'deliver webhooks', check: onOff },
  WIJKZORG_PROJECTIONS: { description: 'run live projections', check: onOff },
  WIJKZORG_WEBHOOK_ALLOWED_HOSTS: { description: 'hosts webhooks may reach although private' },
  WIJKZORG_WEBHOOK_RETRY_MS: { description: 'delays between webhook attempts', check: durationList },
  WIJKZORG_WEBHOOK_TIMEOUT_MS: { description: 'time for one webhook attempt', check: positiveInteger },
  WIJKZORG_RATE_LIMIT: { description: 'requests per credential per window', check: rateLimit },
  WIJKZORG_SIGN_IN_LIMIT: { description: 'sign-in attempts (POST /sessie) per client address per window', check: rateLimit },
  WIJKZORG_SESSION_TTL_SECONDS: { description: 'lifetime of a browser session cookie', check: positiveInteger },
  WIJKZORG_SESSION_COOKIE_SECURE: { description: 'mark the session cookie Secure: auto (when the request came over https) or on (always)', check: oneOf('auto', 'on') },
  WIJKZORG_READY_MAX_LAG: { description: 'events a projection may trail the head and still be ready', check: nonNegativeInteger },
  WIJKZORG_CATCH_UP_WAIT_SECONDS: { description: 'how long a read without minPosition waits for the first catch-up after start before 503', check: nonNegativeInteger },
  WIJKZORG_READY_MAX_WEBHOOK_AGE_SECONDS: { description: 'oldest due webhook delivery before not ready', check: positiveInteger },
  WIJKZORG_LOG_LEVEL: { description: 'log level', check: logLevel },
  OTEL_EXPORTER_OTLP_ENDPOINT: { description: 'OTLP/HTTP endpoint; enables trace export', check: url('http:', 'https:') },
  OTEL_SERVICE_NAME: { description: 'service name in traces' },
  WIJKZORG_PROGRESS_LINES: { description: 'CLI: one progress line per batch on stdout', check: flag },
  WIJKZORG_PLANNED_STEPS_EVERY_SECONDS: { description: 'api: run due planned steps every T seconds (off: only the CLI runs them)', check: (v: string) => (v === 'off' ? undefined : positiveInteger(v)) },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
/** The validated environment: only known settings, as given (libraries apply their documented defaults). */
export type SettingsEnv = Readonly<Partial<Record<SettingName, string>>>;

/** Typed, validated settings of the api and the CLI. */
export interface WijkzorgConfig {
  env: SettingsEnv;
  port: number;
  host: string;
  dataDir: string;
  eventStore: 'sqlite' | 'esdb' | 'kurrentdb' | 'postgres';
  readModels: 'sqlite' | 'mongodb' | 'postgres';
  /** Default: postgres when either store is postgres, mongodb when the read models are, else sqlite. */
  sharedState: 'sqlite' | 'postgres' | 'mongodb';
  postgresUrl?: string;
  /** NODE_ENV=production: every secret configured, no demo tokens, shared state beside shared stores. */
  production: boolean;
  /** Names this instance as a lease owner; default `<hostname>-<pid>-<random>`. */
  instanceId: string;
  leaseTtlMs: number;
  demoTokens: boolean;
  webhooks: boolean;
  projections: boolean;
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  /** undefined: no rate limit. */
  rateLimit?: { limit: number; windowMs: number };
  /** undefined: sign-in attempts are not limited beyond rateLimit. */
  signInLimit?: { limit: number; windowMs: number };
  sessionTtlSeconds: number;
  /** 'auto': Secure when the request arrived over https (TLS here or X-Forwarded-Proto of the proxy); 'on': always. */
  sessionCookieSecure: 'auto' | 'on';
  readyMaxLag: number;
  /** How long a read without minPosition waits for the api's first catch-up after start before it answers 503. */
  firstCatchUpWaitMs: number;
  readyMaxWebhookAgeMs: number;
  logLevel: string;
  otlpEndpoint?: string;
  serviceName: string;
  /** CLI: a `progress <projection> <position> <head>` line per batch on stdout, for scripts and tests. */
  progressLines: boolean;
  /** How often the api runs due planned steps; undefined: never (the CLI's planned-steps run-due does). */
  plannedStepsEveryMs?: number;
}

/** Validates the environment; throws a ConfigError naming every invalid setting. */
export function loadConfig(raw: Raw): WijkzorgConfig {
  const env: Partial<Record<SettingName, string>> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, Setting][]) {
    const value = raw[name];
    if (value === undefined || value === '') continue;
    const problem = setting.check?.(value);
    if (problem) problems.push(`${name} ${problem} (${setting.description}), got ${JSON.stringify(name.includes('SECRET') || name.includes('KEY') || name.includes('TOKEN') || (name.endsWith('_URL') && /@|password/i.test(value)) ? '<hidden>' : value)}`);
    else env[name] = value;
  }
  const eventStore = (env.WIJKZORG_EVENT_STORE ?? 'sqlite') as WijkzorgConfig['eventStore'];
  const readModels = (env.WIJKZORG_READ_MODELS ?? 'sqlite') as WijkzorgConfig['readModels'];
  const sharedState = (env.WIJKZORG_SHARED_STATE ?? (eventStore === 'postgres' || readModels === 'postgres' ? 'postgres' : readModels === 'mongodb' ? 'mongodb' : 'sqlite')) as WijkzorgConfig['sharedState'];
  const production = env.NODE_ENV === 'production';
  if ((eventStore === 'esdb' || eventStore === 'kurrentdb') && !env.ESDB_URL) problems.push(`ESDB_URL is required when WIJKZORG_EVENT_STORE=${eventStore}, e.g. esdb://localhost:2113?tls=false`);
  if (readModels === 'mongodb' && !env.MONGO_URL) problems.push('MONGO_URL is required when WIJKZORG_READ_MODELS=mongodb, e.g. mongodb://localhost:27017');
  if (sharedState === 'mongodb' && readModels !== 'mongodb' && !env.MONGO_URL) problems.push('MONGO_URL is required when WIJKZORG_SHARED_STATE=mongodb, e.g. mongodb://localhost:27017');
  const needingPostgres = [eventStore === 'postgres' && 'WIJKZORG_EVENT_STORE', readModels === 'postgres' && 'WIJKZORG_READ_MODELS', sharedState === 'postgres' && 'WIJKZORG_SHARED_STATE'].filter(Boolean);
  if (needingPostgres.length && !env.POSTGRES_URL) problems.push(`POSTGRES_URL is required when ${needingPostgres.map((name) => `${name}=postgres`).join(', ')}, e.g. postgres://wijkzorg@localhost:5432/wijkzorg`);
  if (env.WIJKZORG_JWT_KEY_ID && !env.WIJKZORG_JWT_SIGNING_KEY) problems.push('WIJKZORG_JWT_KEY_ID names the kid of WIJKZORG_JWT_SIGNING_KEY, which is not set');
  // A key generated per instance would wrap each instance's client keys differently.
  if (sharedState !== 'sqlite' && !env.WIJKZORG_KEY_ENCRYPTION_KEY) problems.push(`WIJKZORG_KEY_ENCRYPTION_KEY is required with WIJKZORG_SHARED_STATE=${sharedState}: every instance must wrap client keys with the same key`);
  if (production) problems.push(...productionProblems(env, eventStore, readModels, sharedState));
  if (problems.length) throw new ConfigError(`invalid configuration${production ? ' (NODE_ENV=production)' : ''}: ${[...new Set(problems)].join('; ')}`);
  const limitOf = (value: string) => {
    const [limit, seconds] = value.split('/');
    return value === 'off' ? undefined : { limit: Number(limit), windowMs: Number(seconds.replace('s', '')) * 1000 };
  };
  return {
    env: Object.freeze(env),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.WIJKZORG_DATA_DIR ?? join(process.cwd(), 'data'),
    eventStore,
    readModels,
    sharedState,
    postgresUrl: env.POSTGRES_URL,
    production,
    instanceId: env.WIJKZORG_INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseTtlMs: Number(env.WIJKZORG_LEASE_TTL_MS ?? 3000),
    demoTokens: !production && env.WIJKZORG_DEMO_TOKENS !== 'off',
    webhooks: env.WIJKZORG_WEBHOOKS !== 'off',
    projections: env.WIJKZORG_PROJECTIONS !== 'off',
    webhookRetryDelaysMs: env.WIJKZORG_WEBHOOK_RETRY_MS?.split(',').map(Number),
    webhookTimeoutMs: env.WIJKZORG_WEBHOOK_TIMEOUT_MS ? Number(env.WIJKZORG_WEBHOOK_TIMEOUT_MS) : undefined,
    rateLimit: limitOf(env.WIJKZORG_RATE_LIMIT ?? '600/60s'),
    signInLimit: limitOf(env.WIJKZORG_SIGN_IN_LIMIT ?? '10/60s'),
    sessionTtlSeconds: Number(env.WIJKZORG_SESSION_TTL_SECONDS ?? 1800),
    sessionCookieSecure: (env.WIJKZORG_SESSION_COOKIE_SECURE ?? 'auto') as WijkzorgConfig['sessionCookieSecure'],
    readyMaxLag: Number(env.WIJKZORG_READY_MAX_LAG ?? 10_000),
    firstCatchUpWaitMs: Number(env.WIJKZORG_CATCH_UP_WAIT_SECONDS ?? 30) * 1000,
    readyMaxWebhookAgeMs: Number(env.WIJKZORG_READY_MAX_WEBHOOK_AGE_SECONDS ?? 900) * 1000,
    logLevel: env.WIJKZORG_LOG_LEVEL ?? 'info',
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME ?? 'wijkzorg-api',
    progressLines: env.WIJKZORG_PROGRESS_LINES === 'on' || env.WIJKZORG_PROGRESS_LINES === '1',
    plannedStepsEveryMs: env.WIJKZORG_PLANNED_STEPS_EVERY_SECONDS === 'off' ? undefined : Number(env.WIJKZORG_PLANNED_STEPS_EVERY_SECONDS ?? 60) * 1000,
  };
}

/**
 * What production (NODE_ENV=production) refuses: a generated secret would differ per instance and
 * vanish with a container, demo tokens are for trying the service, and the embedded shared state
 * cannot be shared by the several instances a shared store is there for.
 */
function productionProblems(env: SettingsEnv, eventStore: string, readModels: string, sharedState: string): string[] {
  const problems: string[] = [];
  const missing = (name: string, why: string) => problems.push(`${name} is required in production (${why})`);
  if (!env.WIJKZORG_JWT_SECRET && !env.WIJKZORG_JWT_SIGNING_KEY) missing('WIJKZORG_JWT_SECRET or WIJKZORG_JWT_SIGNING_KEY', 'signs tokens');
  if (!env.WIJKZORG_PSEUDONYM_KEY) missing('WIJKZORG_PSEUDONYM_KEY', 'keys the pseudonyms integrators see');
  if (!env.WIJKZORG_KEY_ENCRYPTION_KEY) missing('WIJKZORG_KEY_ENCRYPTION_KEY', 'wraps the client keys');
  if (!env.WIJKZORG_ANCHOR_SIGNING_KEY && env.WIJKZORG_CHECKPOINTS !== 'off') missing('WIJKZORG_ANCHOR_SIGNING_KEY', 'signs head checkpoints; or WIJKZORG_CHECKPOINTS=off');
  if (env.WIJKZORG_DEMO_TOKENS === 'on') problems.push('WIJKZORG_DEMO_TOKENS=on is not allowed in production (it writes credentials to the data directory)');
  if (sharedState === 'sqlite' && (eventStore !== 'sqlite' || readModels !== 'sqlite'))
    problems.push(`WIJKZORG_SHARED_STATE=sqlite cannot be used in production beside a shared store (WIJKZORG_EVENT_STORE=${eventStore}, WIJKZORG_READ_MODELS=${readModels}): set WIJKZORG_SHARED_STATE=postgres or mongodb`);
  return problems;
}
