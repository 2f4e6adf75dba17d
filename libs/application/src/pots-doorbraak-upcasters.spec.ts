import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientDecider, clientStream } from '@wijkzorg/domain';
import { EventToAppend, SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { CareCommands } from './care-commands';
import { Pseudonymizer, toIntegrationEvent } from './integration';
import { PersonalDataCipher } from './privacy';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { upcast } from './upcasters';

const placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 'team-1', providerId: 'prov-a' };
const meta = { actor: { role: 'system' as const, id: 'legacy-writer' }, correlationId: randomUUID(), causationId: null, commandId: null };
const old = (type: string, data: object, occurredAt: string, schemaVersion: number): EventToAppend => ({ eventId: randomUUID(), type, schemaVersion, data, occurredAt, metadata: meta });

/** Releases written before pots existed (v2) and doorbraaktafel decisions written as free text (v1). */
describe('releases before pots and free-text doorbraaktafel decisions stay readable (real store, real cipher)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqliteClientKeyStore;
  let cipher: PersonalDataCipher;
  let aggregates: AggregateStore;
  const sealedStream = clientStream('c-sealed');
  const plainStream = clientStream('c-plain');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wijkzorg-pot-upcasters-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
    keys = await SqliteClientKeyStore.inDataDir(dir);
    cipher = new PersonalDataCipher(keys);
    aggregates = new AggregateStore(store, () => '2026-03-01T09:00:00.000Z', cipher);
    const intake = (clientId: string) => ({ clientId, preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: ['zelfstandig wonen'], referralSource: 'wijkteam', personal: { name: 'Meneer Jansen' }, placement });
    // v1 sealed the free-text decision (personal text) and participants (identifying): seal them as the v1 writer did.
    const sealedV1 = (await cipher.seal(sealedStream, 'DoorbraakDecisionRecorded', { note: 'NS-jaarkaart voor Kees', legacyParticipants: ['gemeente', 'Jan van de corporatie'] })) as { note: unknown; legacyParticipants: unknown };
    await store.append(
      sealedStream,
      [
        old('IntakeRegistered', (await cipher.seal(sealedStream, 'IntakeRegistered', intake('c-sealed'))) as object, '2026-01-05T09:00:00Z', 1),
        old('BudgetAllocated', { clientId: 'c-sealed', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, '2026-01-06T09:00:00Z', 1),
        old(
          'BudgetReleased',
          (await cipher.seal(sealedStream, 'BudgetReleased', {
            clientId: 'c-sealed',
            releaseId: 'r-1',
            year: 2026,
            funder: 'wmo',
            purpose: 'vervoer',
            note: null,
            amountCents: 40_000,
            approvedBy: 'teamleider',
            fastTrack: false,
            overrideAllocation: false,
            justification: null,
            wijkCode: 'WK047901',
          })) as object,
          '2026-01-07T09:00:00Z',
          2,
        ),
        old('CaseEscalated', (await cipher.seal(sealedStream, 'CaseEscalated', { clientId: 'c-sealed', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' })) as object, '2026-01-08T09:00:00Z', 1),
        old('DoorbraakDecisionRecorded', { clientId: 'c-sealed', caseId: 'case-1', decision: sealedV1.note, participants: sealedV1.legacyParticipants, clientPresent: true }, '2026-01-15T09:00:00Z', 1),
      ],
      -1,
    );
    // Before sealing existed, participants were plain words.
    await store.append(
      plainStream,
      [
        old('IntakeRegistered', intake('c-plain'), '2026-01-05T09:00:00Z', 1),
        old('CaseEscalated', { clientId: 'c-plain', caseId: 'case-1', reason: 'vastgelopen', wijkCode: 'WK047901' }, '2026-01-08T09:00:00Z', 1),
        old('DoorbraakDecisionRecorded', { clientId: 'c-plain', caseId: 'case-1', decision: 'woning met voorrang', participants: ['gemeente', 'corporatie', 'zorgaanbieder', 'cliënt', 'Jan'], clientPresent: true }, '2026-01-15T09:00:00Z', 1),
      ],
      -1,
    );
  });

  afterAll(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a v2 release as paid from the person-following budget', async () => {
    const { events, state } = await aggregates.load(clientDecider, sealedStream);
    expect(events.find((e) => e.type === 'BudgetReleased')).toMatchObject({ schemaVersion: 3, data: { source: 'persoonsvolgend', potId: null, caseId: null, amountCents: 40_000 } });
    expect(state.budgetLines['2026:wmo']).toMatchObject({ allocatedCents: 100_000, releasedCents: 40_000 });
  });

  it('reads a v1 decision with its texts kept sealed as note and legacy participants, and roles where the words were plain and known', async () => {
    const sealed = (await aggregates.load(clientDecider, sealedStream)).events.find((e) => e.type === 'DoorbraakDecisionRecorded')!;
    expect(sealed).toMatchObject({
      schemaVersion: 2,
      data: { note: 'NS-jaarkaart voor Kees', legacyParticipants: ['gemeente', 'Jan van de corporatie'], participants: [], breakthroughType: 'overig', ervaringsdeskundigeInvited: false, solutionCostCents: null, avoidedCost: null, leadTimeDays: null },
    });
    const plain = (await aggregates.load(clientDecider, plainStream)).events.find((e) => e.type === 'DoorbraakDecisionRecorded')!;
    expect(plain.data).toMatchObject({ note: 'woning met voorrang', participants: ['gemeente', 'woningcorporatie', 'zorg'], legacyParticipants: ['gemeente', 'corporatie', 'zorgaanbieder', 'cliënt', 'Jan'] });
  });

  it('keeps deciding on a case with a v1 decision: a new decision is v2 with the lead time since the escalation', async () => {
    const { state } = await aggregates.load(clientDecider, sealedStream);
    expect(state.cases['case-1']).toMatchObject({ status: 'open', decisions: 1, escalatedAt: '2026-01-08T09:00:00Z' });
    await new CareCommands(aggregates, keys).handleClient(
      'c-sealed',
      { type: 'RecordDoorbraakDecision', caseId: 'case-1', participants: ['gemeente', 'ervaringsdeskundige'], clientPresent: true, ervaringsdeskundigeInvited: true, breakthroughType: 'vervoer', solutionCostCents: 300_000 },
      { actor: { role: 'doorbraaktafel', id: 'dbt' } },
    );
    const [decided] = (await store.readStream(sealedStream)).slice(-1);
    expect(decided).toMatchObject({ type: 'DoorbraakDecisionRecorded', schemaVersion: 2, data: { leadTimeDays: 52, escalatedAt: '2026-01-08T09:00:00Z' } });
  });

  it('publishes no v1 free text nor legacy participants to integrators', async () => {
    const pseudonyms = new Pseudonymizer(Buffer.from('upcaster-test'));
    const published = (await store.readAll()).map((e) => toIntegrationEvent(upcast(e), pseudonyms)).filter((e) => e !== null);
    const text = JSON.stringify(published);
    for (const secret of ['NS-jaarkaart', 'Kees', 'Jan', 'voorrang', 'c-sealed', 'c-plain', 'legacyParticipants']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(published.map((e) => e!.type)).toEqual(expect.arrayContaining(['nl.wijkzorg.budget.BudgetReleased.v3', 'nl.wijkzorg.doorbraaktafel.DoorbraakDecisionRecorded.v2']));
  });
});
