import { event } from '@wijkzorg/domain';
import { projectionSpecification } from '../../projection-specification';
import { intakeIn, placementIn, scaledUp } from '../projection-fixtures';
import { wachtlijstProjection } from './wachtlijst.projection';

const spec = projectionSpecification(wachtlijstProjection);
const AREAS = ['wijk:WK047901', 'gemeente:GM0479', 'all'];
const dayOf = (iso: string) => String(Math.floor(Date.parse(iso) / 86_400_000));
/** The closed-wait sums of one closing month, for waits that stayed in WK047901: the same figures for its wijk, gemeente and the region. */
const closedIn = (month: string, latestClosedAt: string, earliestSince: string, area: object, completed: Record<string, number>, outcomes: Record<string, number>) => ({
  [month]: { month, latestClosedAt, earliestSince, areas: Object.fromEntries(AREAS.map((a) => [a, area])), completed: { WK047901: completed }, outcomes: { WK047901: outcomes } },
});
/** The open-wait sums of waits open in WK047901, each `[kind, status, urgency, since]`. */
const openSums = (earliestSince: string, latestChange: string, waits: [string, string, string, string][]) => {
  const counts: Record<string, number> = {};
  for (const [kind, status, urgency, since] of waits) {
    for (const a of AREAS) for (const key of [`joined|${a}|${since.slice(0, 7)}`, `openFrom|${a}|${since.slice(0, 7)}|${dayOf(since)}`, `since|${a}|${Date.parse(since)}`, `kind|${a}|${kind}`, `status|${a}|${status}`]) counts[key] = (counts[key] ?? 0) + 1;
    counts[`cube|WK047901|${kind}|${status}|${urgency}`] = (counts[`cube|WK047901|${kind}|${status}|${urgency}`] ?? 0) + 1;
    // The outcome table's: in the wijk from the month it began, and begun there then.
    for (const key of [`outcome|WK047901|stock|${kind}|${urgency}|${since.slice(0, 7)}`, `outcome|WK047901|started|${kind}|${since.slice(0, 7)}`, `outcome|WK047901|waiting|${kind}|${status}|${urgency}|${Date.parse(since)}`]) counts[key] = (counts[key] ?? 0) + 1;
  }
  return { region: { counts, earliestSince, latestChange } };
};
const placement = placementIn('wc-1', 'WK047901');
const waitlisted = event('CareScalingWaitlisted', { clientId: 'c1', fromIntensity: 'geen' as const, requestedIntensity: 'licht_ambulant' as const, reason: 'team vol', decidedBy: 'zp-1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-wc-1' }, '2026-02-05T10:00:00Z');
const housingRequested = event('HousingRequested', { clientId: 'c1', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'dakloos', origin: 'dakloos' as const }, '2026-02-06T10:00:00Z');

describe('wachtlijst projection (given events, then documents)', () => {
  it('opens a wait per kind, and moves a served wait to its closed entry with the days waited', () => {
    spec.given([intakeIn('c1', placement, '2026-02-03T10:00:00Z'), waitlisted, housingRequested, scaledUp('c1', 'wc-1', 'WK047901', '2026-02-15T10:00:00Z')]).then({
      client: { c1: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', urgency: 'regulier', paused: false, waitingForPreference: false } },
      entry: {
        'c1:care@4': {
          waitId: 'c1:care:2',
          clientId: 'c1',
          kind: 'care',
          wooncirkelId: 'wc-1',
          wijkCode: 'WK047901',
          gemeenteCode: 'GM0479',
          since: '2026-02-05T10:00:00Z',
          urgency: 'regulier',
          status: 'actief_wachtend',
          open: false,
          requestedIntensity: 'licht_ambulant',
          closedAt: '2026-02-15T10:00:00Z',
          waitedDays: 10,
          endedBy: 'served',
          segments: [{ wijkCode: 'WK047901', gemeenteCode: 'GM0479', wooncirkelId: 'wc-1', from: '2026-02-05T10:00:00Z', to: '2026-02-15T10:00:00Z' }],
        },
        'c1:housing': {
          waitId: 'c1:housing:3',
          clientId: 'c1',
          kind: 'housing',
          wooncirkelId: 'wc-1',
          wijkCode: 'WK047901',
          gemeenteCode: 'GM0479',
          since: '2026-02-06T10:00:00Z',
          urgency: 'regulier',
          status: 'actief_wachtend',
          open: true,
          requestedIntensity: null,
          closedAt: null,
          waitedDays: null,
          endedBy: null,
          segments: [{ wijkCode: 'WK047901', gemeenteCode: 'GM0479', wooncirkelId: 'wc-1', from: '2026-02-06T10:00:00Z', to: null }],
        },
      },
      closedWaits: closedIn(
        '2026-02',
        '2026-02-15T10:00:00Z',
        '2026-02-05T10:00:00Z',
        { joined: { '2026-02': 1 }, left: { '2026-02': 1 }, staying: {}, waited: { 10: 1 } },
        { 'care|actief_wachtend|regulier': 1 },
        { 'started|care|2026-02': 1, 'waited|care|actief_wachtend|regulier|10': 1, 'ended|care|1': 1, 'placed|care|regulier|10': 1 },
      ),
      openWaits: openSums('2026-02-05T10:00:00Z', '2026-02-06T10:00:00Z', [['housing', 'actief_wachtend', 'regulier', '2026-02-06T10:00:00Z']]),
    });
  });

  it('restatuses open waits: a paused client waits not actively, an urgent one urgently', () => {
    spec.given([intakeIn('c1', placement, '2026-02-03T10:00:00Z', 'hoog'), housingRequested, event('WaitingPaused', { clientId: 'c1', reason: 'opname' }, '2026-02-07T10:00:00Z')]).then({
      client: { c1: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', urgency: 'hoog', paused: true, waitingForPreference: false } },
      entry: {
        'c1:housing': {
          waitId: 'c1:housing:2',
          clientId: 'c1',
          kind: 'housing',
          wooncirkelId: 'wc-1',
          wijkCode: 'WK047901',
          gemeenteCode: 'GM0479',
          since: '2026-02-06T10:00:00Z',
          urgency: 'hoog',
          status: 'niet_actief_wachtend',
          open: true,
          requestedIntensity: null,
          closedAt: null,
          waitedDays: null,
          endedBy: null,
          segments: [{ wijkCode: 'WK047901', gemeenteCode: 'GM0479', wooncirkelId: 'wc-1', from: '2026-02-06T10:00:00Z', to: null }],
        },
      },
      openWaits: openSums('2026-02-06T10:00:00Z', '2026-02-06T10:00:00Z', [['housing', 'niet_actief_wachtend', 'hoog', '2026-02-06T10:00:00Z']]),
    });
  });
  it('ends every open wait when the trajectory closes, with the closure reason', () => {
    const closed = event(
      'TrajectoryClosed',
      {
        clientId: 'c1',
        reason: 'hersteld' as const,
        note: null,
        wooncirkelId: 'wc-1',
        wijkCode: 'WK047901',
        teamId: 'team-wc-1',
        intensity: 'geen' as const,
        setting: 'eigen_woning_in_cirkel' as const,
        heldTeamPlace: false,
        homeId: null,
        endedWaits: ['care' as const, 'housing' as const],
        openBudgetLines: 0,
      },
      '2026-02-25T10:00:00Z',
    );
    const ended = (kind: string, since: string, startedAt: number, requestedIntensity: string | null) => ({
      waitId: `c1:${kind}:${startedAt}`,
      clientId: 'c1',
      kind,
      wooncirkelId: 'wc-1',
      wijkCode: 'WK047901',
      gemeenteCode: 'GM0479',
      since,
      urgency: 'regulier',
      status: 'actief_wachtend',
      open: false,
      requestedIntensity,
      closedAt: '2026-02-25T10:00:00Z',
      waitedDays: kind === 'care' ? 20 : 19,
      endedBy: 'closed',
      closureReason: 'hersteld',
      segments: [{ wijkCode: 'WK047901', gemeenteCode: 'GM0479', wooncirkelId: 'wc-1', from: since, to: '2026-02-25T10:00:00Z' }],
    });
    spec.given([intakeIn('c1', placement, '2026-02-03T10:00:00Z'), waitlisted, housingRequested, closed]).then({
      client: { c1: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', urgency: 'regulier', paused: false, waitingForPreference: false } },
      entry: { 'c1:care@4': ended('care', '2026-02-05T10:00:00Z', 2, 'licht_ambulant'), 'c1:housing@4': ended('housing', '2026-02-06T10:00:00Z', 3, null) },
      closedWaits: closedIn(
        '2026-02',
        '2026-02-25T10:00:00Z',
        '2026-02-05T10:00:00Z',
        { joined: { '2026-02': 2 }, left: { '2026-02': 2 }, staying: {}, waited: { 19: 1, 20: 1 } },
        { 'care|actief_wachtend|regulier': 1, 'housing|actief_wachtend|regulier': 1 },
        { 'started|care|2026-02': 1, 'started|housing|2026-02': 1, 'waited|care|actief_wachtend|regulier|20': 1, 'waited|housing|actief_wachtend|regulier|19': 1, 'ended|care|0': 1, 'ended|housing|0': 1 },
      ),
      openWaits: openSums('2026-02-05T10:00:00Z', '2026-02-06T10:00:00Z', []),
    });
  });

  it('an aanvraag waits for the decision: an indicatie naming it serves it, a refusal ends it as refused, an indicatie without aanvraag touches nothing', () => {
    const requested = (requestId: string, at: string) =>
      event(
        'IndicatieRequested',
        { clientId: 'c1', requestId, wet: 'wmo' as const, product: 'begeleiding_individueel', requestedIntensity: 'intensief_ambulant' as const, issuer: 'GM0479', issuerRole: 'gemeente' as const, requestedByRole: 'zorgprofessional', decideBefore: '2026-04-01T10:00:00Z', wijkCode: 'WK047901' },
        at,
      );
    const issued = (requestId: string | undefined, at: string) =>
      event(
        'IndicatieIssued',
        {
          clientId: 'c1',
          indicatieId: `ind-${at}`,
          wet: 'wmo' as const,
          product: 'begeleiding_individueel',
          issuer: 'GM0479',
          issuerRole: 'gemeente' as const,
          validFrom: at.slice(0, 10),
          validUntil: '2027-01-01',
          volume: { unit: 'uur_per_week' as const, amount: 4 },
          covers: ['intensief_ambulant' as const],
          wijkCode: 'WK047901',
          ...(requestId ? { requestId } : {}),
        },
        at,
      );
    const refused = event('IndicatieRequestRefused', { clientId: 'c1', requestId: 'a2', wet: 'wmo' as const, reason: 'geen_recht' as const, wijkCode: 'WK047901' }, '2026-05-10T10:00:00Z');
    const entry = (id: string, waitId: string, since: string, closedAt: string, waitedDays: number, endedBy: string, extra: object = {}) => ({
      [id]: {
        waitId,
        clientId: 'c1',
        kind: 'indicatie',
        wooncirkelId: 'wc-1',
        wijkCode: 'WK047901',
        gemeenteCode: 'GM0479',
        since,
        urgency: 'regulier',
        status: 'actief_wachtend',
        open: false,
        requestedIntensity: null,
        closedAt,
        waitedDays,
        endedBy,
        segments: [{ wijkCode: 'WK047901', gemeenteCode: 'GM0479', wooncirkelId: 'wc-1', from: since, to: closedAt }],
        ...extra,
      },
    });
    spec.given([intakeIn('c1', placement, '2026-02-03T10:00:00Z'), requested('a1', '2026-02-05T10:00:00Z'), issued(undefined, '2026-02-20T10:00:00Z'), issued('a1', '2026-03-19T10:00:00Z'), requested('a2', '2026-04-10T10:00:00Z'), refused]).then({
      client: { c1: { clientId: 'c1', wooncirkelId: 'wc-1', wijkCode: 'WK047901', urgency: 'regulier', paused: false, waitingForPreference: false } },
      entry: {
        ...entry('c1:indicatie@4', 'c1:indicatie:2', '2026-02-05T10:00:00Z', '2026-03-19T10:00:00Z', 42, 'served', { decideBefore: '2026-04-01T10:00:00Z' }),
        ...entry('c1:indicatie@6', 'c1:indicatie:5', '2026-04-10T10:00:00Z', '2026-05-10T10:00:00Z', 30, 'refused', { closureReason: 'geen_recht', decideBefore: '2026-04-01T10:00:00Z' }),
      },
      // A wait that spans months stays in the sums from the month it began until the month it ended.
      closedWaits: {
        ...closedIn(
          '2026-03',
          '2026-03-19T10:00:00Z',
          '2026-02-05T10:00:00Z',
          { joined: { '2026-02': 1 }, left: { '2026-03': 1 }, staying: { '2026-02': { [dayOf('2026-02-05')]: 1 }, '2026-03': { [dayOf('2026-02-05')]: -1 } }, waited: { 42: 1 } },
          { 'indicatie|actief_wachtend|regulier': 1 },
          { 'stock|indicatie|regulier|2026-02': 1, 'stock|indicatie|regulier|2026-03': -1, 'started|indicatie|2026-02': 1, 'waited|indicatie|actief_wachtend|regulier|42': 1, 'ended|indicatie|1': 1, 'placed|indicatie|regulier|42': 1 },
        ),
        ...closedIn(
          '2026-05',
          '2026-05-10T10:00:00Z',
          '2026-04-10T10:00:00Z',
          { joined: { '2026-04': 1 }, left: { '2026-05': 1 }, staying: { '2026-04': { [dayOf('2026-04-10')]: 1 }, '2026-05': { [dayOf('2026-04-10')]: -1 } }, waited: { 30: 1 } },
          { 'indicatie|actief_wachtend|regulier': 1 },
          {
            'stock|indicatie|regulier|2026-04': 1,
            'stock|indicatie|regulier|2026-05': -1,
            // Past its decision term (1 April) at the end of April, no longer waiting at the end of May.
            'overdue|2026-04': 1,
            'overdue|2026-05': -1,
            'started|indicatie|2026-04': 1,
            'waited|indicatie|actief_wachtend|regulier|30': 1,
            'ended|indicatie|0': 1,
          },
        ),
      },
      openWaits: openSums('2026-02-05T10:00:00Z', '2026-04-10T10:00:00Z', []),
    });
  });
});
