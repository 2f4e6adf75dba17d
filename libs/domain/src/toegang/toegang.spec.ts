import { testContext } from '../shared';
import { ClientCommand, ClientEvent, clientDecider } from '../client/client';
import { client, at, e, intake, indicatie, beschermdWonen, gemeenteZaanstad, scaled, decide, errorOf } from '../client/given';
import { accessFor } from './toegang';

const issue = (extra: object = {}): ClientCommand =>
  ({ type: 'IssueIndicatie', indicatieId: 'ind-1', wet: 'wmo', product: 'begeleiding_individueel', validFrom: '2026-01-01', validUntil: '2026-12-31', volume: { unit: 'uur_per_week', amount: 4 }, covers: ['intensief_ambulant'], ...extra }) as ClientCommand;
const as = (role: string, organisation?: string) => testContext({ actor: { role: role as never, id: `${role}-1`, ...(organisation ? { organisation } : {}) } });
const zorgkantoor = as('zorgkantoor', 'zk-zilveren-kruis');
const professional = testContext();
const scale = (toIntensity: string, day = 5): ClientCommand => ({ type: 'ScaleCare', toIntensity, reason: 'meer nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: at(day), teamPlace: 'granted' }) as never;
const acuteIntake = { ...intake, data: { ...intake.data, urgency: 'acuut', acuteConfusedBehaviour: true } } as ClientEvent;
const state = (events: ClientEvent[]) => events.reduce(clientDecider.evolve, clientDecider.initialState);

describe('toegang: who issues an indicatie', () => {
  it('the gemeente of the client grants Wmo begeleiding', () => {
    client
      .given([intake])
      .when(issue(), gemeenteZaanstad)
      .then(
        [
          e(
            'IndicatieIssued',
            { clientId: 'c1', indicatieId: 'ind-1', wet: 'wmo', product: 'begeleiding_individueel', issuer: 'GM0479', issuerRole: 'gemeente', validFrom: '2026-01-01', validUntil: '2026-12-31', volume: { unit: 'uur_per_week', amount: 4 }, covers: ['intensief_ambulant'], wijkCode: 'WK047901' },
            1,
          ),
        ].map((x) => ({ ...x, occurredAt: '2026-03-01T09:00:00Z' })),
      );
  });
  it('refuses another gemeente, a gemeente actor without organisation and a professional, naming the wet', () => {
    client.given([intake]).when(issue(), as('gemeente', 'GM0405')).thenThrows('issuer_not_competent', 'wet');
    client.given([intake]).when(issue(), as('gemeente')).thenThrows('issuer_not_competent', 'wet');
    client.given([intake]).when(issue(), professional).thenThrows('issuer_not_competent', 'wet');
  });
  it('beschermd wonen only by the centrumgemeente of the region', () => {
    const bw = issue({ product: 'beschermd_wonen', covers: ['zorg_24uur'], volume: { unit: 'etmaal_per_week', amount: 7 } });
    expect((decide([intake], bw, gemeenteZaanstad) as ClientEvent[])[0].data).toMatchObject({ issuerRole: 'centrumgemeente', issuer: 'GM0479' });
    const data = intake.data as { placement: object };
    const purmerend = { ...intake, data: { ...data, placement: { ...data.placement, wijkCode: 'WK043901' } } } as ClientEvent;
    // Purmerend's own gemeente grants begeleiding but not beschermd wonen: that is Zaanstad, its centrumgemeente.
    client
      .given([purmerend])
      .when(issue(), as('gemeente', 'GM0439'))
      .then(decide([purmerend], issue(), as('gemeente', 'GM0439')) as ClientEvent[]);
    expect(errorOf(decide([purmerend], bw, as('gemeente', 'GM0439'))).message).toContain('centrumgemeente GM0479');
    expect((decide([purmerend], bw, gemeenteZaanstad) as ClientEvent[])[0].data).toMatchObject({ issuer: 'GM0479', issuerRole: 'centrumgemeente' });
  });
  it('Wlz by the zorgkantoor of the region, Zvw wijkverpleging by the wijkverpleegkundige, forensisch naming its justitiële body', () => {
    const wlz = issue({ wet: 'wlz', product: 'ggz_wonen', covers: ['zorg_24uur'], volume: { unit: 'etmaal_per_week', amount: 7 } });
    expect((decide([intake], wlz, zorgkantoor) as ClientEvent[])[0].data).toMatchObject({ issuer: 'zk-zilveren-kruis', issuerRole: 'zorgkantoor' });
    client.given([intake]).when(wlz, as('zorgkantoor', 'zk-vgz')).thenThrows('issuer_not_competent', 'wet');
    client.given([intake]).when(wlz, gemeenteZaanstad).thenThrows('issuer_not_competent', 'wet');
    const zvw = issue({ wet: 'zvw', product: 'wijkverpleging', volume: { unit: 'minuten_per_week', amount: 420 } });
    expect((decide([intake], zvw, professional) as ClientEvent[])[0].data).toMatchObject({ issuer: 'prov-a', issuerRole: 'wijkverpleegkundige' });
    client.given([intake]).when(zvw, gemeenteZaanstad).thenThrows('issuer_not_competent', 'wet');
    const forensisch = issue({ wet: 'forensisch', product: 'forensisch_ambulant' });
    client.given([intake]).when(forensisch, professional).thenThrows('issuer_required', 'issuer');
    expect((decide([intake], { ...forensisch, issuer: 'nifp' } as ClientCommand, professional) as ClientEvent[])[0].data).toMatchObject({ issuer: 'nifp', issuerRole: 'justitie' });
  });
  it('refuses a product of another law, an impossible or reversed period, a volume beyond a week and cover beyond the product', () => {
    client
      .given([intake])
      .when(issue({ product: 'ggz_wonen' }), gemeenteZaanstad)
      .thenThrows('invalid_product', 'product');
    client
      .given([intake])
      .when(issue({ validFrom: '2026-02-30' }), gemeenteZaanstad)
      .thenThrows('invalid_date', 'validFrom');
    client
      .given([intake])
      .when(issue({ validUntil: '2025-12-31' }), gemeenteZaanstad)
      .thenThrows('invalid_period', 'validUntil');
    client
      .given([intake])
      .when(issue({ volume: { unit: 'uur_per_week', amount: 169 } }), gemeenteZaanstad)
      .thenThrows('invalid_volume', 'volume.amount');
    client
      .given([intake])
      .when(issue({ volume: { unit: 'liter', amount: 1 } }), gemeenteZaanstad)
      .thenThrows('invalid_volume_unit', 'volume.unit');
    client
      .given([intake])
      .when(issue({ covers: ['zorg_24uur'] }), gemeenteZaanstad)
      .thenThrows('product_does_not_cover', 'covers');
    client
      .given([intake])
      .when(issue({ covers: [] }), gemeenteZaanstad)
      .thenThrows('invalid_covers', 'covers');
    client.given([intake, indicatie()]).when(issue(), gemeenteZaanstad).thenThrows('duplicate_indicatie', 'indicatieId');
  });
  it('ends early only by its issuer, within its period, with a coded reason', () => {
    const end = { type: 'EndIndicatie', indicatieId: 'ind-1', reason: 'doel_bereikt', endsOn: '2026-06-30' } as ClientCommand;
    client.given([intake, indicatie()]).when(end, as('gemeente', 'GM0405')).thenThrows('issuer_not_competent', 'indicatieId');
    client
      .given([intake, indicatie()])
      .when({ ...end, endsOn: '2027-01-01' } as ClientCommand, gemeenteZaanstad)
      .thenThrows('invalid_end', 'endsOn');
    const ended = decide([intake, indicatie()], end, gemeenteZaanstad) as ClientEvent[];
    expect(ended[0]).toMatchObject({ type: 'IndicatieEnded', data: { reason: 'doel_bereikt', endsOn: '2026-06-30' } });
    expect(state([intake, indicatie(), ...ended]).indicaties['ind-1']).toMatchObject({ validUntil: '2026-06-30', ended: { reason: 'doel_bereikt' } });
    client
      .given([intake, indicatie(), ...ended])
      .when(end, gemeenteZaanstad)
      .thenThrows('indicatie_ended', 'indicatieId');
  });
});

describe('toegang: care steps need access', () => {
  it('licht ambulant is an algemene voorziening; intensief ambulant and 24-uurs care need a covering indicatie valid at the step', () => {
    expect(accessFor(state([intake]), 'licht_ambulant', at(5))).toEqual({ basis: 'geen_toegang_nodig' });
    expect(accessFor(state([intake, indicatie()]), 'intensief_ambulant', at(5))).toEqual({ basis: 'indicatie', indicatieId: 'ind-1' });
    expect(accessFor(state([intake, indicatie()]), 'zorg_24uur', at(5))).toEqual({ basis: 'ontbreekt' });
    expect(accessFor(state([intake, indicatie('ind-1', { validFrom: '2026-03-01' })]), 'intensief_ambulant', at(5))).toEqual({ basis: 'ontbreekt' });
    expect((decide([intake], scale('licht_ambulant')) as ClientEvent[]).map((x) => x.type)).toEqual(['CareScaledUp']);
  });
  it('refuses a step without a valid indicatie, naming the level', () => {
    client.given([intake]).when(scale('intensief_ambulant')).thenThrows('indicatie_required', 'toIntensity');
    client.given([intake, indicatie()]).when(scale('zorg_24uur')).thenThrows('indicatie_required', 'toIntensity');
    client
      .given([intake, scaled('geen', 'zorg_24uur')])
      .when(scale('intensief_ambulant'))
      .thenThrows('indicatie_required', 'toIntensity');
    expect((decide([intake, beschermdWonen()], scale('zorg_24uur')) as ClientEvent[]).map((x) => x.type)).toEqual(['CareScaledUp']);
  });
  it('an acute client gets the step as a marked exception, to be regularised within 8 weeks', () => {
    const events = decide([acuteIntake], scale('zorg_24uur')) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['CareScaledUp', 'AccessExceptionRecorded']);
    expect(events[1].data).toEqual({ clientId: 'c1', exceptionId: 'uitzondering-1', grounds: 'acuut', intensity: 'zorg_24uur', stepAt: at(5), regulariseBefore: '2026-04-02T10:00:00Z', caseId: null, wijkCode: 'WK047901' });
  });
  it('a doorbraaktafel decision on an open case is grounds for an exception too', () => {
    const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
    const decided = e(
      'DoorbraakDecisionRecorded',
      {
        clientId: 'c1',
        caseId: 'case-1',
        wijkCode: 'WK047901',
        participants: ['zorg', 'ervaringsdeskundige'],
        clientPresent: true,
        ervaringsdeskundigeInvited: true,
        breakthroughType: 'zorg',
        note: 'intensieve begeleiding nu',
        solutionCostCents: null,
        avoidedCost: null,
        escalatedAt: null,
        leadTimeDays: null,
      },
      3,
    );
    client.given([intake, escalated]).when(scale('intensief_ambulant')).thenThrows('indicatie_required', 'toIntensity');
    const events = decide([intake, escalated, decided], scale('intensief_ambulant')) as ClientEvent[];
    expect(events[1]).toMatchObject({ type: 'AccessExceptionRecorded', data: { grounds: 'doorbraaktafel', caseId: 'case-1' } });
  });
  it('a later covering indicatie regularises the exception, late after its date', () => {
    const steps = decide([acuteIntake], scale('zorg_24uur')) as ClientEvent[];
    const bw = issue({ indicatieId: 'bw-1', product: 'beschermd_wonen', covers: ['zorg_24uur'], volume: { unit: 'etmaal_per_week', amount: 7 } });
    const onTime = decide([acuteIntake, ...steps], bw, gemeenteZaanstad) as ClientEvent[];
    expect(onTime.map((x) => x.type)).toEqual(['IndicatieIssued', 'AccessRegularised']);
    expect(onTime[1].data).toEqual({ clientId: 'c1', exceptionId: 'uitzondering-1', indicatieId: 'bw-1', wet: 'wmo', late: false, wijkCode: 'WK047901' });
    const late = decide([acuteIntake, ...steps], bw, { ...gemeenteZaanstad, now: '2026-05-01T09:00:00Z' }) as ClientEvent[];
    expect(late[1].data).toMatchObject({ late: true });
    // Begeleiding does not cover 24-uurs care: the exception stays open.
    expect((decide([acuteIntake, ...steps], issue(), gemeenteZaanstad) as ClientEvent[]).map((x) => x.type)).toEqual(['IndicatieIssued']);
    expect(state([acuteIntake, ...steps, ...onTime]).accessExceptions['uitzondering-1'].regularisedBy).toBe('bw-1');
  });
});

describe('toegang: budget is allocated by its funder', () => {
  const allocate = (funder: string, extra: object = {}): ClientCommand => ({ type: 'AllocateBudget', year: 2026, funder, amountCents: 100_000, ...extra }) as never;
  it('the gemeente allocates Wmo money for a client with a Wmo indicatie in that year', () => {
    expect((decide([intake, indicatie()], allocate('wmo'), gemeenteZaanstad) as ClientEvent[])[0]).toMatchObject({ type: 'BudgetAllocated', data: { funder: 'wmo' } });
    client.given([intake]).when(allocate('wmo'), gemeenteZaanstad).thenThrows('indicatie_required', 'funder');
    client
      .given([intake, indicatie()])
      .when(allocate('wmo', { year: 2027 }), gemeenteZaanstad)
      .thenThrows('indicatie_required', 'funder');
    client.given([intake, indicatie()]).when(allocate('wmo'), professional).thenThrows('not_the_funder', 'funder');
    client.given([intake, indicatie()]).when(allocate('wmo'), as('gemeente', 'GM0405')).thenThrows('not_the_funder', 'funder');
    expect((decide([intake], allocate('gemeente_maatwerk'), gemeenteZaanstad) as ClientEvent[])[0].type).toBe('BudgetAllocated');
  });
  it('beschermd wonen money by the centrumgemeente, Wlz and Zvw by the zorgkantoor, forensische zorg by an admin for DJI', () => {
    client.given([intake, indicatie()]).when(allocate('wmo_beschermd_wonen'), gemeenteZaanstad).thenThrows('indicatie_required', 'funder');
    expect((decide([intake, beschermdWonen()], allocate('wmo_beschermd_wonen'), gemeenteZaanstad) as ClientEvent[])[0].type).toBe('BudgetAllocated');
    client.given([intake]).when(allocate('wlz'), gemeenteZaanstad).thenThrows('not_the_funder', 'funder');
    client.given([intake]).when(allocate('wlz'), zorgkantoor).thenThrows('indicatie_required', 'funder');
    client.given([intake]).when(allocate('zvw'), zorgkantoor).thenThrows('indicatie_required', 'funder');
    client.given([intake]).when(allocate('forensische_zorg'), gemeenteZaanstad).thenThrows('not_the_funder', 'funder');
  });
  it('refuses the former funders in new commands, yet replays their old lines', () => {
    client.given([intake]).when(allocate('jeugdwet'), gemeenteZaanstad).thenThrows('former_funder', 'funder');
    client.given([intake]).when(allocate('woningcorporatie'), gemeenteZaanstad).thenThrows('former_funder', 'funder');
    const old = e('BudgetAllocated', { clientId: 'c1', year: 2025, funder: 'jeugdwet', amountCents: 50_000, wijkCode: 'WK047901' }, 2);
    expect(state([intake, old]).budgetLines['2025:jeugdwet']).toMatchObject({ funder: 'jeugdwet', allocatedCents: 50_000 });
    client
      .given([intake, old])
      .when({ type: 'ReleaseBudget', releaseId: 'r1', year: 2025, funder: 'jeugdwet', purpose: 'zorg_begeleiding', amountCents: 1, approvedBy: 'tl', fastTrack: false, overrideAllocation: false } as never)
      .thenThrows('former_funder', 'funder');
  });
  it('releases need the indicatie too, except fast-track maatwerk of the doorbraaktafel', () => {
    const allocated = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 2);
    const ended = e('IndicatieEnded', { clientId: 'c1', indicatieId: 'ind-1', wet: 'wmo', reason: 'ingetrokken_onjuiste_gegevens', endsOn: '2025-12-31' } as never, 3);
    const old = indicatie('ind-1', { validFrom: '2025-01-01', validUntil: '2025-12-31' });
    const release = (fastTrack: boolean) => ({ type: 'ReleaseBudget', releaseId: 'r1', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 1_000, approvedBy: 'tl', fastTrack, overrideAllocation: false, justification: 'direct nodig' }) as ClientCommand;
    client.given([intake, old, allocated, ended]).when(release(false)).thenThrows('indicatie_required', 'funder');
    const doorbraaktafel = as('doorbraaktafel');
    expect((decide([intake, old, allocated, ended], release(true), doorbraaktafel) as ClientEvent[])[0].type).toBe('BudgetReleased');
  });
  it('keeps indicatie ids prototype-safe', () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      client
        .given([intake])
        .when({ type: 'EndIndicatie', indicatieId: id, reason: 'doel_bereikt', endsOn: '2026-06-30' } as ClientCommand, gemeenteZaanstad)
        .thenThrows('unknown_indicatie', 'indicatieId');
      expect((decide([intake], issue({ indicatieId: id }), gemeenteZaanstad) as ClientEvent[])[0].type).toBe('IndicatieIssued');
    }
  });
});

describe('toegang: an aanvraag for an indicatie (the client waits for the decision)', () => {
  const request = (extra: object = {}): ClientCommand => ({ type: 'RequestIndicatie', requestId: 'aanvraag-1', wet: 'wmo', product: 'begeleiding_individueel', requestedIntensity: 'intensief_ambulant', ...extra }) as ClientCommand;
  const requested = (events: ClientEvent[] = [intake]) => decide(events, request(), professional) as ClientEvent[];
  it('goes to the competent issuer with the legal decision term (Wmo 8 weeks, Wlz 6 weeks)', () => {
    client
      .given([intake])
      .when(request(), professional)
      .then([
        {
          ...e(
            'IndicatieRequested',
            { clientId: 'c1', requestId: 'aanvraag-1', wet: 'wmo', product: 'begeleiding_individueel', requestedIntensity: 'intensief_ambulant', issuer: 'GM0479', issuerRole: 'gemeente', requestedByRole: 'zorgprofessional', decideBefore: '2026-04-26T09:00:00Z', wijkCode: 'WK047901' },
            1,
          ),
          occurredAt: '2026-03-01T09:00:00Z',
        },
      ]);
    expect((decide([intake], request({ wet: 'wlz', product: 'ggz_wonen', requestedIntensity: 'zorg_24uur' }), professional) as ClientEvent[])[0].data).toMatchObject({ issuer: 'zk-zilveren-kruis', issuerRole: 'zorgkantoor', decideBefore: '2026-04-12T09:00:00Z' });
  });
  it('refuses a second open aanvraag, a product of another law and an intensity beyond the product', () => {
    client
      .given([intake, ...requested()])
      .when(request({ requestId: 'aanvraag-2' }), professional)
      .thenThrows('indicatie_request_open', 'requestId');
    client
      .given([intake])
      .when(request({ product: 'ggz_wonen' }), professional)
      .thenThrows('invalid_product', 'product');
    client
      .given([intake])
      .when(request({ requestedIntensity: 'zorg_24uur' }), professional)
      .thenThrows('product_does_not_cover', 'requestedIntensity');
    client
      .given([intake])
      .when(request({ wet: 'forensisch', product: 'forensisch_ambulant' }), professional)
      .thenThrows('issuer_required', 'issuer');
  });
  it('an indicatie naming the aanvraag decides it; a mismatching law or an unknown aanvraag is refused', () => {
    const given = [intake, ...requested()];
    const issued = decide(given, issue({ requestId: 'aanvraag-1' }), gemeenteZaanstad) as ClientEvent[];
    expect(issued[0].data).toMatchObject({ requestId: 'aanvraag-1', indicatieId: 'ind-1' });
    expect(state([...given, ...issued]).indicatieRequests['aanvraag-1']).toBeUndefined();
    client
      .given(given)
      .when(issue({ requestId: 'aanvraag-9' }), gemeenteZaanstad)
      .thenThrows('unknown_indicatie_request', 'requestId');
    client
      .given(given)
      .when(issue({ requestId: 'aanvraag-1', wet: 'zvw', product: 'wijkverpleging', volume: { unit: 'minuten_per_week', amount: 420 } }), professional)
      .thenThrows('request_mismatch', 'wet');
    // After the decision a new aanvraag may follow.
    expect((decide([...given, ...issued], request({ requestId: 'aanvraag-2' }), professional) as ClientEvent[])[0].type).toBe('IndicatieRequested');
  });
  it('the issuer refuses it, the requester withdraws it, both with a coded reason; another gemeente may not refuse', () => {
    const given = [intake, ...requested()];
    const refused = decide(given, { type: 'RefuseIndicatieRequest', requestId: 'aanvraag-1', reason: 'voorliggende_voorziening' } as ClientCommand, gemeenteZaanstad) as ClientEvent[];
    expect(refused.map((x) => [x.type, x.data])).toEqual([['IndicatieRequestRefused', { clientId: 'c1', requestId: 'aanvraag-1', wet: 'wmo', reason: 'voorliggende_voorziening', wijkCode: 'WK047901' }]]);
    expect(state([...given, ...refused]).indicatieRequests).toEqual({});
    client
      .given(given)
      .when({ type: 'RefuseIndicatieRequest', requestId: 'aanvraag-1', reason: 'geen_recht' } as ClientCommand, as('gemeente', 'GM0405'))
      .thenThrows('issuer_not_competent', 'wet');
    client
      .given(given)
      .when({ type: 'RefuseIndicatieRequest', requestId: 'aanvraag-1', reason: 'omdat' } as never, gemeenteZaanstad)
      .thenThrows('invalid_refusal_reason', 'reason');
    const withdrawn = decide(given, { type: 'WithdrawIndicatieRequest', requestId: 'aanvraag-1', reason: 'niet_meer_nodig' } as ClientCommand, professional) as ClientEvent[];
    expect(withdrawn[0]).toMatchObject({ type: 'IndicatieRequestWithdrawn', data: { requestId: 'aanvraag-1', reason: 'niet_meer_nodig' } });
    client
      .given([...given, ...withdrawn])
      .when({ type: 'WithdrawIndicatieRequest', requestId: 'aanvraag-1', reason: 'niet_meer_nodig' } as ClientCommand, professional)
      .thenThrows('unknown_indicatie_request', 'requestId');
  });
});
