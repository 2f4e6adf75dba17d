import { testContext } from '../shared';
import { ClientEvent, ClientCommand } from '../client/client';
import { Placement } from '../shared/client-state';
import { client, at, e, intake, indicatie, decide, errorOf } from '../client/given';

describe('person-following budget', () => {
  const allocated = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 2);
  const release = (amountCents: number, extra: object = {}): ClientCommand => ({ type: 'ReleaseBudget', releaseId: `r${amountCents}`, year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false, ...extra });
  const doorbraaktafel = testContext({ actor: { role: 'doorbraaktafel', id: 'dbt-zaanstad' } });

  it('releases within the allocation', () => {
    expect(decide([intake, indicatie(), allocated], release(100_000))).toEqual([expect.objectContaining({ type: 'BudgetReleased' })]);
  });
  it('never releases beyond the allocation without a doorbraaktafel override', () => {
    client.given([intake, indicatie(), allocated]).when(release(100_001)).thenThrows('exceeds_allocation');
    client
      .given([intake, indicatie(), allocated])
      .when(release(100_001, { overrideAllocation: true, justification: 'acuut' }))
      .thenThrows('doorbraaktafel_only');
    expect(errorOf(decide([intake, indicatie(), allocated], release(100_001, { overrideAllocation: true }), doorbraaktafel)).field).toBe('justification');
    const [event] = decide([intake, indicatie(), allocated], release(100_001, { overrideAllocation: true, justification: 'huisuitzetting voorkomen' }), doorbraaktafel) as ClientEvent[];
    expect(event.data).toMatchObject({ overrideAllocation: true, justification: 'huisuitzetting voorkomen' });
  });
  it('releases for a coded purpose with an optional note, as schema version 3 saying the person-following budget paid', () => {
    const [released] = decide([intake, indicatie(), allocated], release(1_000, { purpose: 'woonkosten', note: '  huurachterstand april  ' })) as ClientEvent[];
    expect(released).toMatchObject({ schemaVersion: 3, data: { purpose: 'woonkosten', note: 'huurachterstand april', source: 'persoonsvolgend', potId: null, caseId: null } });
    expect((decide([intake, indicatie(), allocated], release(1_000)) as ClientEvent[])[0].data).toMatchObject({ purpose: 'zorg_begeleiding', note: null });
    const refused = errorOf(decide([intake, indicatie(), allocated], release(1_000, { purpose: 'huur voor mevrouw Jansen' })));
    expect([refused.code, refused.field]).toEqual(['invalid_purpose', 'purpose']);
  });
  it("spends under the release's purpose code, as schema version 2", () => {
    const released = decide([intake, indicatie(), allocated], release(1_000, { purpose: 'vervoer' })) as ClientEvent[];
    const [spent] = decide([intake, indicatie(), allocated, ...released], { type: 'SpendBudget', releaseId: 'r1000', amountCents: 400, description: 'taxi naar de huisarts', spentAt: at(4) }) as ClientEvent[];
    expect(spent).toMatchObject({ schemaVersion: 2, data: { purpose: 'vervoer', amountCents: 400 } });
  });
  it('refuses fractional or negative cents', () => {
    expect(errorOf(decide([intake, indicatie(), allocated], release(10.5))).field).toBe('amountCents');
    expect(errorOf(decide([intake], { type: 'AllocateBudget', year: 2026, funder: 'wmo', amountCents: -1 })).field).toBe('amountCents');
  });
  it('spends no more than released, and nothing after settlement', () => {
    const released = e(
      'BudgetReleased',
      { clientId: 'c1', releaseId: 'r1', year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', note: null, amountCents: 500, approvedBy: 'x', fastTrack: false, overrideAllocation: false, justification: null, wijkCode: 'WK047901', source: 'persoonsvolgend', potId: null, caseId: null },
      3,
    );
    client
      .given([intake, indicatie(), allocated, released])
      .when({ type: 'SpendBudget', releaseId: 'r1', amountCents: 501, description: 'x', spentAt: at(4) })
      .thenThrows('exceeds_release');
    const settled = decide([intake, indicatie(), allocated, released], { type: 'SettleBudget', year: 2026, funder: 'wmo' }) as ClientEvent[];
    expect(settled[0].data).toMatchObject({ allocatedCents: 100_000, releasedCents: 500, spentCents: 0, unspentCents: 100_000 });
    client
      .given([intake, indicatie(), allocated, released, ...settled])
      .when({ type: 'SpendBudget', releaseId: 'r1', amountCents: 1, description: 'x', spentAt: at(4) })
      .thenThrows('budget_settled');
  });
  it('transfers the open budget when the client changes wijk', () => {
    const to: Placement = { wooncirkelId: 'wc-2', wijkCode: 'WK044101', teamId: 'team-2', providerId: 'prov-b' };
    const events = decide([intake, indicatie(), allocated], { type: 'TransferClient', reason: 'verhuisd naar Hoorn', toPlacement: to }) as ClientEvent[];
    expect(events.map((x) => x.type)).toEqual(['ClientTransferred', 'BudgetTransferred']);
    expect(events[1].data).toMatchObject({ fromWijk: 'WK047901', toWijk: 'WK044101', lines: [{ year: 2026, funder: 'wmo', unreleasedCents: 100_000, unspentCents: 100_000 }] });
    expect(events[1].schemaVersion).toBe(2);
  });

  describe('from the flex pot, decided at the doorbraaktafel', () => {
    const escalated = e('CaseEscalated', { clientId: 'c1', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, 2);
    const decided = e(
      'DoorbraakDecisionRecorded',
      { clientId: 'c1', caseId: 'case-1', wijkCode: 'WK047901', participants: ['gemeente', 'ervaringsdeskundige'], clientPresent: true, ervaringsdeskundigeInvited: true, breakthroughType: 'justitie', note: null, solutionCostCents: 300_000, avoidedCost: null, escalatedAt: at(2), leadTimeDays: 5 },
      7,
    );
    const fromPot = { potId: 'flex-GM0479-2026', year: 2026, funder: 'gemeente_maatwerk' as const };
    const potRelease = (extra: object = {}): ClientCommand => release(300_000, { releaseId: 'ns', funder: 'gemeente_maatwerk', purpose: 'vervoer', caseId: 'case-1', fromPot, ...extra });

    it('needs no allocation, records which pot paid, and leaves the client budget lines alone', () => {
      const [released] = decide([intake, escalated, decided], potRelease(), doorbraaktafel) as ClientEvent[];
      expect(released).toMatchObject({ type: 'BudgetReleased', schemaVersion: 3, data: { source: 'flexpot', potId: 'flex-GM0479-2026', caseId: 'case-1', fastTrack: true, overrideAllocation: false, year: 2026, funder: 'gemeente_maatwerk', amountCents: 300_000 } });
      client
        .given([intake, escalated, decided, released])
        .when({ type: 'SpendBudget', releaseId: 'ns', amountCents: 1, description: 'x', spentAt: at(8) })
        .thenThrows('paid_from_pot', 'releaseId');
      client.given([intake, escalated, decided, released]).when({ type: 'SettleBudget', year: 2026, funder: 'gemeente_maatwerk' }).thenThrows('no_allocation', 'funder');
    });
    it('only by the doorbraaktafel, carrying out a decision on an open case of this client, in the pot year and funder', () => {
      client.given([intake, escalated, decided]).when(potRelease()).thenThrows('doorbraaktafel_only', 'potId');
      client.given([intake, escalated]).when(potRelease(), doorbraaktafel).thenThrows('case_not_decided', 'caseId');
      client
        .given([intake, escalated, decided])
        .when(potRelease({ caseId: undefined }), doorbraaktafel)
        .thenThrows('case_required', 'caseId');
      client
        .given([intake, escalated, decided])
        .when(potRelease({ year: 2025 }), doorbraaktafel)
        .thenThrows('pot_mismatch', 'year');
      client
        .given([intake, escalated, decided])
        .when(potRelease({ funder: 'wmo' }), doorbraaktafel)
        .thenThrows('pot_mismatch', 'funder');
      client
        .given([intake, allocated])
        .when(release(1_000, { caseId: 'case-1' }))
        .thenThrows('case_only_for_pot', 'caseId');
    });
  });
});
