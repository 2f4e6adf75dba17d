import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientDecider, clientStream } from '@wijkzorg/domain';
import { EventToAppend, SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { CareCommands } from './care-commands';
import { clientOfAccessRef, recordAccess } from './access-log';
import { Pseudonymizer, toIntegrationEvent } from './integration';
import { ERASED, PersonalDataCipher } from './privacy';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { upcast } from './upcasters';

const placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', providerId: 'prov-a' };
const meta = { actor: { role: 'system' as const, id: 'legacy-writer' }, correlationId: randomUUID(), causationId: null, commandId: null };
const v1 = (type: string, data: object, occurredAt: string, schemaVersion = 1): EventToAppend => ({ eventId: randomUUID(), type, schemaVersion, data, occurredAt, metadata: meta });

/** Events as the service wrote them before purposes, activities, providers and the access log were coded. */
describe('old schema versions stay readable (real store, real cipher)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteClientKeyStore;
  let cipher: PersonalDataCipher;
  let aggregates: AggregateStore;
  const stream = clientStream('c-legacy');
  const zp = { actor: { role: 'zorgprofessional' as const, id: 'zp-1', wooncirkels: ['*'] } };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-upcasters-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    keys = await SqliteClientKeyStore.inDataDir(dir);
    cipher = new PersonalDataCipher(keys);
    aggregates = new AggregateStore(store, () => '2026-03-01T09:00:00.000Z', cipher);
    const intake = { clientId: 'c-legacy', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['zelfstandig wonen'], referralSource: 'wijkteam', personal: { name: 'Mevrouw De Vries' }, placement };
    await store.append(
      stream,
      [
        // Personal fields were sealed by the v1 field lists; purpose, activity and provider were not.
        v1('IntakeRegistered', (await cipher.seal(stream, 'IntakeRegistered', intake)) as object, '2026-01-05T09:00:00Z'),
        v1('BudgetAllocated', { clientId: 'c-legacy', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, '2026-01-06T09:00:00Z'),
        v1(
          'BudgetReleased',
          { clientId: 'c-legacy', releaseId: 'r-1', year: 2026, funder: 'wmo', purpose: 'huurachterstand mevrouw De Vries', amountCents: 40_000, approvedBy: 'teamleider', fastTrack: false, overrideAllocation: false, justification: null, wijkCode: 'WK047901' },
          '2026-01-07T09:00:00Z',
        ),
        v1('BudgetSpent', { clientId: 'c-legacy', releaseId: 'r-1', year: 2026, funder: 'wmo', purpose: 'huurachterstand mevrouw De Vries', amountCents: 10_000, description: 'factuur', wijkCode: 'WK047901' }, '2026-01-08T09:00:00Z'),
        v1('DaginvullingRequested', { clientId: 'c-legacy', wish: 'tuinieren', wijkCode: 'WK047901' }, '2026-01-09T09:00:00Z'),
        v1('DaginvullingArranged', { clientId: 'c-legacy', activity: 'moestuin bij Piet', provider: 'Buurthuis De Kaai', wijkCode: 'WK047901', waitedSince: '2026-01-09T09:00:00Z' }, '2026-01-10T09:00:00Z'),
      ],
      -1,
    );
    await store.append('access-log-2026-01-11', [v1('PersonalDataAccessed', { clientIds: ['c-legacy'], resource: 'client-state', purpose: 'zorgverlening', query: null }, '2026-01-11T09:00:00Z')], 'any');
  });

  afterAll(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a v1 free-text purpose as `overig` with the text as the note, and v1 activity and provider likewise', async () => {
    const { events, state } = await aggregates.load(clientDecider, stream);
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType.BudgetReleased).toMatchObject({ schemaVersion: 3, data: { purpose: 'overig', note: 'huurachterstand mevrouw De Vries', source: 'persoonsvolgend', potId: null } });
    expect(byType.BudgetSpent).toMatchObject({ schemaVersion: 2, data: { purpose: 'overig', amountCents: 10_000 } });
    expect(byType.BudgetSpent.data).not.toHaveProperty('note');
    expect(byType.DaginvullingArranged).toMatchObject({ schemaVersion: 2, data: { activity: 'overig', provider: 'onbekend', note: 'moestuin bij Piet — Buurthuis De Kaai' } });
    expect(state.releases['r-1']).toMatchObject({ purpose: 'overig', spentCents: 10_000 });
    expect(state.waiting.daginvulling).toBeUndefined();
  });

  it('keeps deciding on a legacy release: a new spend is written as v2 under the code', async () => {
    await new CareCommands(aggregates, keys).handleClient('c-legacy', { type: 'SpendBudget', releaseId: 'r-1', amountCents: 5_000, description: 'taxi', spentAt: '2026-02-01T09:00:00Z' }, zp);
    const [spent] = (await store.readStream(stream)).slice(-1);
    expect(spent).toMatchObject({ type: 'BudgetSpent', schemaVersion: 2, data: { purpose: 'overig' } });
  });

  it('publishes no v1 free text to integrators: the upcast event under its current type', async () => {
    const pseudonyms = new Pseudonymizer(Buffer.from('upcaster-test'));
    const published = (await store.readAll()).map((e) => toIntegrationEvent(upcast(e), pseudonyms)).filter((e) => e !== null);
    const text = JSON.stringify(published);
    for (const secret of ['huurachterstand', 'De Vries', 'moestuin', 'Piet', 'Kaai', 'c-legacy']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(published.map((e) => e!.type)).toEqual(expect.arrayContaining(['nl.wijkzorg.budget.BudgetReleased.v3', 'nl.wijkzorg.daginvulling.DaginvullingArranged.v2']));
    expect(published.find((e) => e!.type.endsWith('BudgetReleased.v3'))!.data).toMatchObject({ purpose: 'overig' });
  });

  it('reads the plain personal fields of old events, and old access-log client ids, as erased once the client is erased', async () => {
    const [legacyAccess] = (await store.readStream('access-log-2026-01-11')).map(upcast);
    expect(legacyAccess).toMatchObject({ schemaVersion: 2, data: { clientRefs: ['legacy:c-legacy'] } });
    expect(await clientOfAccessRef('legacy:c-legacy', keys)).toBe('c-legacy');
    await recordAccess(store, { role: 'auditor', id: 'aud-1' }, { clientIds: ['c-legacy'], resource: 'client-state', purpose: 'audit', query: null }, keys, '2026-03-01T09:00:00.000Z');
    const [access] = (await store.readAll()).filter((e) => e.type === 'PersonalDataAccessed' && e.streamId.startsWith('access-log-2026-03-01-'));
    const ref = (access.data as { clientRefs: string[] }).clientRefs[0];
    expect(ref).toMatch(/^ar-/);
    expect(JSON.stringify(access.data)).not.toContain('c-legacy');
    expect(await clientOfAccessRef(ref, keys)).toBe('c-legacy');

    await new CareCommands(aggregates, keys).eraseClient('c-legacy', 'avg_art_17', { actor: { role: 'admin', id: 'fg' } });
    const { events } = await aggregates.load(clientDecider, stream);
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType.BudgetReleased.data).toMatchObject({ purpose: 'overig', note: ERASED, approvedBy: ERASED, amountCents: 40_000 });
    expect(byType.DaginvullingArranged.data).toMatchObject({ activity: 'overig', note: ERASED });
    expect(byType.DaginvullingRequested.data).toMatchObject({ wish: ERASED });
    expect(byType.IntakeRegistered.data).toMatchObject({ personal: ERASED, goals: ERASED, preferredWijk: 'WK047901' });
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/huurachterstand|De Vries|moestuin|tuinieren/);
    expect([await clientOfAccessRef('legacy:c-legacy', keys), await clientOfAccessRef(ref, keys)]).toEqual([ERASED, ERASED]);
    expect(await keys.accessRef('c-legacy', true)).toBeNull();
  });
});
