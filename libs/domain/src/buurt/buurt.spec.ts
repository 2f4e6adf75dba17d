import { Actor, deciderSpecification, testContext } from '../shared';
import { BuurtgesprekHeld, OverlastEvent, OverlastReported, OverlastResponseDecided, ReportOverlast, overlastDecider } from './overlast';
import { BuurtonderzoekEvent, buurtonderzoekDecider } from './buurtonderzoek';
import { BuurtpleinEvent, buurtpleinDecider } from './buurtplein';
import { RecordKernVisits, kernVisitsDecider } from './kern-visits';
import { kernOpenDuring, weekdayOf } from './buurt-codes';

const now = '2026-03-10T12:00:00Z';
const as = (role: Actor['role'], organisation?: string) => testContext({ now, actor: { role, id: `${role}-1`, ...(organisation ? { organisation } : {}) } });
const wijkteam = as('wijkteam', 'GM0758');

const report: ReportOverlast = { type: 'ReportOverlast', reportId: 'ov-1', wijkCode: 'WK075803', source: 'buurtbewoner', category: 'geluid', reportedAt: '2026-03-01T10:00:00Z' };
const reported = (extra: Partial<OverlastReported['data']> = {}): OverlastEvent => ({
  type: 'OverlastReported',
  schemaVersion: 1,
  occurredAt: '2026-03-01T10:00:00Z',
  data: { reportId: 'ov-1', wijkCode: 'WK075803', gemeenteCode: 'GM0758', source: 'buurtbewoner', category: 'geluid', reportedAt: '2026-03-01T10:00:00Z', reportedByRole: 'wijkteam', organisation: 'GM0758', ...extra },
});
const gesprek: BuurtgesprekHeld = { type: 'BuurtgesprekHeld', schemaVersion: 1, occurredAt: now, data: { reportId: 'ov-1', wijkCode: 'WK075803', heldAt: '2026-03-03T19:00:00Z', withClient: false, residents: 6, professionals: 2 } };
const responded: OverlastResponseDecided = { type: 'OverlastResponseDecided', schemaVersion: 1, occurredAt: now, data: { reportId: 'ov-1', wijkCode: 'WK075803', responses: ['bemiddeling'], decidedAt: '2026-03-04T09:00:00Z', careStepExpected: false } };

describe('overlast', () => {
  const spec = deciderSpecification(overlastDecider, wijkteam);

  it('records a report with its coded source and category, and who reported it', () => {
    spec
      .given([])
      .when(report)
      .then([{ ...reported(), occurredAt: now }]);
  });

  it('links a client a professional names, when the client lives in the wijk', () => {
    spec
      .given([])
      .when({ ...report, clientId: 'cl-7', clientWijkCode: 'WK075803' })
      .then([{ ...reported({ clientId: 'cl-7' }), occurredAt: now }]);
  });

  it('refuses a named client who is not a known client of the wijk, naming clientId', () => {
    spec
      .given([])
      .when({ ...report, clientId: 'cl-7', clientWijkCode: 'WK075805' })
      .thenThrows('client_not_in_wijk', 'clientId');
    spec
      .given([])
      .when({ ...report, clientId: 'cl-7' })
      .thenThrows('client_not_in_wijk', 'clientId');
  });

  it('lets a corporation report with source corporatie only, and never name a client', () => {
    const corporatie = as('woningcorporatie', 'wonenbreburg');
    spec.given([]).when(report, corporatie).thenThrows('source_is_reporter', 'source');
    spec
      .given([])
      .when({ ...report, source: 'corporatie', clientId: 'cl-7', clientWijkCode: 'WK075803' }, corporatie)
      .thenThrows('client_link_not_allowed', 'clientId');
    spec
      .given([])
      .when({ ...report, source: 'corporatie' }, corporatie)
      .then([{ ...reported({ source: 'corporatie', reportedByRole: 'woningcorporatie', organisation: 'wonenbreburg' }), occurredAt: now }]);
  });

  it('refuses a report dated in the future and a second report under the same id', () => {
    spec
      .given([])
      .when({ ...report, reportedAt: '2026-04-01T00:00:00Z' })
      .thenThrows('time_in_future', 'reportedAt');
    spec.given([reported()]).when(report).thenThrows('already_reported', 'reportId');
  });

  it('records a buurtgesprek with counts; with the client only when a client is named', () => {
    spec.given([reported()]).when({ type: 'RecordBuurtgesprek', heldAt: '2026-03-03T19:00:00Z', withClient: false, residents: 6, professionals: 2 }).then([gesprek]);
    spec.given([reported()]).when({ type: 'RecordBuurtgesprek', heldAt: '2026-03-03T19:00:00Z', withClient: true, residents: 6, professionals: 2 }).thenThrows('no_client_linked', 'withClient');
    spec.given([reported()]).when({ type: 'RecordBuurtgesprek', heldAt: '2026-02-03T19:00:00Z', withClient: false, residents: 6, professionals: 2 }).thenThrows('time_before_start', 'heldAt');
    spec.given([reported()]).when({ type: 'RecordBuurtgesprek', heldAt: '2026-03-03T19:00:00Z', withClient: false, residents: -1, professionals: 2 }).thenThrows('invalid_count', 'residents');
  });

  it('marks scaling up for a named client as a care step expected on the client trajectory', () => {
    spec
      .given([reported({ clientId: 'cl-7' })])
      .when({ type: 'DecideOverlastResponse', responses: ['opschalen_zorg', 'bemiddeling'], decidedAt: '2026-03-04T09:00:00Z' })
      .then([{ type: 'OverlastResponseDecided', schemaVersion: 1, occurredAt: now, data: { reportId: 'ov-1', wijkCode: 'WK075803', responses: ['opschalen_zorg', 'bemiddeling'], decidedAt: '2026-03-04T09:00:00Z', clientId: 'cl-7', careStepExpected: true } }]);
    spec
      .given([reported()])
      .when({ type: 'DecideOverlastResponse', responses: ['geen_actie', 'bemiddeling'], decidedAt: '2026-03-04T09:00:00Z' })
      .thenThrows('geen_actie_alone', 'responses');
    spec.given([reported()]).when({ type: 'DecideOverlastResponse', responses: [], decidedAt: '2026-03-04T09:00:00Z' }).thenThrows('responses_required', 'responses');
  });

  it('resolves after a response with the days it took, then refuses further steps', () => {
    spec.given([reported()]).when({ type: 'ResolveOverlast', outcome: 'opgelost', resolvedAt: '2026-03-09T10:00:00Z' }).thenThrows('no_response_decided', 'outcome');
    const resolved = spec
      .given([reported(), gesprek, responded])
      .when({ type: 'ResolveOverlast', outcome: 'opgelost', resolvedAt: '2026-03-09T10:00:00Z' })
      .then([{ type: 'OverlastResolved', schemaVersion: 1, occurredAt: now, data: { reportId: 'ov-1', wijkCode: 'WK075803', outcome: 'opgelost', resolvedAt: '2026-03-09T10:00:00Z', resolutionDays: 8, buurtgesprekken: 1 } }]);
    spec
      .given([reported(), responded, ...resolved])
      .when({ type: 'RecordBuurtgesprek', heldAt: '2026-03-09T19:00:00Z', withClient: false, residents: 3, professionals: 1 })
      .thenThrows('overlast_resolved', 'reportId');
  });

  it('refuses steps on a report that does not exist', () => {
    spec.given([]).when({ type: 'ResolveOverlast', outcome: 'opgelost', resolvedAt: '2026-03-09T10:00:00Z' }).thenThrows('unknown_overlast_report', 'reportId');
  });
});

describe('buurtonderzoek', () => {
  const welzijn = as('welzijn', 'surplus-welzijn');
  const spec = deciderSpecification(buurtonderzoekDecider, welzijn);
  const started: BuurtonderzoekEvent = {
    type: 'BuurtonderzoekStarted',
    schemaVersion: 1,
    occurredAt: now,
    data: { onderzoekId: 'bo-1', wijkCode: 'WK075803', gemeenteCode: 'GM0758', reason: 'client_komt_wonen', startedAt: '2026-02-01T09:00:00Z', startedByRole: 'welzijn', organisation: 'surplus-welzijn' },
  };
  const talked: BuurtonderzoekEvent = { type: 'BuurtonderzoekGesprekkenRecorded', schemaVersion: 1, occurredAt: now, data: { onderzoekId: 'bo-1', wijkCode: 'WK075803', heldAt: '2026-02-10T09:00:00Z', form: 'groep', residents: 9, professionals: 3 } };
  const found: BuurtonderzoekEvent = { type: 'BuurtonderzoekFindingsRecorded', schemaVersion: 1, occurredAt: now, data: { onderzoekId: 'bo-1', wijkCode: 'WK075803', findings: ['behoefte_aan_contact'], recordedAt: '2026-02-20T09:00:00Z' } };

  it('starts with a coded reason and the organisation that runs it', () => {
    spec.given([]).when({ type: 'StartBuurtonderzoek', onderzoekId: 'bo-1', wijkCode: 'WK075803', reason: 'client_komt_wonen', startedAt: '2026-02-01T09:00:00Z' }).then([started]);
  });

  it('needs conversations before findings, and findings before a plan', () => {
    spec
      .given([started])
      .when({ type: 'RecordBuurtonderzoekFindings', findings: ['eenzaamheid'], recordedAt: '2026-02-20T09:00:00Z' })
      .thenThrows('no_conversations', 'findings');
    spec.given([started, talked]).when({ type: 'ShareBuurtonderzoekPlan', sharedAt: '2026-03-01T19:00:00Z', channel: 'bewonersavond', residentsReached: 40 }).thenThrows('no_findings', 'sharedAt');
    spec.given([started]).when({ type: 'RecordBuurtonderzoekGesprekken', heldAt: '2026-02-10T09:00:00Z', form: 'groep', residents: 0, professionals: 0 }).thenThrows('nobody_spoken_to', 'residents');
  });

  it('shares the plan with the totals spoken to, and is then complete', () => {
    const shared = spec
      .given([started, talked, talked, found])
      .when({ type: 'ShareBuurtonderzoekPlan', sharedAt: '2026-03-03T19:00:00Z', channel: 'bewonersavond', residentsReached: 40 })
      .then([
        {
          type: 'BuurtonderzoekPlanShared',
          schemaVersion: 1,
          occurredAt: now,
          data: { onderzoekId: 'bo-1', wijkCode: 'WK075803', sharedAt: '2026-03-03T19:00:00Z', channel: 'bewonersavond', residentsReached: 40, residentsSpokenTo: 18, professionalsSpokenTo: 6, durationDays: 30 },
        },
      ]);
    spec
      .given([started, talked, found, ...shared])
      .when({ type: 'RecordBuurtonderzoekGesprekken', heldAt: '2026-03-05T09:00:00Z', form: 'individueel', residents: 1, professionals: 0 })
      .thenThrows('buurtonderzoek_completed', 'onderzoekId');
  });
});

describe('buurtplein', () => {
  const spec = deciderSpecification(buurtpleinDecider, as('welzijn', 'surplus-welzijn'));
  const start = { type: 'StartBuurtplein' as const, pleinId: 'bp-1', wijkCode: 'WK075803', groupSize: 8, weekday: 'dinsdag' as const, startTime: '10:00', startedAt: '2026-02-02T09:00:00Z' };
  const started: BuurtpleinEvent = { type: 'BuurtpleinStarted', schemaVersion: 1, occurredAt: now, data: { pleinId: 'bp-1', wijkCode: 'WK075803', gemeenteCode: 'GM0758', groupSize: 8, weekday: 'dinsdag', startTime: '10:00', startedAt: '2026-02-02T09:00:00Z', organisation: 'surplus-welzijn' } };
  const met: BuurtpleinEvent = { type: 'BuurtpleinMeetingHeld', schemaVersion: 1, occurredAt: now, data: { pleinId: 'bp-1', wijkCode: 'WK075803', heldOn: '2026-02-03', attendance: 7, groupSize: 8 } };

  it('starts a group of 6 to 10 residents at a fixed weekly moment', () => {
    spec.given([]).when(start).then([started]);
    spec
      .given([])
      .when({ ...start, groupSize: 5 })
      .thenThrows('invalid_group_size', 'groupSize');
    spec
      .given([])
      .when({ ...start, groupSize: 11 })
      .thenThrows('invalid_group_size', 'groupSize');
    spec
      .given([])
      .when({ ...start, startTime: '25:00' })
      .thenThrows('invalid_clock_time', 'startTime');
  });

  it('records meetings on its weekday with attendance up to the group size, once per date', () => {
    expect(weekdayOf('2026-02-03')).toBe('dinsdag');
    spec.given([started]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-02-03', attendance: 7 }).then([met]);
    spec.given([started]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-02-04', attendance: 7 }).thenThrows('not_the_fixed_weekday', 'heldOn');
    spec.given([started]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-02-03', attendance: 9 }).thenThrows('invalid_count', 'attendance');
    spec.given([started, met]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-02-03', attendance: 6 }).thenThrows('meeting_already_recorded', 'heldOn');
    spec.given([started]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-03-17', attendance: 6 }).thenThrows('date_in_future', 'heldOn');
    spec.given([started]).when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-02-30', attendance: 6 }).thenThrows('invalid_time', 'heldOn');
  });

  it('ends with the number of meetings held, and then takes no more', () => {
    const ended = spec
      .given([started, met])
      .when({ type: 'EndBuurtplein', reason: 'zelfstandig_verder', endedAt: '2026-03-01T09:00:00Z' })
      .then([{ type: 'BuurtpleinEnded', schemaVersion: 1, occurredAt: now, data: { pleinId: 'bp-1', wijkCode: 'WK075803', reason: 'zelfstandig_verder', endedAt: '2026-03-01T09:00:00Z', meetings: 1 } }]);
    spec
      .given([started, met, ...ended])
      .when({ type: 'RecordBuurtpleinMeeting', heldOn: '2026-03-03', attendance: 6 })
      .thenThrows('buurtplein_ended', 'pleinId');
  });
});

describe('kern visits', () => {
  const spec = deciderSpecification(kernVisitsDecider, as('welzijn', 'welzijn-zaanstad'));
  const visits: RecordKernVisits = { type: 'RecordKernVisits', wooncirkelId: 'wc-1', date: '2026-03-09', dayPart: 'avond', clientVisits: 4, otherVisits: 11, kern: { wijkCode: 'WK047901', opensAt: '07:30', closesAt: '22:30' } };

  it('records clients and other visitors per day part within opening hours', () => {
    spec
      .given([])
      .when(visits)
      .then([{ type: 'KernVisitsRecorded', schemaVersion: 1, occurredAt: now, data: { wooncirkelId: 'wc-1', wijkCode: 'WK047901', date: '2026-03-09', dayPart: 'avond', clientVisits: 4, otherVisits: 11, organisation: 'welzijn-zaanstad' } }]);
  });

  it('refuses a day part in which the kern is closed, naming dayPart', () => {
    spec
      .given([])
      .when({ ...visits, kern: { ...visits.kern, closesAt: '17:00' } })
      .thenThrows('kern_closed', 'dayPart');
    spec
      .given([])
      .when({ ...visits, dayPart: 'ochtend', kern: { ...visits.kern, opensAt: '12:00' } })
      .thenThrows('kern_closed', 'dayPart');
    expect(kernOpenDuring({ opensAt: '11:30', closesAt: '18:00' }, 'ochtend')).toBe(true);
    expect(kernOpenDuring({ opensAt: '11:30', closesAt: '18:00' }, 'avond')).toBe(false);
  });

  it('refuses a day part recorded twice and a date in the future', () => {
    const [recorded] = spec
      .given([])
      .when(visits)
      .then([{ type: 'KernVisitsRecorded', schemaVersion: 1, occurredAt: now, data: { wooncirkelId: 'wc-1', wijkCode: 'WK047901', date: '2026-03-09', dayPart: 'avond', clientVisits: 4, otherVisits: 11, organisation: 'welzijn-zaanstad' } }]);
    spec.given([recorded]).when(visits).thenThrows('visits_already_recorded', 'dayPart');
    spec
      .given([])
      .when({ ...visits, date: '2026-03-11' })
      .thenThrows('date_in_future', 'date');
  });
});
