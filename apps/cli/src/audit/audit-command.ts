import { AccessPurpose, clientDecider, clientStream } from '@wijkzorg/domain';
import { readFileSync } from 'node:fs';
import { CheckpointFormatError, CheckpointSigner, CheckpointSource, CheckpointStore, CheckpointVerifier, EventStore, HeadCheckpoint, openSharedCheckpointing, parseCheckpointDocument, parseExpectedHead, storedCheckpoints, takeCheckpoint, verifyAnchored } from '@wijkzorg/event-store';
import { AggregateStore, PersonalDataCipher, recordAccess, replayTrajectory } from '@wijkzorg/application';
import { UsageError } from '../usage-error';
import { CliSettings, openCliSharedState } from '../settings';

const euros = (cents: number) => `€${(cents / 100).toFixed(2)}`;

export interface ReplayOptions {
  auditor: string;
  purpose: AccessPurpose;
  asOf?: string;
  validAt?: string;
  json?: boolean;
}

/** Every event of the client with the state after it, written to the access log as an auditor's read. */
export async function auditReplay(events: EventStore, cipher: PersonalDataCipher, clientId: string, options: ReplayOptions): Promise<number> {
  const { events: recorded } = await new AggregateStore(events, undefined, cipher).load(clientDecider, clientStream(clientId));
  if (recorded.length === 0) throw new UsageError(`client ${clientId} has no events`);
  await recordAccess(events, { role: 'auditor', id: options.auditor }, { clientIds: [clientId], resource: 'cli-audit-replay', purpose: options.purpose, query: null }, cipher.keys);
  const trajectory = replayTrajectory(clientId, recorded, { asOf: options.asOf, validAt: options.validAt });
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
    console.log(`    then: intensity ${s.intensity} (${s.setting}), team ${s.placement?.teamId ?? '-'} (${s.placement?.wijkCode ?? '-'}), home ${s.home?.homeId ?? '-'}, waits for ${waiting}${s.waitingPaused ? ' (paused)' : ''}, budget ${budget}`);
  }
  console.log(`\nstate: ${JSON.stringify(trajectory.state)}`);
  return 0;
}

export async function auditCheckpoint(events: EventStore, settings: CliSettings, options: { json?: boolean }): Promise<number> {
  return withCheckpointing(settings, async ({ store, signer }) => {
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
    else
      console.log(`${taken.created ? 'took' : 'head unchanged since'} ${describe(taken.checkpoint)}
signed with key ${signer.keyId}; publish or keep a copy: audit checkpoints --json`);
    return 0;
  });
}

export async function auditCheckpoints(settings: CliSettings, options: { json?: boolean }): Promise<number> {
  return withCheckpointing(settings, async ({ store, signer }) => {
    if (options.json) {
      console.log(JSON.stringify({ ...signer.published, items: await store.list() }, null, 2));
      return 0;
    }
    for await (const c of store.all()) console.log(describe(c));
    console.log(`${await store.count()} checkpoints, key ${signer.keyId}`);
    return 0;
  });
}

export async function auditPublicKey(settings: CliSettings): Promise<number> {
  return withCheckpointing(settings, async ({ signer }) => {
    console.log(`${signer.published.algorithm} key ${signer.keyId}\n${signer.published.publicKeyPem.trim()}`);
    return 0;
  });
}

const describe = (c: HeadCheckpoint) => `checkpoint #${c.sequence} at ${c.recordedAt}: head ${c.position}:${c.hash}, ${c.eventCount} events`;

async function withCheckpointing(settings: CliSettings, work: (checkpointing: { store: CheckpointStore; signer: CheckpointSigner }) => Promise<number>): Promise<number> {
  const shared = await openCliSharedState(settings);
  try {
    const { store, signer } = await openSharedCheckpointing(settings.dataDir, { ...settings.env, WIJKZORG_SHARED_STATE: settings.config.sharedState }, shared.secrets);
    try {
      return await work({ store, signer });
    } finally {
      await store.close();
    }
  } finally {
    await shared.close();
  }
}

export interface VerifyOptions {
  stream?: string;
  expectedHead?: string;
  checkpoints?: string;
  publicKey?: string;
  json?: boolean;
}

/**
 * Recomputes the hash chain; for the whole log also against every stored checkpoint (so a log cut
 * below the latest checkpoint shows), an outsider's copy of the checkpoints and an expected head.
 */
export async function auditVerify(events: EventStore, settings: CliSettings, options: VerifyOptions): Promise<number> {
  if (!events.verifyChain) throw new UsageError('this event store keeps no hash chain');
  const { stream, expectedHead: expectedHeadText, publicKey: publicKeyFile } = options;
  const checkpoints = options.checkpoints ?? 'all';
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
  return withCheckpointing(settings, async ({ store, signer }) => {
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
      console.log(
        `ok: ${result.checked} events verified; head ${result.headPosition}:${result.headHash}; ${result.checkpoints.verified} checkpoints verified with key ${result.checkpoints.keyId}${latest ? ` (latest #${latest.sequence} at position ${latest.position})` : ''}${expectedHead ? `; passes through the expected head ${expectedHead.position}` : ''}`,
      );
    } else {
      const problem = result.firstProblem!;
      console.log(`BROKEN (${problem.kind}): ${problem.message}; ${result.checked} events verified before it`);
    }
    return result.ok ? 0 : 3;
  });
}
