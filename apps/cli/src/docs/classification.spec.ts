import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregateStore, ApiKeys, CareCommands, apiKeyHash, PersonalDataCipher, Pseudonymizer, isSealed, leafPaths, recordAccess, toIntegrationEvent, upcast } from '@wijkzorg/application';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { CATALOG_BY_TYPE, FieldClassification, PERSONAL_CLASSES, budgetPotDecider, budgetPotStream, classOfPath, classificationOf, flexPotId } from '@wijkzorg/domain';
import { RecordedEvent, SqliteEventStore, eventWith } from '@wijkzorg/event-store';
import { SeedReport, seedDemo } from '../seed/seed-demo';
import { teamPlaceEpisode } from '../seed/continuity-activity';

/** Leaf paths of stored events that the catalog does not classify for the event's type and version. */
function unclassifiedPaths(events: RecordedEvent[]): string[] {
  const found = new Set<string>();
  for (const e of events) {
    const fields = classificationOf(e.type, e.schemaVersion);
    if (!fields) {
      found.add(`${e.type}@v${e.schemaVersion}: no catalog entry`);
      continue;
    }
    for (const { path } of leafPaths(e.data)) if (!classOfPath(fields, path)) found.add(`${e.type}@v${e.schemaVersion}: ${path}`);
  }
  return [...found].sort();
}

const personalLeaves = (fields: FieldClassification, data: unknown) =>
  leafPaths(data).filter(({ path }) => (PERSONAL_CLASSES as string[]).includes(classOfPath(fields, path) ?? ''));

describe('classification of every stored field (real command flows)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteClientKeyStore;
  let cipher: PersonalDataCipher;
  let raw: RecordedEvent[];
  let revealed: RecordedEvent[];
  let report: SeedReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-classification-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    keys = await SqliteClientKeyStore.inDataDir(dir);
    cipher = new PersonalDataCipher(keys);
    report = await seedDemo(store, { clients: 200, seed: 20261122, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z', cipher });
    // Facts the seed does not produce, through the same flows the api uses.
    const care = new CareCommands(new AggregateStore(store, () => '2026-11-01T00:00:00.000Z', cipher), keys);
    const admin = { role: 'admin' as const, id: 'classification' };
    const wooncirkelId = ((await store.readAll()).find((e) => e.type === 'WooncirkelRegistered')!.data as { wooncirkelId: string }).wooncirkelId;
    await care.changeWooncirkel(wooncirkelId, { type: 'AddHome', home: { homeId: 'class-home', address: 'Geheimstraat 13', housingType: 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: 6 } }, { actor: admin });
    await care.changeWooncirkel(wooncirkelId, { type: 'ChangeTeamCapacity', caseloadCapacity: 60 }, { actor: admin });
    // A team without places: a step up waits (CareScalingWaitlisted), which the seed's teams rarely need to.
    const wijkCode = ((await store.readAll()).find((e) => e.type === 'WijkRegistered')!.data as { wijkCode: string }).wijkCode;
    const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp', wooncirkels: ['*'] } };
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: 'class-full', wijkCode, name: 'Vol', form: 'kern_met_cirkel', kern: { name: 'Kern', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: 'team-class-full', name: 'Vol', providerId: 'prov-leviaan', caseloadCapacity: 0 }, homes: [] }, { actor: admin });
    await care.handleClient('class-wait', { type: 'RegisterIntake', clientId: 'class-wait', wooncirkelId: 'class-full', preferredWijk: wijkCode, lifeDomains: ['begeleiding_zorg'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts' }, zp);
    await care.handleClient('class-wait', { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'steun nodig', decidedBy: 'wijkverpleegkundige', effectiveAt: '2026-11-01T00:00:00Z' }, zp);
    // A paused wait of a trajectory still open (a closed one takes no more commands).
    const closed = new Set((await store.readAll()).filter((e) => e.type === 'TrajectoryClosed').map((e) => (e.data as { clientId: string }).clientId));
    const paused = (await store.readAll()).find((e) => e.type === 'WaitingPaused' && !closed.has((e.data as { clientId: string }).clientId));
    if (paused) await care.handleClient((paused.data as { clientId: string }).clientId, { type: 'ResumeWaiting' }, { actor: { role: 'zorgprofessional', id: 'zp', wooncirkels: ['*'] } });
    // A client's release from the flex pot whose client append does not go through is given back (the flow's compensation, as it writes it).
    const aggregates = new AggregateStore(store, () => '2026-11-01T00:00:00.000Z', cipher);
    const gemeente = { actor: { role: 'gemeente' as const, id: 'gem', organisation: 'GM0479' } };
    await care.openBudgetPot({ type: 'OpenBudgetPot', kind: 'flex', gemeenteCode: 'GM0479', funder: 'gemeente_maatwerk', year: 2099, amountCents: 100_000 }, gemeente);
    const potStream = budgetPotStream(flexPotId('GM0479', 2099));
    await aggregates.sideEffect(budgetPotDecider, potStream, { type: 'ReleaseForClient', releaseId: 'class-r', clientId: 'cl-00001', purpose: 'vervoer', amountCents: 1_000 }, gemeente);
    await aggregates.sideEffect(budgetPotDecider, potStream, { type: 'ReturnClientRelease', releaseId: 'class-r', clientId: 'cl-00001' }, gemeente);
    await teamPlaceEpisode(care, '2026-11-01T00:00:00.000Z');
    await care.eraseClient('cl-00002', 'avg_art_17', { actor: admin });
    await recordAccess(store, { role: 'auditor', id: 'aud-1' }, { clientIds: ['cl-00001', 'cl-00003'], resource: 'client-state', purpose: 'audit', query: 'limit=5' }, keys);
    const apiKeys = new ApiKeys(store);
    await apiKeys.revoke(apiKeyHash(await apiKeys.issue({ role: 'integrator', id: 'int-1' }, admin)), admin);
    raw = await store.readAll();
    revealed = await Promise.all(raw.map(async (e) => eventWith(upcast(e), { data: await cipher.reveal(e.streamId, upcast(e).data, e.type) })));
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends only commands its own rules accept: the demo reads the state before it acts', () => {
    expect(report.commands).toBeGreaterThan(0);
    expect(report.refusedByRules).toEqual({});
  });

  it('produces every event type of the catalog', () => {
    expect([...CATALOG_BY_TYPE.keys()].filter((type) => !raw.some((e) => e.type === type))).toStrictEqual([]);
  });

  it('classifies every leaf path of every stored event for its type and schema version', () => {
    expect(unclassifiedPaths(revealed)).toStrictEqual([]);
    expect(raw.filter((e) => e.schemaVersion !== CATALOG_BY_TYPE.get(e.type)!.version).map((e) => `${e.type}@v${e.schemaVersion}`)).toStrictEqual([]);
  });

  it('fails for a field the catalog does not classify', () => {
    const spent = revealed.find((e) => e.type === 'BudgetSpent')!;
    const withNewField = eventWith(spent, { data: { ...(spent.data as object), invoice: { supplier: 'Kapsalon Ria' } } });
    expect(unclassifiedPaths([withNewField])).toEqual(['BudgetSpent@v2: invoice.supplier']);
  });

  it('stores every identifying and personal-text value of a client stream sealed', () => {
    const plain = raw
      .filter((e) => e.streamId.startsWith('client-'))
      .flatMap((e) => leafPaths(e.data, isSealed)
        .filter(({ path }) => (PERSONAL_CLASSES as string[]).includes(classOfPath(classificationOf(e.type, e.schemaVersion)!, path) ?? ''))
        .filter(({ value }) => !isSealed(value))
        .map(({ path }) => `${e.type}: ${path}`));
    expect([...new Set(plain)]).toStrictEqual([]);
  });

  it('lets no identifying or personal-text value reach an integration event', () => {
    const pseudonyms = new Pseudonymizer(Buffer.from('classification-test'));
    // Words that are codes somewhere (a referral source 'gemeente', a reciprocity 'tuinieren') may also occur in free text.
    const codes = new Set(revealed.flatMap((e) => leafPaths(e.data).filter(({ path }) => classOfPath(classificationOf(e.type)!, path) === 'coded').map(({ value }) => value)));
    const secrets = new Set<string>();
    for (const e of revealed) {
      const fields = classificationOf(e.type)!;
      for (const { value } of personalLeaves(fields, e.data)) if (typeof value === 'string' && value.length >= 4 && value !== '[gewist]' && !codes.has(value)) secrets.add(value);
    }
    expect(secrets.size).toBeGreaterThan(20);
    expect([...secrets]).toEqual(expect.arrayContaining(['Geheimstraat 13', 'moestuin', 'maatwerk doorbraaktafel']));
    const published = revealed.map((e) => toIntegrationEvent(e, pseudonyms)).filter((e) => e !== null);
    expect(published.length).toBeGreaterThan(1000);
    const leaked = new Set<string>();
    for (const event of published) {
      for (const { path, value } of leafPaths(event!.data)) {
        if (typeof value === 'string' && secrets.has(value)) leaked.add(`${event!.type} ${path}: ${value}`);
        const fieldClass = classOfPath(classificationOf(event!.type.split('.')[3])!, path);
        if (!fieldClass || (PERSONAL_CLASSES as string[]).includes(fieldClass)) leaked.add(`${event!.type} ${path}: class ${fieldClass}`);
      }
      for (const id of ['clientId', 'offerId', 'releaseId', 'caseId']) {
        const value = (event!.data as Record<string, unknown>)[id];
        if (value !== undefined && !String(value).startsWith(`${id.slice(0, -2)}-`)) leaked.add(`${event!.type} ${id}: not a pseudonym`);
      }
    }
    expect([...leaked]).toStrictEqual([]);
  });
});
