import { ACCESS_PURPOSES, AccessPurpose, clientDecider, clientStream } from '@wijkzorg/domain';
import { readFileSync } from 'node:fs';
import { CheckpointFormatError, CheckpointSigner, CheckpointSource, CheckpointVerifier, EventStore, HeadCheckpoint, SqliteCheckpointStore, dataDirFromEnv, openCheckpointing, parseCheckpointDocument, parseExpectedHead, storedCheckpoints, takeCheckpoint, verifyAnchored } from '@wijkzorg/event-store';
import { AggregateStore, PersonalDataCipher, recordAccess, replayTrajectory } from '@wijkzorg/application';
import { ParsedArgs, UsageError } from '../args';

const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;

export async function auditCommand(events: EventStore, cipher: PersonalDataCipher, words: string[], options: ParsedArgs['options']): Promise<number> {
  const [action, clientId] = words;
  switch (action) {
    case 'replay': {
      if (!clientId) throw new UsageError('audit replay <clientId> --auditor <id> [--purpose audit] [--as-of <time>] [--valid-at <time>] [--json]');
      const auditor = options.auditor;
      if (typeof auditor !== 'string') throw new UsageError('--auditor <id> names who reads (it is written to the access log)');
      const purpose = (typeof options.purpose === 'string' ? options.purpose : 'audit') as AccessPurpose;
      if (!ACCESS_PURPOSES.includes(purpose)) throw new UsageError(`--purpose must be one of ${ACCESS_PURPOSES.join(', ')}`);
      const time = (name: string) => {
        const value = options[name];
        if (value === undefined) return undefined;
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !value.endsWith('Z')) throw new UsageError(`--${name} must be an ISO-8601 UTC time like 2026-06-30T12:00:00Z`);
        return value;
      };
      const { events: recorded } = await new AggregateStore(events, undefined, cipher).load(clientDecider, clientStream(clientId));
      if (recorded.length === 0) throw new UsageError(`client ${clientId} has no events`);
      await recordAccess(events, { role: 'auditor', id: auditor }, { clientIds: [clientId], resource: 'cli-audit-replay', purpose, query: null }, cipher.keys);
      const trajectory = replayTrajectory(clientId, recorded, { asOf: time('as-of'), validAt: time('valid-at') });
      if (options.json) {
        console.log(JSON.stringify(trajectory, null, 2));
        return 0;
      }
      console.log(`trajectory of ${clientId}${trajectory.asOf ? `, as recorded by ${trajectory.asOf}` : ''}${trajectory.validAt ? `, as happened by ${trajectory.validAt}` : ''}\n`);
      for (const step of trajectory.steps) {
        const s = step.stateAfter;
        console.log(`#${step.revision} ${step.type}  happened ${step.occurredAt}  recorded ${step.recordedAt}  by ${step.decidedBy.role}:${step.decidedBy.id}`);
        if (step.why) console.log(`    why: ${step.why}`);
        const waiting = Object.keys(s.waiting).join(', ') || 'nothing';
        const budget = s.budget.map((b) => `${b.year} ${b.funder} ${euros(b.allocatedCents)} allocated / ${euros(b.releasedCents)} released / ${euros(b.spentCents)} spent`).join('; ') || 'none';
        console.log(`    then: level ${s.careLevel}, team ${s.placement?.teamId ?? '-'} (${s.placement?.wijkCode ?? '-'}), home ${s.home?.homeId ?? '-'}, waits for ${waiting}${s.waitingPaused ? ' (paused)' : ''}, budget ${budget}`);
      }
      console.log(`\nstate: ${JSON.stringify(trajectory.state)}`);
      return 0;
    }
    case 'verify':
      return verifyCommand(events, options);
    case 'checkpoint':
      return withCheckpointing(async ({ store, signer }) => {
        const taken = await takeCheckpoint(events, store, signer);
        if (taken.refused) {
          const refused = taken.refused;
          console.log(`REFUSED: the log does not extend checkpoint ${taken.checkpoint?.sequence ?? '-'}: ${'reason' in refused ? refused.reason : (refused.firstBrokenLink?.reason ?? refused.brokenAnchor?.reason)}`);
          return 3;
        }
        if (!taken.checkpoint) {
          console.log('the log is empty: nothing to anchor');
          return 0;
        }
        if (options.json) console.log(JSON.stringify(taken.checkpoint, null, 2));
        else console.log(`${taken.created ? 'took' : 'head unchanged since'} ${describe(taken.checkpoint)}
signed with key ${signer.keyId}; publish or keep a copy: audit checkpoints --json`);
        return 0;
      });
    case 'checkpoints':
      return withCheckpointing(async ({ store, signer }) => {
        if (options.json) {
          console.log(JSON.stringify({ ...signer.published, items: store.list() }, null, 2));
          return 0;
        }
        for (const c of store.all()) console.log(describe(c));
        console.log(`${store.count()} checkpoints, key ${signer.keyId}`);
        return 0;
      });
    case 'public-key':
      return withCheckpointing(async ({ signer }) => {
        console.log(`${signer.published.algorithm} key ${signer.keyId}\n${signer.published.publicKeyPem.trim()}`);
        return 0;
      });
    default:
      throw new UsageError(`audit replay <clientId> --auditor <id> [--as-of <time>] | ${VERIFY_USAGE} | audit checkpoint | audit checkpoints [--json] | audit public-key`);
  }
}

const VERIFY_USAGE = 'audit verify [--stream <streamId>] [--expected-head <position>:<hash>] [--checkpoints all|none|<file>] [--public-key <pem file>] [--json]';

const describe = (c: HeadCheckpoint) => `checkpoint #${c.sequence} at ${c.recordedAt}: head ${c.position}:${c.hash}, ${c.eventCount} events`;

async function withCheckpointing(work: (checkpointing: { store: SqliteCheckpointStore; signer: CheckpointSigner }) => Promise<number>): Promise<number> {
  const { store, signer } = openCheckpointing(dataDirFromEnv());
  try {
    return await work({ store, signer });
  } finally {
    store.close();
  }
}

/**
 * Recomputes the hash chain; for the whole log also against every stored checkpoint (so a log cut
 * below the latest checkpoint shows), an outsider's copy of the checkpoints and an expected head.
 */
async function verifyCommand(events: EventStore, options: ParsedArgs['options']): Promise<number> {
  if (!events.verifyChain) throw new UsageError('this event store keeps no hash chain');
  const text = (name: string) => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new UsageError(`--${name} needs a value: ${VERIFY_USAGE}`);
    return value;
  };
  const stream = text('stream');
  const expectedHeadText = text('expected-head');
  const checkpoints = text('checkpoints') ?? 'all';
  const publicKeyFile = text('public-key');
  if (stream) {
    if (expectedHeadText || options.checkpoints !== undefined) throw new UsageError('--expected-head and --checkpoints anchor the whole log; leave out --stream');
    const result = await events.verifyChain({ streamId: stream });
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else if (result.ok) console.log(`ok: ${result.checked} events verified in ${stream}; head hash ${result.headHash}`);
    else {
      const link = result.firstBrokenLink!;
      console.log(`BROKEN: first broken link at position ${link.position} (${link.streamId} revision ${link.revision}): ${link.reason}; ${result.checked} events before it verified`);
    }
    return result.ok ? 0 : 3;
  }
  let expectedHead;
  let copy: HeadCheckpoint[] | undefined;
  try {
    expectedHead = expectedHeadText === undefined ? undefined : parseExpectedHead(expectedHeadText);
    if (checkpoints !== 'all' && checkpoints !== 'none') copy = parseCheckpointDocument(JSON.parse(readFileSync(checkpoints, 'utf8')));
  } catch (error) {
    if (error instanceof CheckpointFormatError || error instanceof SyntaxError) throw new UsageError(`${error instanceof SyntaxError ? `${checkpoints} is not JSON: ` : ''}${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--checkpoints: no file ${checkpoints}`);
    throw error;
  }
  return withCheckpointing(async ({ store, signer }) => {
    let verifier: CheckpointVerifier = signer;
    if (publicKeyFile) {
      try {
        verifier = CheckpointVerifier.fromPem(readFileSync(publicKeyFile, 'utf8'));
      } catch (error) {
        throw new UsageError(`--public-key: ${publicKeyFile} is not an Ed25519 public key (PEM): ${(error as Error).message}`);
      }
    }
    const sources: CheckpointSource[] = checkpoints === 'none' ? [] : [storedCheckpoints(store)];
    if (copy) sources.push({ name: checkpoints, checkpoints: copy });
    const result = await verifyAnchored(events, verifier, { sources, expectedHead });
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else if (result.ok) {
      const latest = result.checkpoints.latest;
      console.log(`ok: ${result.checked} events verified; head ${result.headPosition}:${result.headHash}; ${result.checkpoints.verified} checkpoints verified with key ${result.checkpoints.keyId}${latest ? ` (latest #${latest.sequence} at position ${latest.position})` : ''}${expectedHead ? `; passes through the expected head ${expectedHead.position}` : ''}`);
    } else {
      const problem = result.firstProblem!;
      console.log(`BROKEN (${problem.kind}): ${problem.message}; ${result.checked} events verified before it`);
    }
    return result.ok ? 0 : 3;
  });
}
