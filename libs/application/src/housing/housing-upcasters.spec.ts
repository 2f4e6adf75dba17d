import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, clientDecider, clientStream, wooncirkelDecider, wooncirkelStream } from '@wijkzorg/domain';
import { EventToAppend, SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from '../command-handling/aggregate-store';
import { CareCommands } from '../care-commands';
import { PersonalDataCipher } from '../privacy';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';

const meta = { actor: { role: 'system' as const, id: 'legacy-writer' }, correlationId: randomUUID(), causationId: null, commandId: null };
const v1 = (type: string, data: object, occurredAt: string): EventToAppend => ({ eventId: randomUUID(), type, schemaVersion: 1, data, occurredAt, metadata: meta });

/** Wooncirkels, homes and housing requests as the service wrote them before owners, housing types, forms and origins. */
describe('housing v1 events read as v2 (real store)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteClientKeyStore;
  let care: CareCommands;
  let aggregates: AggregateStore;
  const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp-1', wooncirkels: ['*'] } };
  const corporation = (organisation: string) => ({ actor: { role: 'woningcorporatie' as const, id: `${organisation}-1`, organisation } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-housing-upcasters-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    keys = await SqliteClientKeyStore.inDataDir(dir);
    const cipher = new PersonalDataCipher(keys);
    aggregates = new AggregateStore(store, () => '2026-03-01T09:00:00.000Z', cipher);
    care = new CareCommands(aggregates, keys);
    await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK047901', wijkName: 'Poelenburg', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' }, { actor: { role: 'admin', id: 'a' } });
    const wooncirkel = wooncirkelStream('wc-old');
    const registered = {
      wooncirkelId: 'wc-old',
      wijkCode: 'WK047901',
      name: 'Oude cirkel',
      kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' },
      team: { teamId: 't-old', name: 't', providerId: 'prov-a', caseloadCapacity: 5 },
      homes: [
        { homeId: 'h1', address: 'Poelenburg 1', kind: 'cluster', travelMinutesToKern: 0 },
        { homeId: 'h2', address: 'Poelenburg 2', kind: 'wooncirkel', travelMinutesToKern: 7 },
      ],
    };
    await store.append(
      wooncirkel,
      [
        v1('WooncirkelRegistered', (await cipher.seal(wooncirkel, 'WooncirkelRegistered', registered)) as object, '2026-01-01T09:00:00Z'),
        v1('HomeAdded', (await cipher.seal(wooncirkel, 'HomeAdded', { wooncirkelId: 'wc-old', home: { homeId: 'h3', address: 'Poelenburg 3', kind: 'wooncirkel', travelMinutesToKern: 9 } })) as object, '2026-01-02T09:00:00Z'),
      ],
      -1,
    );
    await care.handleClient('c-old', { type: 'RegisterIntake', clientId: 'c-old', wooncirkelId: 'wc-old', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['wonen'], referralSource: 'wijkteam', personal: {} }, zp);
    await store.append(clientStream('c-old'), [v1('HousingRequested', { clientId: 'c-old', wijkCode: 'WK047901', preferredWijk: 'WK047901', reason: 'x' }, '2026-02-01T09:00:00Z')], 'any');
  });

  afterAll(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a v1 wooncirkel as a kern with its circle, its homes typed by their kind, owner unknown', async () => {
    const { events, state } = await aggregates.load(wooncirkelDecider, wooncirkelStream('wc-old'));
    expect(events.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['WooncirkelRegistered', 2],
      ['HomeAdded', 2],
    ]);
    expect(state.form).toBe('kern_met_cirkel');
    expect(state.homes.h1).toMatchObject({ housingType: 'cluster', owner: null, address: 'Poelenburg 1' });
    expect(state.homes.h2).toMatchObject({ housingType: 'zelfstandig_in_cirkel', owner: null });
    expect(state.homes.h3).toMatchObject({ housingType: 'zelfstandig_in_cirkel', owner: null });
    expect(state.homes.h1).not.toHaveProperty('kind');
  });

  it('reads a v1 housing request with origin null (not recorded)', async () => {
    const { events, state } = await aggregates.load(clientDecider, clientStream('c-old'));
    expect(events.find((e) => e.type === 'HousingRequested')).toMatchObject({ schemaVersion: 2, data: { origin: null } });
    expect(state.waiting.housing).toBeDefined();
  });

  it('a legacy home (owner unknown) may be offered by any corporation; a home added now only by its owner', async () => {
    await care.changeWooncirkel('wc-old', { type: 'AddHome', home: { homeId: 'h4', address: 'Poelenburg 4', housingType: 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: 5 } }, { actor: { role: 'admin', id: 'a' } });
    const refused = await care.handleClient('c-old', { type: 'OfferHousing', offerId: 'o-new', wooncirkelId: 'wc-old', homeId: 'h4' }, corporation('ymere')).catch((e: DomainError) => e);
    expect(refused).toMatchObject({ code: 'not_home_owner', field: 'homeId' });
    await care.handleClient('c-old', { type: 'OfferHousing', offerId: 'o-old', wooncirkelId: 'wc-old', homeId: 'h2' }, corporation('ymere'));
    const [offered] = (await store.readStream(clientStream('c-old'))).slice(-1);
    expect(offered).toMatchObject({ type: 'HousingOffered', data: { corporation: 'ymere', homeId: 'h2' } });
    const { state } = await aggregates.load(wooncirkelDecider, wooncirkelStream('wc-old'));
    expect(state.homes.h2.reservedFor).toEqual({ clientId: 'c-old', offerId: 'o-old' });
    expect(state.homes.h4.reservedFor).toBeUndefined();
  });
});
