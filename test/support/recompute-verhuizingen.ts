import { RecordedEvent } from '@wijkzorg/event-store';

/**
 * The exact figures of the uitkomsten group `verhuizingen`, recomputed from the raw events as
 * docs/uitkomsten/verhuizingen.md defines them, without the read model or the api (so it can disagree).
 */
export interface VerhuizingenRecomputation {
  /** The exact count of a measure for an area (wijk code, gemeente code or 'all') and a period (2025, 2025-Q3, 2025-07). */
  count(key: string, area: string, period: string): number;
  /** A share in percent with one decimal (null when the denominator is 0), from exact counts. */
  share(key: 'aandeel_zonder_verhuizing' | 'aandeel_zelfde_begeleider', area: string, period: string): number | null;
  /** wijkCode → gemeenteCode of the registered wijken. */
  gemeenteOf: Map<string, string>;
}

const DAY = 86_400_000;
const MOVES = new Set(['ClientMovedIn', 'ClientMovedOut', 'ClientMoved']);

interface Step {
  ms: number;
  wijkCode: string;
  up: boolean;
}
interface Change {
  ms: number;
  staffId: string | null;
}

export function recomputeVerhuizingen(events: RecordedEvent[], asOfDay: string): VerhuizingenRecomputation {
  const gemeenteOf = new Map<string, string>();
  const steps = new Map<string, Step[]>();
  const moves = new Map<string, { ms: number; wijkCode: string; reason: string }[]>();
  const begeleiders = new Map<string, Change[]>();
  const push = <T>(map: Map<string, T[]>, clientId: string, item: T) => map.set(clientId, [...(map.get(clientId) ?? []), item]);
  for (const e of events) {
    const d = e.data as Record<string, any>;
    const ms = Date.parse(e.occurredAt);
    if (e.type === 'WijkRegistered') gemeenteOf.set(d.wijkCode, d.gemeenteCode);
    else if (e.type === 'CareScaledUp' || e.type === 'CareScaledDown') push(steps, d.clientId, { ms, wijkCode: d.wijkCode, up: e.type === 'CareScaledUp' });
    else if (MOVES.has(e.type)) push(moves, d.clientId, { ms, wijkCode: d.wijkCode, reason: d.reason });
    else if (e.type === 'BegeleiderAssigned') push(begeleiders, d.clientId, { ms, staffId: d.staffId });
    else if (e.type === 'ClientTransferred') push(begeleiders, d.clientId, { ms, staffId: null });
  }

  // The last day of a step's window: its UTC date + 90 days; a move follows it from the step up to that day's end.
  const lastDayOf = (stepMs: number) => new Date(Date.UTC(new Date(stepMs).getUTCFullYear(), new Date(stepMs).getUTCMonth(), new Date(stepMs).getUTCDate()) + 90 * DAY).toISOString().slice(0, 10);
  const follows = (moveMs: number, stepMs: number) => moveMs >= stepMs && new Date(moveMs).toISOString().slice(0, 10) <= lastDayOf(stepMs);
  const staffAt = (clientId: string, ms: number) => {
    const changes = [...(begeleiders.get(clientId) ?? [])].sort((a, b) => a.ms - b.ms);
    let staffId: string | null = null;
    for (const c of changes) if (c.ms <= ms) staffId = c.staffId;
    return staffId;
  };

  const counts = new Map<string, number>();
  const add = (key: string, wijkCode: string, ms: number) => {
    const gemeente = gemeenteOf.get(wijkCode);
    if (!gemeente) return;
    const month = new Date(ms).toISOString().slice(0, 7);
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
    for (const area of [wijkCode, gemeente, 'all']) for (const period of [month, quarter, month.slice(0, 4)]) counts.set(`${key}|${area}|${period}`, (counts.get(`${key}|${area}|${period}`) ?? 0) + 1);
  };

  for (const [clientId, clientSteps] of steps)
    for (const s of clientSteps) {
      const lastDay = lastDayOf(s.ms);
      // The first move in the window (in time; among equal times, the first recorded) gives the reason.
      const firstMove = [...(moves.get(clientId) ?? [])].sort((a, b) => a.ms - b.ms).find((m) => follows(m.ms, s.ms));
      const moved = firstMove !== undefined;
      const over = lastDay < asOfDay;
      add('schaalstappen', s.wijkCode, s.ms);
      add(s.up ? 'stappen_op' : 'stappen_af', s.wijkCode, s.ms);
      if (moved) (add('stappen_met_verhuizing', s.wijkCode, s.ms), add(`stappen_met_verhuizing_${firstMove.reason}`, s.wijkCode, s.ms));
      else add(over ? 'stappen_zonder_verhuizing' : 'stappen_nog_open', s.wijkCode, s.ms);
      const before = staffAt(clientId, s.ms);
      if (over && before !== null) {
        add('stappen_met_begeleider', s.wijkCode, s.ms);
        if (staffAt(clientId, Date.parse(`${lastDay}T23:59:59.999Z`)) === before) add('stappen_zelfde_begeleider', s.wijkCode, s.ms);
      }
    }
  for (const [clientId, clientMoves] of moves)
    for (const m of clientMoves) {
      add('verhuizingen', m.wijkCode, m.ms);
      add((steps.get(clientId) ?? []).some((s) => follows(m.ms, s.ms)) ? 'verhuizingen_na_schaalstap' : 'verhuizingen_zonder_schaalstap', m.wijkCode, m.ms);
    }

  const count = (key: string, area: string, period: string) => counts.get(`${key}|${area}|${period}`) ?? 0;
  const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
  return {
    count,
    share: (key, area, period) =>
      key === 'aandeel_zonder_verhuizing'
        ? ratio(count('stappen_zonder_verhuizing', area, period), count('stappen_zonder_verhuizing', area, period) + count('stappen_met_verhuizing', area, period))
        : ratio(count('stappen_zelfde_begeleider', area, period), count('stappen_met_begeleider', area, period)),
    gemeenteOf,
  };
}
