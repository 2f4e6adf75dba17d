import { dataDirFromEnv, eventStoreConfigFromEnv, openEventStore } from '@wijkzorg/event-store';
import { AggregateStore, PersonalDataCipher, SqliteClientKeyStore, reconcileClaims } from '@wijkzorg/application';
import { UsageError, intOption, parseArgs } from './args';
import { seedDemo } from './seed/seed-demo';
import { projectionsCommand } from './projections/projections-command';
import { auditCommand } from './audit/audit-command';
import { authCommand } from './auth/auth-command';
import { generateDocs } from './docs/generate-docs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = `wijkzorg cli

  seed [--clients 3000] [--seed 42] [--from 2025-01-01T00:00:00Z] [--until <now>] [--if-empty]
      generate a demo region (Zaanstad, Hoorn, Purmerend, Zeist, Amsterdam Zuidoost,
      's-Hertogenbosch, Breda) with client trajectories, through the real command flows

  projections status
      position, code version and lag of every projection
  projections rebuild [name] [--batch-size 50000]
      rebuild one projection (caseload, wachtlijst, budget) or all from zero, with progress
  projections catch-up [--batch-size 50000]
      bring every projection up to the head of the log (resumes after a crash)

  audit replay <clientId> --auditor <id> [--purpose audit] [--as-of <time>] [--valid-at <time>] [--json]
      every event of the client with the state after it, who decided and why (logged as an access)
  audit verify [--stream <streamId>] [--expected-head <position>:<hash>] [--checkpoints all|none|<file>] [--public-key <pem>] [--json]
      recompute the hash chain through every signed checkpoint (and an outsider's copy, an expected
      head); exit 3 and the first problem when the log was altered, rewritten or cut short
  audit checkpoint | audit checkpoints [--json] | audit public-key
      sign the log's head now | list the signed checkpoints (--json: the document to keep) | the verifying key
  token --role <role> --sub <id> [--wooncirkels wc-1,wc-2] [--ttl-hours 8]
      a bearer token signed with the configured secret
  api-key create --role integrator --sub <id> | api-key revoke <keyHash>

  reconcile [--older-than-minutes 5]
      give back team places and homes claimed by commands that died before the client event was written
  docs [--out docs]
      regenerate docs/events.md and docs/asyncapi.yaml from the event catalog and a seeded region

Storage: WIJKZORG_DATA_DIR (default ./data) or WIJKZORG_SQLITE_PATH; WIJKZORG_EVENT_STORE=esdb with ESDB_URL.
Checkpoint signing key: WIJKZORG_ANCHOR_SIGNING_KEY (Ed25519 PKCS#8, PEM or base64), else anchor-signing-key.pem in the data dir.`;

async function main(argv: string[]): Promise<number> {
  const { words, options } = parseArgs(argv);
  const [command] = words;
  if (!command || options.help) {
    console.log(USAGE);
    return options.help ? 0 : 2;
  }
  if (command === 'docs') {
    const { eventsMarkdown, asyncapiYaml, missing } = await generateDocs();
    const dir = typeof options.out === 'string' ? options.out : join(process.cwd(), 'docs');
    writeFileSync(join(dir, 'events.md'), eventsMarkdown);
    writeFileSync(join(dir, 'asyncapi.yaml'), asyncapiYaml);
    if (missing.length) console.error(`no example for: ${missing.join(', ')}`);
    console.log(`wrote ${join(dir, 'events.md')} and ${join(dir, 'asyncapi.yaml')}`);
    return 0;
  }
  const events = openEventStore(eventStoreConfigFromEnv());
  const keys = SqliteClientKeyStore.inDataDir(dataDirFromEnv());
  try {
    switch (command) {
      case 'seed': {
        if ((await events.headPosition()) > 0 && !options.force) {
          if (options['if-empty']) {
            console.log('event store already holds events: not seeding');
            return 0;
          }
          throw new UsageError('the event store is not empty; seed a fresh data directory (or pass --force to add to it)');
        }
        const started = Date.now();
        const report = await seedDemo(events, {
          clients: intOption(options, 'clients', 3000),
          seed: intOption(options, 'seed', 42),
          from: typeof options.from === 'string' ? options.from : '2025-01-01T00:00:00Z',
          until: typeof options.until === 'string' ? options.until : new Date().toISOString(),
          onProgress: (done, total) => process.stderr.write(`\r  seeding: ${done}/${total} commands`),
          cipher: new PersonalDataCipher(keys),
        });
        process.stderr.write('\n');
        console.log(JSON.stringify({ ...report, seconds: (Date.now() - started) / 1000 }, null, 2));
        return 0;
      }
      case 'audit':
        return await auditCommand(events, new PersonalDataCipher(keys), words.slice(1), options);
      case 'token':
      case 'api-key':
        return await authCommand(events, command, words.slice(1), options);
      case 'reconcile': {
        const report = await reconcileClaims(new AggregateStore(events, undefined, new PersonalDataCipher(keys)), { olderThanMs: intOption(options, 'older-than-minutes', 5) * 60_000, actor: { role: 'system', id: 'reconcile' } });
        console.log(JSON.stringify(report, null, 2));
        return 0;
      }
      case 'projections':
        return await projectionsCommand(events, words.slice(1), options);
      default:
        throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
    }
  } finally {
    await events.close();
    keys.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
