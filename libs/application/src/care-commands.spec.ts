import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { DomainError, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, RecordedEvent, SqliteEventStore, SubscribeOptions, WrongExpectedRevisionError } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { CareCommands } from './care-commands';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { reconcileClaims } from './reconcile';

/** The real embedded store, except that the next appends to one stream lose to a concurrent writer (and write nothing). */
class ContendedEventStore implements EventStore {
  private contended = { streamId: '', losses: 0 };
  constructor(private readonly inner: EventStore) {}

  loseNextAppends(streamId: string, losses: number): void {
    this.contended = { streamId, losses };
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (streamId === this.contended.streamId && this.contended.losses > 0) {
      this.contended.losses--;
      throw new WrongExpectedRevisionError(streamId, expectedRevision, await this.inner.streamRevision(streamId));
    }
    return this.inner.append(streamId, events, expectedRevision);
  }
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }
  streamRevision(streamId: string): Promise<number> {
    return this.inner.streamRevision(streamId);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent> {
    return this.inner.subscribe(options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The command flows against a real embedded store: claims, homes and erasure across aggregates. */
describe('care command flows', () => {
  const admin = { actor: { role: 'admin' as const, id: 'a' } };
  const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['*'] } };
  const corporation = { actor: { role: 'woningcorporatie' as const, id: 'corp', organisation: 'parteon' } };
  let events: SqliteEventStore;
  let keys: SqliteClientKeyStore;
  let store: AggregateStore;
  let care: CareCommands;

  const homes = ['h1', 'h2'].map((homeId, i) => ({ homeId, address: `Dorpsstraat ${i}`, housingType: 'zelfstandig_in_cirkel' as const, owner: 'parteon', travelMinutesToKern: 2 }));
  const wooncirkel = (wooncirkelId: string, capacity: number) => ({
    type: 'RegisterWooncirkel' as const,
    wooncirkelId,
    wijkCode: 'WK035501',
    name: wooncirkelId,
    form: 'kern_met_cirkel' as const,
    kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' },
    team: { teamId: `t-${wooncirkelId}`, name: 't', providerId: 'p', caseloadCapacity: capacity },
    homes: homes.map((h) => ({ ...h, homeId: `${wooncirkelId}-${h.homeId}` })),
  });
  const intake = (clientId: string, wooncirkelId = 'wc-a') =>
    care.handleClient(clientId, { type: 'RegisterIntake', clientId, wooncirkelId, preferredWijk: 'WK035501', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', intakeAt: '2026-01-01T00:00:00Z' }, zp);
  const scaleUp = (clientId: string, effectiveAt = '2026-02-01T00:00:00Z') => care.handleClient(clientId, { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt }, zp);
  const requestHousing = (clientId: string) => care.handleClient(clientId, { type: 'RequestHousing', reason: 'dakloos', origin: 'thuis' }, zp);
  const offer = (clientId: string, offerId: string, homeId = 'wc-a-h1', wooncirkelId = 'wc-a') => care.handleClient(clientId, { type: 'OfferHousing', offerId, corporation: 'parteon', wooncirkelId, homeId }, corporation);
  const accept = (clientId: string, offerId: string) => care.handleClient(clientId, { type: 'AcceptHousingOffer', offerId, reciprocity: [] }, zp);
  const wooncirkelState = async (id = 'wc-a') => (await store.load(wooncirkelDecider, wooncirkelStream(id))).state;
  const wooncirkelEvents = async (id = 'wc-a') => (await events.readStream(wooncirkelStream(id))).map((e) => e.type);
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-care-'));
    events = new SqliteEventStore(join(dir, 'events.db'));
    keys = await SqliteClientKeyStore.inDataDir(dir);
    store = new AggregateStore(events);
    care = new CareCommands(store, keys);
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
    await care.registerWooncirkel(wooncirkel('wc-a', 2), admin);
    await care.registerWooncirkel(wooncirkel('wc-b', 1), admin);
  });
  afterEach(async () => {
    await keys.close();
    await events.close();
  });

  it('an erasure refused for a reused commandId destroys no key and writes nothing', async () => {
    await intake('c1');
    await care.handleClient('c1', { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'd', effectiveAt: '2026-02-01T00:00:00Z' }, { ...zp, commandId: 'cmd-x' });
    const before = await events.headPosition();
    expect(await refusal(care.eraseClient('c1', 'avg_art_17', { ...admin, commandId: 'cmd-x' }))).toMatchObject({ field: 'commandId' });
    expect(await keys.isErased('c1')).toBe(false);
    expect(await events.headPosition()).toBe(before);
    await care.eraseClient('c1', 'avg_art_17', { ...admin, commandId: 'cmd-erase' });
    expect(await keys.isErased('c1')).toBe(true);
    await care.eraseClient('c1', 'avg_art_17', { ...admin, commandId: 'cmd-erase' }); // a repeat replays
  });

  it('a refused scaling step writes no event anywhere: no claim, no compensating release', async () => {
    await intake('c1');
    const before = await events.headPosition();
    expect(await refusal(scaleUp('c1', '2099-01-01T00:00:00Z'))).toMatchObject({ code: 'time_in_future', field: 'effectiveAt' });
    expect(await events.headPosition()).toBe(before);
    await scaleUp('c1');
    expect(await wooncirkelEvents()).toEqual(['WooncirkelRegistered', 'TeamPlaceClaimed']);
  });

  it('a refused transfer writes no event anywhere; into a full target team it waits there, claiming nothing', async () => {
    await intake('c1');
    await scaleUp('c1');
    await intake('c2', 'wc-b');
    await scaleUp('c2');
    const before = await events.headPosition();
    expect(await refusal(care.handleClient('c1', { type: 'TransferClient', reason: '  ', toWooncirkelId: 'wc-b' }, zp))).toMatchObject({ field: 'reason' });
    expect(await events.headPosition()).toBe(before);
    // Issue 10: a transfer into a full team waits on that team's wachtlijst instead of being refused.
    const waiting = await care.handleClient('c1', { type: 'TransferClient', reason: 'verhuisd', toWooncirkelId: 'wc-b' }, zp);
    expect(waiting.events.map((e) => e.type)).toEqual(['TransferWaitlisted']);
    expect((await care.loadWooncirkel('wc-b', 'wooncirkelId')).teamPlaceWaits).toEqual([expect.objectContaining({ clientId: 'c1', kind: 'transfer' })]);
    expect((await care.loadWooncirkel('wc-a', 'wooncirkelId')).teamClientIds).toEqual(['c1']);
  });

  it('an offer reserves the home: no second client gets it offered or matched until the offer is declined', async () => {
    for (const c of ['c1', 'c2']) {
      await intake(c);
      await requestHousing(c);
    }
    await offer('c1', 'o1');
    const before = await events.headPosition();
    expect(await refusal(offer('c2', 'o2'))).toMatchObject({ code: 'home_reserved', field: 'homeId' });
    expect(await events.headPosition()).toBe(before);

    await care.handleClient('c1', { type: 'DeclineHousingOffer', offerId: 'o1', reason: 'te klein', becauseOfPreference: false }, zp);
    expect((await wooncirkelState()).homes['wc-a-h1'].reservedFor).toBeUndefined();
    await offer('c2', 'o2');
    await accept('c2', 'o2');
    expect((await wooncirkelState()).homes['wc-a-h1'].reservedFor).toEqual({ clientId: 'c2', offerId: 'o2' });
    expect(await refusal(offer('c1', 'o3'))).toMatchObject({ code: 'home_reserved' }); // c1 still waits

    await care.handleClient('c2', { type: 'MoveIn', movedInAt: '2026-03-01T00:00:00Z' }, zp);
    expect((await wooncirkelState()).homes['wc-a-h1']).toMatchObject({ occupantClientId: 'c2', reservedFor: undefined });
    expect(await wooncirkelEvents()).toEqual(['WooncirkelRegistered', 'HomeReserved', 'HomeReservationReleased', 'HomeReserved', 'HomeOccupied']);
  });

  it('a matched client cannot accept a second offer, and the lapsed offer gives its home back', async () => {
    await intake('c1');
    await requestHousing('c1');
    await offer('c1', 'o1', 'wc-a-h1');
    await offer('c1', 'o2', 'wc-a-h2');
    await accept('c1', 'o1');
    expect(await refusal(accept('c1', 'o2'))).toMatchObject({ code: 'offer_closed', field: 'offerId' });
    const homesNow = (await wooncirkelState()).homes;
    expect(homesNow['wc-a-h1'].reservedFor).toEqual({ clientId: 'c1', offerId: 'o1' });
    expect(homesNow['wc-a-h2'].reservedFor).toBeUndefined();
  });

  it('team capacity cannot drop below the current team', async () => {
    await intake('c1');
    await scaleUp('c1');
    await intake('c2');
    await scaleUp('c2');
    expect(await refusal(care.changeWooncirkel('wc-a', { type: 'ChangeTeamCapacity', caseloadCapacity: 1 }, admin))).toMatchObject({ code: 'capacity_below_team', field: 'caseloadCapacity' });
    await care.changeWooncirkel('wc-a', { type: 'ChangeTeamCapacity', caseloadCapacity: 2 }, admin);
  });

  it('erasure gives back the team place, the home and every reservation, and a retry finishes nothing twice', async () => {
    await intake('c1');
    await scaleUp('c1');
    await requestHousing('c1');
    await offer('c1', 'o1', 'wc-a-h1');
    await accept('c1', 'o1');
    await care.handleClient('c1', { type: 'MoveIn', movedInAt: '2026-03-01T00:00:00Z' }, zp);
    await requestHousing('c1');
    await offer('c1', 'o2', 'wc-a-h2');

    await care.eraseClient('c1', 'avg_art_17', admin);
    const after = await wooncirkelState();
    expect(after.teamClientIds).toStrictEqual([]);
    expect(after.homes['wc-a-h1']).toMatchObject({ occupantClientId: undefined, reservedFor: undefined });
    expect(after.homes['wc-a-h2'].reservedFor).toBeUndefined();
    const released = (await events.readStream(wooncirkelStream('wc-a'))).slice(-3);
    expect(released.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
      ['HomeReservationReleased', 'client_erased'],
      ['HomeVacated', undefined],
      ['TeamPlaceReleased', undefined],
    ]);
    const head = await events.headPosition();
    expect(await refusal(care.eraseClient('c1', 'avg_art_17', admin))).toMatchObject({ code: 'client_erased' });
    expect(await events.headPosition()).toBe(head);
  });

  describe('follow-up steps after the client event is written', () => {
    let contended: ContendedEventStore;
    let contendedCare: CareCommands;
    const system = { role: 'system' as const, id: 'reconcile' };
    const transferToB = (meta: Parameters<CareCommands['handleClient']>[2]) => contendedCare.handleClient('c1', { type: 'TransferClient', reason: 'verhuisd', toWooncirkelId: 'wc-b' }, meta);
    const placementOfC1 = async () => (await store.load(clientDecider, clientStream('c1'))).state.placement?.wooncirkelId;

    beforeEach(async () => {
      contended = new ContendedEventStore(events);
      contendedCare = new CareCommands(new AggregateStore(contended), keys);
      await intake('c1');
      await scaleUp('c1');
    });

    it('a release that loses a few write conflicts is retried on its own and the old team place is given back', async () => {
      contended.loseNextAppends(wooncirkelStream('wc-a'), 3);
      const outcome = await transferToB({ ...zp, commandId: 'cmd-t' });
      expect(outcome).toMatchObject({ replayed: false, events: [{ type: 'ClientTransferred' }] });
      expect(await placementOfC1()).toBe('wc-b');
      expect((await wooncirkelState('wc-a')).teamClientIds).toStrictEqual([]);
      expect((await wooncirkelState('wc-b')).teamClientIds).toEqual(['c1']);
    });

    it.each([
      ['a named revision (no rollback of the new claim)', (revision: number) => ({ ...zp, expectedRevision: revision })],
      ['no commandId (no second decision on the moved client)', (_revision: number) => zp],
      ['a commandId', (_revision: number) => ({ ...zp, commandId: 'cmd-t' })],
    ])('a release that keeps losing leaves the transfer whole, with %s, and reconcile gives the old place back', async (_case, meta) => {
      contended.loseNextAppends(wooncirkelStream('wc-a'), 1_000);
      const outcome = await transferToB(meta(await events.streamRevision(clientStream('c1'))));
      expect(outcome).toMatchObject({ replayed: false, events: [{ type: 'ClientTransferred' }] });
      expect(await placementOfC1()).toBe('wc-b');
      expect((await wooncirkelState('wc-b')).teamClientIds).toEqual(['c1']); // the new place is kept
      expect((await wooncirkelState('wc-a')).teamClientIds).toEqual(['c1']); // the old one is left over

      contended.loseNextAppends('', 0);
      const report = await reconcileClaims(store, { olderThanMs: 0, actor: system });
      expect(report.releasedTeamPlaces).toEqual([{ wooncirkelId: 'wc-a', clientId: 'c1' }]);
      expect((await wooncirkelState('wc-a')).teamClientIds).toStrictEqual([]);
      expect((await wooncirkelState('wc-b')).teamClientIds).toEqual(['c1']);
    });

    it('a scaling down whose release keeps losing is still a scaling down, and reconcile gives the place back', async () => {
      contended.loseNextAppends(wooncirkelStream('wc-a'), 1_000);
      await contendedCare.handleClient('c1', { type: 'ScaleCare', toIntensity: 'geen', reason: 'r', decidedBy: 'd', effectiveAt: '2026-03-01T00:00:00Z' }, zp);
      expect((await store.load(clientDecider, clientStream('c1'))).state).toMatchObject({ intensity: 'geen', holdsTeamPlace: false });
      expect((await wooncirkelState()).teamClientIds).toEqual(['c1']);

      contended.loseNextAppends('', 0);
      expect((await reconcileClaims(store, { olderThanMs: 0, actor: system })).releasedTeamPlaces).toEqual([{ wooncirkelId: 'wc-a', clientId: 'c1' }]);
      expect((await wooncirkelState()).teamClientIds).toStrictEqual([]);
    });

    it('a move-out whose vacating keeps losing is still a move-out, and reconcile vacates the home', async () => {
      await requestHousing('c1');
      await offer('c1', 'o1', 'wc-a-h1');
      await accept('c1', 'o1');
      await care.handleClient('c1', { type: 'MoveIn', movedInAt: '2026-03-01T00:00:00Z' }, zp);
      contended.loseNextAppends(wooncirkelStream('wc-a'), 1_000);
      const outcome = await contendedCare.handleClient('c1', { type: 'MoveOut', movedOutAt: '2026-04-01T00:00:00Z', reason: 'eigen_wens' }, zp);
      expect(outcome.replayed).toBe(false);
      expect((await store.load(clientDecider, clientStream('c1'))).state.home).toBeUndefined();
      expect((await wooncirkelState()).homes['wc-a-h1'].occupantClientId).toBe('c1');

      contended.loseNextAppends('', 0);
      const report = await reconcileClaims(store, { olderThanMs: 0, actor: system });
      expect(report.vacatedHomes).toEqual([{ wooncirkelId: 'wc-a', homeId: 'wc-a-h1', clientId: 'c1' }]);
      expect((await wooncirkelState()).homes['wc-a-h1'].occupantClientId).toBeUndefined();
      expect((await wooncirkelState()).teamClientIds).toEqual(['c1']); // still cared for: the team place stays
    });
  });
});
