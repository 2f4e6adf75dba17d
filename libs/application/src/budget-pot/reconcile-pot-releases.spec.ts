import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetPotDecider, budgetPotStream } from '@wijkzorg/domain';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CareCommands } from '../care-commands';
import { reconcilePotReleases } from './reconcile-pot-releases';

describe('reconcilePotReleases', () => {
  it("gives back a flex-pot release whose client's release never landed, and only that one", async () => {
    const events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-pot-reconcile-')), 'events.db'));
    const store = new AggregateStore(events);
    const care = new CareCommands(store);
    const admin = { actor: { role: 'admin' as const, id: 'a' } };
    const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['*'] } };
    const dbt = { actor: { role: 'doorbraaktafel' as const, id: 'dbt' } };
    const year = new Date().getUTCFullYear();
    const potId = `flex-GM0796-${year}`;
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK079605', wijkName: 'Zuidoost', gemeenteCode: 'GM0796', gemeenteName: "'s-Hertogenbosch" }, admin);
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-z', wijkCode: 'WK079605', name: 'Z', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 5 }, homes: [] }, admin);
    await care.openBudgetPot({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: 'GM0796', funder: 'gemeente_maatwerk', year, amountCents: 1_000_000 }, { actor: { role: 'gemeente', id: 'g', organisation: 'GM0796' } });
    await care.handleClient('c-real', { type: 'RegisterIntake', clientId: 'c-real', wooncirkelId: 'wc-z', preferredWijk: 'WK079605', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts' }, zp);
    await care.handleClient('c-real', { type: 'EscalateCase', caseId: 'case-1', reason: 'vast' }, zp);
    await care.handleClient('c-real', { type: 'RecordDoorbraakDecision', caseId: 'case-1', participants: ['gemeente', 'ervaringsdeskundige'], clientPresent: true, ervaringsdeskundigeInvited: true, breakthroughType: 'vervoer', solutionCostCents: 300_000 }, dbt);
    await care.handleClient('c-real', { type: 'ReleaseBudget', releaseId: 'ns', year, funder: 'gemeente_maatwerk', purpose: 'vervoer', amountCents: 300_000, approvedBy: 'dbt', fastTrack: true, overrideAllocation: false, potId, caseId: 'case-1' }, dbt);
    // As if a release for c-orphan died after the pot paid: no client event.
    await store.sideEffect(budgetPotDecider, budgetPotStream(potId), { type: 'ReleaseForClient', releaseId: 'lost', clientId: 'c-orphan', purpose: 'woonkosten', amountCents: 50_000 }, dbt);

    expect(await reconcilePotReleases(store, { olderThanMs: 60_000, actor: { role: 'system', id: 'r' } })).toStrictEqual({ pots: 1, returnedReleases: [] }); // could still be in flight
    expect(await reconcilePotReleases(store, { olderThanMs: 0, actor: { role: 'system', id: 'r' } })).toEqual({ pots: 1, returnedReleases: [{ potId, releaseId: 'lost', clientId: 'c-orphan' }] });
    const { state } = await store.load(budgetPotDecider, budgetPotStream(potId));
    expect([state.releasedCents, state.releases.ns.returned, state.releases.lost.returned]).toEqual([300_000, false, true]);
    expect(await reconcilePotReleases(store, { olderThanMs: 0, actor: { role: 'system', id: 'r' } })).toStrictEqual({ pots: 1, returnedReleases: [] });
    await events.close();
  });
});
