import { ACCESS_PURPOSES, AccessPurpose, clientDecider, clientStream } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
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
    case 'verify': {
      if (!events.verifyChain) throw new UsageError('this event store keeps no hash chain');
      const stream = typeof options.stream === 'string' ? options.stream : undefined;
      const result = await events.verifyChain({ streamId: stream });
      if (result.ok) {
        console.log(`ok: ${result.checked} events verified${stream ? ` in ${stream}` : ''}; head hash ${result.headHash}`);
        return 0;
      }
      const link = result.firstBrokenLink!;
      console.log(`BROKEN: first broken link at position ${link.position} (${link.streamId} revision ${link.revision}): ${link.reason}; ${result.checked} events before it verified`);
      return 3;
    }
    default:
      throw new UsageError('audit replay <clientId> --auditor <id> [--as-of <time>] | audit verify [--stream <streamId>]');
  }
}
