import { event } from '@wijkzorg/domain';
import { Random } from '../../../../../apps/cli/src/seed/random';
import { DomainEvent, ProjectionContext } from '../../projection';
import { project } from '../../projection-specification';
import { intakeIn, placementIn, scaledUp } from '../projection-fixtures';
import { wachtlijstProjection } from './wachtlijst.projection';
import { WaitlistEntry } from './wait-entry';
import { OPEN_WAIT_SUMS, OpenWaitSums, changeOpenWaitSums, openWaitCounts, openWaitsBefore } from './wait-sums';

/** Counts as the projection stores them: a count that comes to zero is dropped. */
const stored = (counts: Map<string, number>) => Object.fromEntries([...counts].filter(([, n]) => n !== 0));

const WIJKEN = ['WK047901', 'WK047902', 'WK036301'];
const CLIENTS = ['c1', 'c2', 'c3'];

/**
 * A log of waiting clients over several months: waits opened (again), paused, resumed, restatused by a declined offer,
 * moved by transfers, served and closed, and events that change no wait at all.
 */
function randomLog(seed: number, length: number): DomainEvent[] {
  // Seeded, so a failing log can be replayed from its seed.
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => random.pick(items);
  let at = Date.parse('2026-01-20T08:00:00Z');
  const next = () => new Date((at += random.int(0, 9 * 86_400_000 - 1) + 3_600_000)).toISOString();
  const where = new Map(CLIENTS.map((c, i) => [c, WIJKEN[i % WIJKEN.length]]));
  const log: DomainEvent[] = CLIENTS.map((c) => intakeIn(c, placementIn(`wc-${where.get(c)}`, where.get(c)!), next(), pick(['regulier', 'hoog'] as const)));
  while (log.length < length) {
    const clientId = pick(CLIENTS);
    const wijkCode = where.get(clientId)!;
    const moment = next();
    const choices: (() => DomainEvent)[] = [
      () => event('CareScalingWaitlisted', { clientId, fromIntensity: 'geen' as const, requestedIntensity: pick(['licht_ambulant', 'intensief_ambulant'] as const), reason: 'team vol', decidedBy: 'zp-1', wooncirkelId: `wc-${wijkCode}`, wijkCode, teamId: `team-wc-${wijkCode}` }, moment),
      () => event('HousingRequested', { clientId, wijkCode, preferredWijk: wijkCode, reason: 'dakloos', origin: 'dakloos' as const }, moment),
      () => event('WaitingPaused', { clientId, reason: 'opname' }, moment),
      () => event('WaitingResumed', { clientId }, moment),
      () => event('HousingOfferDeclined', { clientId, offerId: `o-${moment}`, reason: 'te ver', becauseOfPreference: random.chance(0.5) }, moment),
      () => {
        const to = pick(WIJKEN.filter((w) => w !== wijkCode));
        where.set(clientId, to);
        return event('ClientTransferred', { clientId, from: placementIn(`wc-${wijkCode}`, wijkCode), to: placementIn(`wc-${to}`, to), reason: 'verhuizing', intensity: 'geen' as const, setting: 'eigen_woning_in_cirkel' as const }, moment);
      },
      () => scaledUp(clientId, `wc-${wijkCode}`, wijkCode, moment),
      () => event('HousingMatched', { clientId, offerId: `o-${moment}`, homeId: 'h1', wooncirkelId: `wc-${wijkCode}`, wijkCode, preferredWijk: wijkCode, preferredWijkHonoured: true, deviationReason: null, reciprocity: [], waitedSince: null }, moment),
    ];
    log.push(pick(choices)());
  }
  return log;
}

describe('the open-wait sums follow the open entries', () => {
  it('equal what the open entries add, counted afresh, after every event of random logs', () => {
    let compared = 0;
    let withOpenWaits = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const log = randomLog(seed, 45);
      for (let length = 1; length <= log.length; length++) {
        const documents = project(wachtlijstProjection, log.slice(0, length));
        const open = Object.values(documents.entry ?? {}).filter((e) => e.open) as unknown as WaitlistEntry[];
        const afresh = stored(openWaitCounts(open));
        const sums = documents.openWaits?.region as { counts: Record<string, number> } | undefined;
        expect({ seed, length, counts: sums?.counts ?? {} }).toStrictEqual({ seed, length, counts: afresh });
        compared++;
        if (open.length > 1) withOpenWaits++;
      }
    }
    expect(compared).toBe(12 * 45);
    // Most moments have several waits open, so a wait that changed beside one that did not is met often.
    expect(withOpenWaits).toBeGreaterThan(compared / 2);
  });

  it('count two open entries that share a waitId (which the projection never writes) each as they are', () => {
    const documents = project(wachtlijstProjection, randomLog(5, 30));
    const [first] = (Object.values(documents.entry ?? {}) as unknown as WaitlistEntry[]).filter((e) => e.open);
    const twin: WaitlistEntry = { ...first, kind: first.kind === 'care' ? 'housing' : 'care', status: 'urgent' };
    const restatused: WaitlistEntry = { ...first, status: first.status === 'urgent' ? 'actief_wachtend' : 'urgent' };
    let sums: OpenWaitSums = { counts: stored(openWaitCounts([first, twin])), earliestSince: first.since, latestChange: first.since };
    const context: ProjectionContext = {
      get: <T>(collection: string) => (collection === OPEN_WAIT_SUMS ? (sums as T) : undefined),
      update: <T>(_collection: string, _id: string, change: (doc: T | undefined) => T | null) => void (sums = change(sums as T) as OpenWaitSums),
    };
    changeOpenWaitSums(context, openWaitsBefore([first, twin]), [twin, restatused]);
    expect(sums.counts).toStrictEqual(stored(openWaitCounts([twin, restatused])));
  });
});
