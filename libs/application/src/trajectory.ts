import { ClientEvent, ClientState, clientDecider } from '@wijkzorg/domain';
import { RecordedEvent } from '@wijkzorg/event-store';
import { upcast } from './upcasters';

/** The client's situation after an event: what an auditor needs to see at each step. */
export interface TrajectorySnapshot {
  intensity: string;
  setting: string;
  placement: ClientState['placement'] | null;
  holdsTeamPlace: boolean;
  home: ClientState['home'] | null;
  matchedHome: ClientState['match'] | null;
  waiting: ClientState['waiting'];
  waitingPaused: boolean;
  budget: { year: number; funder: string; allocatedCents: number; releasedCents: number; spentCents: number; unreleasedCents: number; unspentCents: number; settled: boolean }[];
  openCases: string[];
}

export interface TrajectoryStep {
  position: number;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** When it happened in the world (effective date). */
  occurredAt: string;
  /** When the system learned of it. */
  recordedAt: string;
  decidedBy: { role: string; id: string };
  /** The reason, justification or decision the event itself records, if any. */
  why: string | null;
  data: unknown;
  hash: string | null;
  stateAfter: TrajectorySnapshot;
}

export interface Trajectory {
  clientId: string;
  /** Only events recorded at or before this moment (what the system knew then). */
  asOf: string | null;
  /** Only events that had happened (occurredAt) by this moment. */
  validAt: string | null;
  steps: TrajectoryStep[];
  state: TrajectorySnapshot;
}

export function snapshotOf(state: ClientState): TrajectorySnapshot {
  return {
    intensity: state.intensity,
    setting: state.setting,
    placement: state.placement ?? null,
    holdsTeamPlace: state.holdsTeamPlace,
    home: state.home ?? null,
    matchedHome: state.match ?? null,
    waiting: state.waiting,
    waitingPaused: state.waitingPaused,
    budget: Object.values(state.budgetLines).map((l) => ({ ...l, unreleasedCents: l.allocatedCents - l.releasedCents, unspentCents: l.allocatedCents - l.spentCents })),
    openCases: Object.entries(state.cases)
      .filter(([, c]) => c.status === 'open')
      .map(([id]) => id),
  };
}

function whyOf(data: Record<string, unknown>): string | null {
  for (const field of ['reason', 'justification', 'decision', 'deviationReason', 'outcome', 'purpose', 'note']) {
    if (typeof data[field] === 'string' && data[field]) return data[field] as string;
  }
  return null;
}

/** Replays a client stream event by event, with the state after each, optionally as of a moment. */
export function replayTrajectory(clientId: string, recorded: RecordedEvent[], options: { asOf?: string; validAt?: string } = {}): Trajectory {
  const asOf = options.asOf ? Date.parse(options.asOf) : Infinity;
  const validAt = options.validAt ? Date.parse(options.validAt) : Infinity;
  let state = clientDecider.initialState;
  const steps: TrajectoryStep[] = [];
  // An event was decided on everything recorded before it in the stream, so it cannot have taken effect
  // earlier than those: a spend back-dated before its release counts from the release on.
  let effectiveFrom = -Infinity;
  for (const raw of recorded) {
    if (Date.parse(raw.recordedAt) > asOf) continue;
    effectiveFrom = Math.max(effectiveFrom, Date.parse(raw.occurredAt));
    if (effectiveFrom > validAt) break;
    const e = upcast(raw);
    state = clientDecider.evolve(state, { type: e.type, schemaVersion: e.schemaVersion, data: e.data, occurredAt: e.occurredAt } as ClientEvent);
    steps.push({
      position: e.globalPosition,
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      decidedBy: e.metadata.actor,
      why: whyOf(e.data as Record<string, unknown>),
      data: e.data,
      hash: e.hash ?? null,
      stateAfter: snapshotOf(state),
    });
  }
  return { clientId, asOf: options.asOf ?? null, validAt: options.validAt ?? null, steps, state: snapshotOf(state) };
}
