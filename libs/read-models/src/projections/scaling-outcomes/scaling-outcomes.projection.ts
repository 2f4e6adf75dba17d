import { ProjectedEvent, Projection, ProjectionContext, monthOf } from '../../projection';
import { Doc, DocKey } from '../../read-model-store.port';

/** How long after a scaling step a move still counts as following it (docs/uitkomsten/verhuizingen.md). */
export const STEP_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Steps of one wijk in one month whose 90-day window closes on one day (fields that would be 0 are left out):
 * `steps`, `up`, `down`; `moved` (followed by a move within the window, known as soon as the move is recorded)
 * and `moved:<reason>` by the reason of the first such move; `withBegeleider` (a vaste begeleider at the step)
 * and `sameBegeleider` (the same one at the end of the window).
 */
export type StepTally = Record<string, number>;

/** Moves of one wijk in one month: `moves`, and `afterStep` (within the window of a step of the same client); zeros left out. */
export type MoveTally = Record<string, number>;

/**
 * The counters of one calendar month for the whole region: scaling steps taken in it per wijk and per the
 * day their window closes (so a query at any moment splits them into classified and still open without
 * reading a single client), and moves made in it per wijk.
 */
export interface ScalingMonth extends Doc {
  month: string;
  /** wijkCode → window's last day (YYYY-MM-DD) → tally. */
  steps: Record<string, Record<string, StepTally>>;
  /** wijkCode → tally. */
  moves: Record<string, MoveTally>;
}

/** One client's scaling steps, moves and vaste begeleiders, by when they took effect (codes and times only). */
export interface ClientScalingTimeline extends Doc {
  clientId: string;
  steps: { at: string; wijkCode: string; up: boolean }[];
  moves: { at: string; wijkCode: string; reason: string }[];
  /** staffId null: no vaste begeleider any more (a transfer leaves the old team's begeleider behind). */
  begeleiders: { at: string; staffId: string | null }[];
}

const iso = (at: string) => new Date(at).toISOString();
/** The last day of a step's window: the step's (UTC) date plus 90 days. */
export const windowLastDay = (stepAt: string) => byDay(lastDays, stepAt.slice(0, 10), (day) => new Date(Date.parse(day + 'T00:00:00.000Z') + STEP_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10));
/** Answers per calendar day, computed once: a rebuild asks the same few hundred days for every event (bounded: cleared when full). */
const lastDays = new Map<string, string>();
function byDay<T>(memo: Map<string, T>, day: string, compute: (day: string) => T): T {
  let answer = memo.get(day);
  if (answer === undefined) {
    if (memo.size >= 20_000) memo.clear();
    memo.set(day, (answer = compute(day)));
  }
  return answer;
}
const endOfDay = (day: string) => `${day}T23:59:59.999Z`;

function begeleiderAt(timeline: ClientScalingTimeline, at: string): string | null {
  let staffId: string | null = null;
  for (const b of timeline.begeleiders) if (b.at <= at) staffId = b.staffId;
  return staffId;
}

/** A move follows a step when it takes effect at or after the step and no later than the window's last day. */
const follows = (moveAt: string, stepAt: string) => moveAt >= stepAt && moveAt.slice(0, 10) <= windowLastDay(stepAt);

/** What one client adds to the monthly counters: `month|wijk|lastDay` → step tally, `month|wijk` → move tally. */
export function clientTallies(timeline: ClientScalingTimeline | undefined): { steps: Map<string, StepTally>; moves: Map<string, MoveTally> } {
  const steps = new Map<string, StepTally>();
  const moves = new Map<string, MoveTally>();
  if (!timeline) return { steps, moves };
  for (const s of timeline.steps) {
    const lastDay = windowLastDay(s.at);
    const key = `${monthOf(s.at)}|${s.wijkCode}|${lastDay}`;
    const tally = steps.get(key) ?? {};
    const count = (field: string) => (tally[field] = (tally[field] ?? 0) + 1);
    const before = begeleiderAt(timeline, s.at);
    const firstMove = timeline.moves.find((m) => follows(m.at, s.at));
    count('steps');
    count(s.up ? 'up' : 'down');
    if (firstMove) (count('moved'), count(`moved:${firstMove.reason}`));
    if (before !== null) count('withBegeleider');
    if (before !== null && begeleiderAt(timeline, endOfDay(lastDay)) === before) count('sameBegeleider');
    steps.set(key, tally);
  }
  for (const m of timeline.moves) {
    const key = `${monthOf(m.at)}|${m.wijkCode}`;
    const tally = moves.get(key) ?? {};
    tally.moves = (tally.moves ?? 0) + 1;
    if (timeline.steps.some((s) => follows(m.at, s.at))) tally.afterStep = (tally.afterStep ?? 0) + 1;
    moves.set(key, tally);
  }
  return { steps, moves };
}

const monthDelta = (month: string, delta: number) => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * The months a client event can change: a step reaches the moves of its window (up to 91 days on), a move
 * and a change of begeleider reach the steps whose window they fall in (up to 91 days back). Steps and moves
 * may be back-dated, begeleider changes and transfers take effect when recorded; the margin covers both.
 */
function monthsAround(at: string): string[] {
  // A UTC time's months depend on its date alone (±92 whole days keep the time of day); others are computed each time.
  return UTC_TIME.test(at) ? byDay(monthsOfDay, at.slice(0, 10), () => computeMonthsAround(at)) : computeMonthsAround(at);
}
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T[^+-]*Z$/;
const monthsOfDay = new Map<string, string[]>();

function computeMonthsAround(at: string): string[] {
  const first = monthOf(new Date(Date.parse(at) - (STEP_WINDOW_DAYS + 2) * DAY_MS).toISOString());
  const last = monthOf(new Date(Date.parse(at) + (STEP_WINDOW_DAYS + 2) * DAY_MS).toISOString());
  const months: string[] = [];
  for (let m = first; m <= last; m = monthDelta(m, 1)) months.push(m);
  return months;
}

const clientKey = (clientId: string): DocKey => ({ collection: 'client', id: clientId });
const monthKey = (month: string): DocKey => ({ collection: 'month', id: month });

/**
 * Moves avoided by scaling (issue 12): every CareScaledUp/Down is counted in its month and wijk, by whether a
 * move (ClientMovedIn/Out, ClientMoved) of the client followed within 90 days and whether the vaste begeleider
 * at the step was still the one at the end of the window. Per client a small timeline is kept so a back-dated
 * step or move classifies again what it touches; queries read only the monthly counters.
 */
export const scalingOutcomesProjection: Projection = {
  name: 'scaling_outcomes',
  version: 1,
  indexes: { month: ['month'] },
  handles: ['CareScaledUp', 'CareScaledDown', 'ClientMovedIn', 'ClientMovedOut', 'ClientMoved', 'BegeleiderAssigned', 'ClientTransferred', 'ClientDataErased'],

  keys(e: ProjectedEvent): DocKey[] {
    switch (e.type) {
      case 'ClientDataErased':
        return [clientKey(e.data.clientId)];
      case 'CareScaledUp':
      case 'CareScaledDown':
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
      case 'BegeleiderAssigned':
      case 'ClientTransferred':
        return [clientKey(e.data.clientId), ...monthsAround(e.occurredAt).map(monthKey)];
      default:
        return [];
    }
  },

  apply(e: ProjectedEvent, ctx: ProjectionContext): void {
    const at = iso(e.occurredAt);
    const change = (clientId: string, add: (t: ClientScalingTimeline) => void) => {
      const before = ctx.get<ClientScalingTimeline>('client', clientId);
      // Written by an earlier, interrupted run together with the counters: nothing to do again.
      if (before?._position !== undefined && before._position >= e.globalPosition) return;
      const after: ClientScalingTimeline = before ? { ...before, steps: [...before.steps], moves: [...before.moves], begeleiders: [...before.begeleiders] } : { clientId, steps: [], moves: [], begeleiders: [] };
      add(after);
      // In order of effect; a stable sort keeps the log's order among equal times.
      for (const list of [after.steps, after.moves, after.begeleiders] as { at: string }[][]) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      applyDifference(ctx, clientTallies(before), clientTallies(after));
      ctx.update<ClientScalingTimeline>('client', clientId, () => after);
    };
    switch (e.type) {
      case 'CareScaledUp':
      case 'CareScaledDown':
        return change(e.data.clientId, (t) => void t.steps.push({ at, wijkCode: e.data.wijkCode, up: e.type === 'CareScaledUp' }));
      case 'ClientMovedIn':
      case 'ClientMovedOut':
      case 'ClientMoved':
        return change(e.data.clientId, (t) => void t.moves.push({ at, wijkCode: e.data.wijkCode, reason: e.data.reason }));
      case 'BegeleiderAssigned':
        return change(e.data.clientId, (t) => void t.begeleiders.push({ at, staffId: e.data.staffId }));
      case 'ClientTransferred':
        return change(e.data.clientId, (t) => void t.begeleiders.push({ at, staffId: null }));
      case 'ClientDataErased':
        // The counters keep the client's steps and moves (codes only); its timeline goes.
        return ctx.update('client', e.data.clientId, () => null);
    }
  },
};

/** Adds after − before of one client's tallies to the monthly counters it touches. */
function applyDifference(ctx: ProjectionContext, before: ReturnType<typeof clientTallies>, after: ReturnType<typeof clientTallies>) {
  const byMonth = new Map<string, { steps: [string, string, Record<string, number>][]; moves: [string, Record<string, number>][] }>();
  const entry = (month: string) => byMonth.get(month) ?? byMonth.set(month, { steps: [], moves: [] }).get(month)!;
  for (const key of new Set([...before.steps.keys(), ...after.steps.keys()])) {
    const delta = difference(before.steps.get(key), after.steps.get(key));
    if (!delta) continue;
    const [month, wijkCode, lastDay] = key.split('|');
    entry(month).steps.push([wijkCode, lastDay, delta]);
  }
  for (const key of new Set([...before.moves.keys(), ...after.moves.keys()])) {
    const delta = difference(before.moves.get(key), after.moves.get(key));
    if (!delta) continue;
    const [month, wijkCode] = key.split('|');
    entry(month).moves.push([wijkCode, delta]);
  }
  for (const [month, { steps, moves }] of byMonth)
    // The runner hands each batch its own documents: the month is changed in place, not copied per event.
    ctx.update<ScalingMonth>('month', month, (doc) => {
      const next: ScalingMonth = doc ?? { month, steps: {}, moves: {} };
      for (const [wijkCode, lastDay, delta] of steps) {
        const wijk = (next.steps[wijkCode] ??= {});
        const tally = add(wijk[lastDay], delta);
        if (tally) wijk[lastDay] = tally;
        else delete wijk[lastDay];
        if (isEmpty(wijk)) delete next.steps[wijkCode];
      }
      for (const [wijkCode, delta] of moves) {
        const tally = add(next.moves[wijkCode], delta);
        if (tally) next.moves[wijkCode] = tally;
        else delete next.moves[wijkCode];
      }
      return isEmpty(next.steps) && isEmpty(next.moves) ? null : next;
    });
}

const isEmpty = (record: object) => {
  for (const _ in record) return false;
  return true;
};

function difference(before: Record<string, number> = {}, after: Record<string, number> = {}): Record<string, number> | null {
  const delta: Record<string, number> = {};
  for (const f in after) if (after[f] !== (before[f] ?? 0)) delta[f] = after[f] - (before[f] ?? 0);
  for (const f in before) if (!(f in after) && before[f] !== 0) delta[f] = -before[f];
  return isEmpty(delta) ? null : delta;
}

/** tally + delta without the fields that come to zero, or null when all do (changes `tally` in place). */
function add(tally: Record<string, number> = {}, delta: Record<string, number>): Record<string, number> | null {
  for (const f in delta) {
    const sum = (tally[f] ?? 0) + delta[f];
    if (sum === 0) delete tally[f];
    else tally[f] = sum;
  }
  for (const f in tally) if (tally[f] === 0) delete tally[f];
  return isEmpty(tally) ? null : tally;
}
