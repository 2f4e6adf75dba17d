#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ACCESS_PURPOSES, ACTOR_ROLES, AccessPurpose, ActorRole } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { AggregateStore, ConfigError, PersonalDataCipher, PlannedStepRunner, SharedState, commandStoreOf, loadConfig, reconcileClaims, reconcilePotReleases } from '@wijkzorg/application';
import { ALL_PROJECTIONS } from '@wijkzorg/read-models';
import { UsageError, oneLineMessage } from './usage-error';
import { CliSettings, cliSettings, openCliEventStore, openCliSharedState } from './settings';
import { seedDemo } from './seed/seed-demo';
import { projectionsCatchUp, projectionsRebuild, projectionsStatus } from './projections/projections-command';
import { auditCheckpoint, auditCheckpoints, auditPublicKey, auditReplay, auditVerify } from './audit/audit-command';
import { createApiKey, issueToken, revokeApiKey } from './auth/auth-command';
import { generateDocs } from './docs/generate-docs';

const ENVIRONMENT_HELP = `
Environment:
  WIJKZORG_DATA_DIR            data directory (default ./data); or WIJKZORG_SQLITE_PATH for the event store file
  WIJKZORG_EVENT_STORE=kurrentdb with ESDB_URL: KurrentDB/EventStoreDB instead of the embedded store (esdb: alias; postgres: POSTGRES_URL)
  WIJKZORG_READ_MODELS=mongodb with MONGO_URL: read models in MongoDB (postgres: POSTGRES_URL)
  WIJKZORG_SHARED_STATE        where client keys and generated secrets live (sqlite, postgres, mongodb), as for the api
  WIJKZORG_JWT_SECRET          token secret, else one generated into the shared state
  WIJKZORG_JWT_SIGNING_KEY     PEM private key that signs tokens instead of the secret (Ed25519, EC P-256, RSA)
  WIJKZORG_ANCHOR_SIGNING_KEY  checkpoint signing key (Ed25519 PKCS#8, PEM or base64), else anchor-signing-key.pem in the data dir
  WIJKZORG_PROGRESS_LINES=on   one "progress <projection> <position> <head>" line per batch on stdout
  Every setting is validated as the api validates it (README, Configuration); an invalid one exits 2.

Exit codes: 0 done, 1 failed, 2 wrong usage, 3 the audit log was altered, rewritten or cut short.`;

const wholeNumber = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
};
/** Threads of a rebuild: each holds its own heap and connections, so more than the cores seldom pays. */
const threadCount = (value: string): number => {
  const n = wholeNumber(value);
  if (n < 1 || n > 16) throw new InvalidArgumentError('must be between 1 and 16');
  return n;
};
const utcTime = (value: string): string => {
  if (Number.isNaN(Date.parse(value)) || !value.endsWith('Z')) throw new InvalidArgumentError('must be an ISO-8601 UTC time like 2026-06-30T12:00:00Z');
  return value;
};
const commaList = (value: string): string[] => value.split(',').filter(Boolean);
const EVERYONE_BUT_SYSTEM = ACTOR_ROLES.filter((r) => r !== 'system');

/** Opens the event store and the shared state (client keys) for one command, and closes them after. */
async function withStores(settings: CliSettings, work: (events: EventStore, shared: SharedState) => Promise<number>): Promise<number> {
  const events = await openCliEventStore(settings);
  try {
    const shared = await openCliSharedState(settings);
    try {
      return await work(events, shared);
    } finally {
      await shared.close();
    }
  } finally {
    await events.close();
  }
}

/**
 * The commands' store for a CLI command. A snapshot it could not write is counted for the command's report, not printed
 * (stderr carries the one line of an error); the snapshots it takes are written before the stores close, also when
 * the command fails.
 */
function withCommandStore(settings: CliSettings, work: (store: AggregateStore, snapshotsNotWritten: () => number) => Promise<number>): Promise<number> {
  return withStores(settings, async (events, shared) => {
    let notWritten = 0;
    const store = await commandStoreOf(events, shared, () => notWritten++);
    try {
      return await work(store, () => notWritten);
    } finally {
      await store.snapshotsSettled();
    }
  });
}

/** A report's count of snapshots not written, only where there were any. */
const snapshotFailures = (count: number) => (count > 0 ? { snapshotsNotWritten: count } : {});

export function buildProgram(settings: CliSettings, exitWith: (code: number) => void): Command {
  const program = new Command('wijkzorg').description('wijkzorg: seed a demo region, run projections, audit the log, issue credentials, regenerate docs').exitOverride().showSuggestionAfterError(true).addHelpText('after', ENVIRONMENT_HELP);
  const run = (work: () => Promise<number>) => async () => exitWith(await work());

  program
    .command('seed')
    .description("generate a demo region (Zaanstad, Hoorn, Purmerend, Zeist, Amsterdam Zuidoost, 's-Hertogenbosch, Breda) with client trajectories, through the real command flows")
    .option('--clients <n>', 'number of clients', wholeNumber, 3000)
    .option('--seed <n>', 'random seed', wholeNumber, 42)
    .option('--from <time>', 'first day of the trajectories', utcTime, '2025-01-01T00:00:00Z')
    .option('--until <time>', 'last day of the trajectories (default: now)', utcTime)
    .option('--if-empty', 'do nothing when the event store already holds events')
    .option('--force', 'add to a store that already holds events')
    .action((options: { clients: number; seed: number; from: string; until?: string; ifEmpty?: boolean; force?: boolean }) =>
      run(() =>
        withStores(settings, async (events, shared) => {
          if ((await events.headPosition()) > 0 && !options.force) {
            if (options.ifEmpty) {
              console.log('event store already holds events: not seeding');
              return 0;
            }
            throw new UsageError('the event store is not empty; seed a fresh data directory (or pass --force to add to it)');
          }
          const started = Date.now();
          const report = await seedDemo(events, {
            clients: options.clients,
            seed: options.seed,
            from: options.from,
            until: options.until ?? new Date().toISOString(),
            onProgress: (done, total) => process.stderr.write(`\r  seeding: ${done}/${total} commands`),
            cipher: new PersonalDataCipher(shared.keys),
          });
          process.stderr.write('\n');
          console.log(JSON.stringify({ ...report, seconds: (Date.now() - started) / 1000 }, null, 2));
          return 0;
        }),
      )(),
    );

  const projections = program.command('projections').description('status, rebuild and catch-up of the read models');
  projections
    .command('status')
    .description('position, code version and lag of every projection')
    .option('--batch-size <n>', 'events read per batch', wholeNumber, 2000)
    .action((options: { batchSize: number }) => run(() => withStores(settings, (events) => projectionsStatus(events, settings, options)))());
  projections
    .command('rebuild')
    .description('rebuild one projection, or all, from position zero, with progress')
    .addArgument(new Argument('[name]', 'the projection (default: all)').choices(ALL_PROJECTIONS.map((p) => p.name)))
    .option('--batch-size <n>', 'events read per batch', wholeNumber, 50_000)
    .option('--threads <n>', 'threads, each rebuilding a group of projections of about equal work in its own pass over the log', threadCount, 1)
    .action((name: string | undefined, options: { batchSize: number; threads: number }) => run(() => withStores(settings, (events) => projectionsRebuild(events, settings, name, options)))());
  projections
    .command('catch-up')
    .description('bring every projection up to the head of the log (resumes after a crash)')
    .option('--batch-size <n>', 'events read per batch', wholeNumber, 50_000)
    .action((options: { batchSize: number }) => run(() => withStores(settings, (events) => projectionsCatchUp(events, settings, options)))());

  const audit = program.command('audit').description('replay a client, verify the hash chain, sign and publish checkpoints');
  audit
    .command('replay')
    .description('every event of the client with the state after it, who decided and why (logged as an access)')
    .argument('<clientId>', 'the client')
    .requiredOption('--auditor <id>', 'who reads (written to the access log)')
    .addOption(new Option('--purpose <purpose>', 'why').choices(ACCESS_PURPOSES).default('audit'))
    .option('--as-of <time>', 'as recorded by this time', utcTime)
    .option('--valid-at <time>', 'as happened by this time', utcTime)
    .option('--json', 'the trajectory as JSON')
    .action((clientId: string, options: { auditor: string; purpose: AccessPurpose; asOf?: string; validAt?: string; json?: boolean }) => run(() => withStores(settings, (events, shared) => auditReplay(events, new PersonalDataCipher(shared.keys), clientId, options)))());
  audit
    .command('verify')
    .description("recompute the hash chain through every signed checkpoint (and an outsider's copy, an expected head); exit 3 and the first problem when the log was altered, rewritten or cut short")
    .option('--stream <streamId>', 'verify one stream only')
    .option('--expected-head <position:hash>', 'a head the log must pass through')
    .option('--checkpoints <all|none|file>', "the stored checkpoints, none, or an outsider's copy (JSON from audit checkpoints --json)")
    .option('--public-key <pem file>', 'verify the signatures with this Ed25519 public key')
    .option('--json', 'the result as JSON')
    .action((options: { stream?: string; expectedHead?: string; checkpoints?: string; publicKey?: string; json?: boolean }) => run(() => withStores(settings, (events) => auditVerify(events, settings, options)))());
  audit
    .command('checkpoint')
    .description("sign the log's head now")
    .option('--json', 'the checkpoint as JSON')
    .action((options: { json?: boolean }) => run(() => withStores(settings, (events) => auditCheckpoint(events, settings, options)))());
  audit
    .command('checkpoints')
    .description('list the signed checkpoints')
    .option('--json', 'the document to keep or publish')
    .action((options: { json?: boolean }) => run(() => auditCheckpoints(settings, options))());
  audit
    .command('public-key')
    .description('the key that verifies the checkpoints')
    .action(() => run(() => auditPublicKey(settings))());

  const role = () => new Option('--role <role>', 'the role').choices(EVERYONE_BUT_SYSTEM).makeOptionMandatory();
  program
    .command('token')
    .description('a bearer token signed with the configured secret')
    .addOption(role())
    .requiredOption('--sub <id>', 'the person or system')
    .option('--wooncirkels <ids>', 'comma-separated wooncirkels (a zorgprofessional needs them; * for all)', commaList)
    .option('--org <code>', 'the organisation the actor speaks for: corporation, zorgkantoor or welfare code, or gemeente GM code')
    .option('--ttl-hours <n>', 'hours the token is valid', wholeNumber, 8)
    .action((options: { role: ActorRole; sub: string; wooncirkels?: string[]; org?: string; ttlHours: number }) => run(() => issueToken(settings, options))());

  const apiKey = program.command('api-key').description('api keys for machine clients');
  apiKey
    .command('create')
    .description('a new api key, printed once')
    .addOption(role())
    .requiredOption('--sub <id>', 'the system')
    .option('--wooncirkels <ids>', 'comma-separated wooncirkels', commaList)
    .option('--org <code>', 'the organisation the system speaks for')
    .option('--by <id>', 'the admin who issues it', 'cli')
    .action((options: { role: ActorRole; sub: string; wooncirkels?: string[]; org?: string; by: string }) => run(() => withStores(settings, (events) => createApiKey(events, options)))());
  apiKey
    .command('revoke')
    .description('revoke an api key')
    .argument('<keyHash>', 'the hash of the key')
    .option('--by <id>', 'the admin who revokes it', 'cli')
    .action((keyHash: string, options: { by: string }) => run(() => withStores(settings, (events) => revokeApiKey(events, keyHash, options)))());

  program
    .command('reconcile')
    .description('give back team places, homes and flex-pot releases claimed by commands that died before the client event was written')
    .option('--older-than-minutes <n>', 'only claims older than this', wholeNumber, 5)
    .action((options: { olderThanMinutes: number }) =>
      run(() =>
        withCommandStore(settings, async (store, snapshotsNotWritten) => {
          const reconcile = { olderThanMs: options.olderThanMinutes * 60_000, actor: { role: 'system' as const, id: 'reconcile' } };
          const report = await reconcileClaims(store, reconcile);
          const budgetPots = await reconcilePotReleases(store, reconcile);
          await store.snapshotsSettled();
          console.log(JSON.stringify({ ...report, budgetPots, ...snapshotFailures(snapshotsNotWritten()) }, null, 2));
          return 0;
        }),
      )(),
    );

  program
    .command('planned-steps')
    .description('planned steps')
    .command('run-due')
    .description('let every planned step whose date has come take effect (once: a second run applies nothing twice); exit 1 when a step could not be decided yet')
    .action(() =>
      run(() =>
        withCommandStore(settings, async (store, snapshotsNotWritten) => {
          const report = await new PlannedStepRunner(store).runDue();
          await store.snapshotsSettled();
          console.log(JSON.stringify({ ...report, ...snapshotFailures(snapshotsNotWritten()) }, null, 2));
          return report.retryLater.length > 0 ? 1 : 0;
        }),
      )(),
    );

  program
    .command('docs')
    .description('regenerate docs/events.md and docs/asyncapi.yaml from the event catalog and a seeded region')
    .option('--out <dir>', 'the directory to write to', join(process.cwd(), 'docs'))
    .action((options: { out: string }) =>
      run(async () => {
        const { eventsMarkdown, asyncapiYaml, missing } = await generateDocs();
        writeFileSync(join(options.out, 'events.md'), eventsMarkdown);
        writeFileSync(join(options.out, 'asyncapi.yaml'), asyncapiYaml);
        if (missing.length) console.error(`no example for: ${missing.join(', ')}`);
        console.log(`wrote ${join(options.out, 'events.md')} and ${join(options.out, 'asyncapi.yaml')}`);
        return 0;
      })(),
    );
  return program;
}

/**
 * Runs the CLI with the given environment, validated as the api validates it; resolves to the exit code.
 * Mistakes (usage, an invalid setting) and failures are one line on stderr, never a stack.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let exitCode = 0;
  try {
    const program = buildProgram(cliSettings(loadConfig(env)), (code) => (exitCode = code));
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message (or the help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    console.error(`error: ${oneLineMessage(error)}`);
    return 1;
  }
}

if (require.main === module) void runCli(process.argv.slice(2), process.env).then((code) => process.exit(code));
