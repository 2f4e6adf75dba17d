import { BuurtEvent, event } from '@wijkzorg/domain';
import { DomainEvent } from '../../projection';
import { projectionSpecification } from '../../projection-specification';
import { scaledUp } from '../projection-fixtures';
import { buurtProjection } from './buurt.projection';

const spec = projectionSpecification(buurtProjection);
// Buurt events are not part of the client projections' DomainEvent union (see buurt.projection.ts).
const given = (events: (BuurtEvent | DomainEvent)[]) => spec.given(events as DomainEvent[]);
const W = 'WK075803';
const month = (m: string, counts: Record<string, number | number[]>) => ({
  wijkCode: W,
  gemeenteCode: 'GM0758',
  month: m,
  overlastReported: 0,
  overlastResolved: 0,
  resolutionDays: [],
  buurtgesprekken: 0,
  onderzoekenStarted: 0,
  onderzoekPlansShared: 0,
  pleinenStarted: 0,
  pleinMeetings: 0,
  pleinAttendance: 0,
  kernClientVisits: 0,
  kernOtherVisits: 0,
  ...counts,
});

describe('buurt projection (given events, then documents)', () => {
  it('follows a nuisance report, counts it in the months it happened, and links the care step that followed a decision to scale up', () => {
    given([
      event('OverlastReported', { reportId: 'ov-1', wijkCode: W, gemeenteCode: 'GM0758', source: 'buurtbewoner' as const, category: 'geluid' as const, reportedAt: '2026-10-28T09:00:00Z', reportedByRole: 'wijkteam', organisation: 'GM0758', clientId: 'c1' }, '2026-10-28T09:00:00Z'),
      event('BuurtgesprekHeld', { reportId: 'ov-1', wijkCode: W, heldAt: '2026-11-02T19:00:00Z', withClient: true, residents: 6, professionals: 2 }, '2026-11-02T19:00:00Z'),
      event('OverlastResponseDecided', { reportId: 'ov-1', wijkCode: W, responses: ['opschalen_zorg' as const], decidedAt: '2026-11-03T10:00:00Z', clientId: 'c1', careStepExpected: true }, '2026-11-03T10:00:00Z'),
      // A step before the decision is not the step that followed it; the first one after is.
      scaledUp('c2', 'wc-1', W, '2026-11-04T10:00:00Z'),
      scaledUp('c1', 'wc-1', W, '2026-11-05T10:00:00Z'),
      scaledUp('c1', 'wc-1', W, '2026-11-20T10:00:00Z'),
      event('OverlastResolved', { reportId: 'ov-1', wijkCode: W, outcome: 'opgelost' as const, resolvedAt: '2026-11-12T10:00:00Z', resolutionDays: 15, buurtgesprekken: 1 }, '2026-11-12T10:00:00Z'),
    ]).then({
      overlast: {
        'ov-1': {
          reportId: 'ov-1',
          wijkCode: W,
          gemeenteCode: 'GM0758',
          source: 'buurtbewoner',
          category: 'geluid',
          reportedAt: '2026-10-28T09:00:00Z',
          reportedByRole: 'wijkteam',
          organisation: 'GM0758',
          clientId: 'c1',
          buurtgesprekken: 1,
          gesprekkenWithClient: 1,
          residentsSpokenTo: 6,
          responses: ['opschalen_zorg'],
          careStepExpected: true,
          status: 'resolved',
          outcome: 'opgelost',
          resolvedAt: '2026-11-12T10:00:00Z',
          resolutionDays: 15,
        },
      },
      careLink: { c1: { clientId: 'c1', expectedSince: '2026-11-03T10:00:00Z', reportIds: ['ov-1'], careStepTakenAt: '2026-11-05T10:00:00Z' } },
      month: {
        [`${W}|2026-10`]: month('2026-10', { overlastReported: 1 }),
        [`${W}|2026-11`]: month('2026-11', { buurtgesprekken: 1, overlastResolved: 1, resolutionDays: [15] }),
      },
    });
  });

  it('sums kern visits per month and day part, and buurtplein meetings with their attendance', () => {
    given([
      event('KernVisitsRecorded', { wooncirkelId: 'wc-1', wijkCode: W, date: '2026-11-03', dayPart: 'ochtend' as const, clientVisits: 3, otherVisits: 9 }, '2026-11-03T23:00:00Z'),
      event('KernVisitsRecorded', { wooncirkelId: 'wc-1', wijkCode: W, date: '2026-11-03', dayPart: 'avond' as const, clientVisits: 1, otherVisits: 4 }, '2026-11-03T23:00:00Z'),
      event('KernVisitsRecorded', { wooncirkelId: 'wc-1', wijkCode: W, date: '2026-11-10', dayPart: 'avond' as const, clientVisits: 2, otherVisits: 5 }, '2026-11-10T23:00:00Z'),
      event('BuurtpleinStarted', { pleinId: 'bp-1', wijkCode: W, gemeenteCode: 'GM0758', groupSize: 8, weekday: 'dinsdag' as const, startTime: '10:00', startedAt: '2026-10-30T09:00:00Z', organisation: 'surplus-welzijn' }, '2026-10-30T09:00:00Z'),
      event('BuurtpleinMeetingHeld', { pleinId: 'bp-1', wijkCode: W, heldOn: '2026-11-03', attendance: 7, groupSize: 8 }, '2026-11-03T12:00:00Z'),
      event('BuurtpleinMeetingHeld', { pleinId: 'bp-1', wijkCode: W, heldOn: '2026-11-10', attendance: 6, groupSize: 8 }, '2026-11-10T12:00:00Z'),
    ]).then({
      kern: {
        'wc-1|2026-11': {
          wooncirkelId: 'wc-1',
          wijkCode: W,
          gemeenteCode: 'GM0758',
          month: '2026-11',
          dates: ['2026-11-03', '2026-11-10'],
          daysRecorded: 2,
          clientVisits: 6,
          otherVisits: 18,
          byDayPart: { ochtend: { clientVisits: 3, otherVisits: 9 }, middag: { clientVisits: 0, otherVisits: 0 }, avond: { clientVisits: 3, otherVisits: 9 } },
        },
      },
      plein: {
        'bp-1': {
          pleinId: 'bp-1',
          wijkCode: W,
          gemeenteCode: 'GM0758',
          organisation: 'surplus-welzijn',
          groupSize: 8,
          weekday: 'dinsdag',
          startTime: '10:00',
          startedAt: '2026-10-30T09:00:00Z',
          meetings: 2,
          attendance: 13,
          lastMeetingOn: '2026-11-10',
          status: 'actief',
          endedAt: null,
          endReason: null,
        },
      },
      month: {
        [`${W}|2026-10`]: month('2026-10', { pleinenStarted: 1 }),
        [`${W}|2026-11`]: month('2026-11', { kernClientVisits: 6, kernOtherVisits: 18, pleinMeetings: 2, pleinAttendance: 13 }),
      },
    });
  });
});
