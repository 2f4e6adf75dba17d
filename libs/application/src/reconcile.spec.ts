import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { CareCommands } from './care-commands';
import { reconcileClaims } from './reconcile';

describe('reconcileClaims', () => {
  it('gives back claims whose client command never landed, and only those', async () => {
    const events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-reconcile-')), 'events.db'));
    const store = new AggregateStore(events);
    const care = new CareCommands(store);
    const admin = { actor: { role: 'admin' as const, id: 'a' } };
    const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['*'] } };
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    await care.registerWooncirkel(
      {
        type: 'RegisterWooncirkel',
        wooncirkelId: 'wc-v',
        wijkCode: 'WK035501',
        name: 'V',
        form: 'kern_met_cirkel',
        kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' },
        team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 5 },
        homes: [{ homeId: 'h1', address: 'a', housingType: 'cluster', owner: 'parteon', travelMinutesToKern: 2 }],
      },
      admin,
    );
    for (const clientId of ['c-real', 'c-orphan']) {
      await care.handleClient(clientId, { type: 'RegisterIntake', clientId, wooncirkelId: 'wc-v', preferredWijk: 'WK035501', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', intakeAt: '2026-01-01T00:00:00Z' }, zp);
    }
    await care.handleClient('c-real', { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt: '2026-02-01T00:00:00Z' }, zp);
    // As if a command for c-orphan died after its claims: a team place and a home, but no client event.
    await store.sideEffect(wooncirkelDecider, wooncirkelStream('wc-v'), { type: 'ClaimTeamPlace', clientId: 'c-orphan' }, zp);
    await store.sideEffect(wooncirkelDecider, wooncirkelStream('wc-v'), { type: 'OccupyHome', homeId: 'h1', clientId: 'c-orphan' }, zp);

    const fresh = await reconcileClaims(store, { olderThanMs: 60_000, actor: { role: 'system', id: 'r' } });
    expect(fresh).toStrictEqual({ wooncirkels: 1, releasedTeamPlaces: [], vacatedHomes: [], releasedReservations: [] }); // could still be in flight

    const report = await reconcileClaims(store, { olderThanMs: 0, actor: { role: 'system', id: 'r' } });
    expect(report).toStrictEqual({ wooncirkels: 1, releasedTeamPlaces: [{ wooncirkelId: 'wc-v', clientId: 'c-orphan' }], vacatedHomes: [{ wooncirkelId: 'wc-v', homeId: 'h1', clientId: 'c-orphan' }], releasedReservations: [] });
    const { state } = await store.load(wooncirkelDecider, wooncirkelStream('wc-v'));
    expect(state.teamClientIds).toEqual(['c-real']);
    expect(state.homes.h1.occupantClientId).toBeUndefined();
    await events.close();
  });

  it('gives back reservations no offer holds, and finishes an erasure interrupted before its give-backs', async () => {
    const parteon = { actor: { role: 'woningcorporatie' as const, id: 'parteon', organisation: 'parteon' } };
    const events = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'wijkzorg-reconcile-')), 'events.db'));
    const store = new AggregateStore(events);
    const care = new CareCommands(store);
    const admin = { actor: { role: 'admin' as const, id: 'a' } };
    const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['*'] } };
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    const homes = ['h1', 'h2', 'h3'].map((homeId) => ({ homeId, address: 'a', housingType: 'cluster' as const, owner: 'parteon', travelMinutesToKern: 2 }));
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'wc-v', wijkCode: 'WK035501', name: 'V', form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 't', name: 't', providerId: 'p', caseloadCapacity: 5 }, homes }, admin);
    for (const clientId of ['c-open', 'c-erased']) {
      await care.handleClient(clientId, { type: 'RegisterIntake', clientId, wooncirkelId: 'wc-v', preferredWijk: 'WK035501', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', intakeAt: '2026-01-01T00:00:00Z' }, zp);
      await care.handleClient(clientId, { type: 'RequestHousing', reason: 'r', origin: 'thuis' }, zp);
    }
    await care.handleClient('c-open', { type: 'OfferHousing', offerId: 'o1', corporation: 'parteon', wooncirkelId: 'wc-v', homeId: 'h1' }, parteon);
    await care.handleClient('c-erased', { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt: '2026-02-01T00:00:00Z' }, zp);
    await care.handleClient('c-erased', { type: 'OfferHousing', offerId: 'o2', corporation: 'parteon', wooncirkelId: 'wc-v', homeId: 'h2' }, parteon);
    // An offer whose client event never landed, and an erasure that died before giving anything back.
    await store.sideEffect(wooncirkelDecider, wooncirkelStream('wc-v'), { type: 'ReserveHome', homeId: 'h3', clientId: 'c-open', offerId: 'o-lost' }, zp);
    await store.execute(clientDecider, clientStream('c-erased'), { type: 'EraseClientData', legalBasis: 'avg_art_17' }, admin);

    const report = await reconcileClaims(store, { olderThanMs: 0, actor: { role: 'system', id: 'r' } });
    expect(report).toStrictEqual({
      wooncirkels: 1,
      releasedTeamPlaces: [{ wooncirkelId: 'wc-v', clientId: 'c-erased' }],
      vacatedHomes: [],
      releasedReservations: [
        { wooncirkelId: 'wc-v', homeId: 'h2', clientId: 'c-erased' },
        { wooncirkelId: 'wc-v', homeId: 'h3', clientId: 'c-open' },
      ],
    });
    const { state } = await store.load(wooncirkelDecider, wooncirkelStream('wc-v'));
    expect(state.homes.h1.reservedFor).toEqual({ clientId: 'c-open', offerId: 'o1' });
    expect([state.homes.h2.reservedFor, state.homes.h3.reservedFor, state.teamClientIds]).toEqual([undefined, undefined, []]);
    await events.close();
  });
});
