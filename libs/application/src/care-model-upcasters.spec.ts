import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientDecider, clientStream } from '@wijkzorg/domain';
import { SqliteEventStore } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { upcast } from './upcasters';
import { storedEvent as stored } from './stored-event.fixture';

const placement = { wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't', providerId: 'p' };
const scaledV1 = (fromLevel: string, toLevel: string) => ({ clientId: 'c1', fromLevel, toLevel, reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't', homeId: null, stayedInHome: false });
const intakeV1 = { clientId: 'c1', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'huisarts', personal: {}, placement };

describe('care model upcasters (one care level → intensity and setting)', () => {
  it.each([
    ['informeel', 'licht_ambulant', 'geen', 'licht_ambulant', 'eigen_woning_in_cirkel'],
    ['licht_ambulant', 'intensief_ambulant', 'licht_ambulant', 'intensief_ambulant', 'eigen_woning_in_cirkel'],
    ['intensief_ambulant', 'zorg_24uur_thuis', 'intensief_ambulant', 'zorg_24uur', 'eigen_woning_in_cirkel'],
    ['zorg_24uur_thuis', 'beschermd_wonen_cluster', 'zorg_24uur', 'zorg_24uur', 'clusterwoning'],
  ])('reads CareScaledUp v1 %s → %s as %s → %s in %s', (fromLevel, toLevel, fromIntensity, toIntensity, setting) => {
    const v2 = upcast(stored('CareScaledUp', 1, scaledV1(fromLevel, toLevel)));
    expect(v2.schemaVersion).toBe(2);
    expect(v2.data).toEqual({ clientId: 'c1', fromIntensity, toIntensity, setting, carriedByNetwork: false, reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't', homeId: null, stayedInHome: false });
  });
  it('reads CareScaledDown and CareScalingWaitlisted v1 in the same way', () => {
    expect(upcast(stored('CareScaledDown', 1, scaledV1('licht_ambulant', 'informeel'))).data).toMatchObject({ fromIntensity: 'licht_ambulant', toIntensity: 'geen', setting: 'eigen_woning_in_cirkel', carriedByNetwork: false });
    const waitlisted = upcast(stored('CareScalingWaitlisted', 1, { clientId: 'c1', fromLevel: 'informeel', requestedLevel: 'zorg_24uur_thuis', reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't' }));
    expect(waitlisted).toMatchObject({ schemaVersion: 2, data: { fromIntensity: 'geen', requestedIntensity: 'zorg_24uur' } });
    expect(waitlisted.data).not.toHaveProperty('requestedLevel');
  });
  it('reads IntakeRegistered v1 as living in an own home in the circle', () => {
    expect(upcast(stored('IntakeRegistered', 1, intakeV1))).toMatchObject({ schemaVersion: 2, data: { ...intakeV1, setting: 'eigen_woning_in_cirkel' } });
  });
  it('reads ClientMovedIn and ClientMovedOut v1 as moves with settings and a coded reason (the old free text as note)', () => {
    const home = { clientId: 'c1', homeId: 'h1', wooncirkelId: 'wc-1', wijkCode: 'WK047901' };
    expect(upcast(stored('ClientMovedIn', 1, home))).toMatchObject({ schemaVersion: 2, data: { ...home, fromSetting: 'elders', toSetting: 'eigen_woning_in_cirkel', reason: 'passende_woning' } });
    expect(upcast(stored('ClientMovedOut', 1, { ...home, reason: 'verhuisd naar verpleeghuis' }))).toMatchObject({
      schemaVersion: 2,
      data: { ...home, fromSetting: 'eigen_woning_in_cirkel', toSetting: 'elders', reason: 'overig', note: 'verhuisd naar verpleeghuis' },
    });
  });
  it('reads ClientTransferred v1 with the intensity and setting of its care level', () => {
    const v2 = upcast(stored('ClientTransferred', 1, { clientId: 'c1', from: placement, to: { ...placement, wooncirkelId: 'wc-2' }, reason: 'r', careLevel: 'beschermd_wonen_cluster' }));
    expect(v2).toMatchObject({ schemaVersion: 2, data: { intensity: 'zorg_24uur', setting: 'clusterwoning' } });
    expect(v2.data).not.toHaveProperty('careLevel');
  });

  it('a stream written with one care level replays to intensity, setting and team place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-caremodel-upcast-'));
    const events = new SqliteEventStore(join(dir, 'events.db'));
    const append = (type: string, data: object, i: number) => ({
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type,
      schemaVersion: 1,
      data,
      occurredAt: `2026-02-0${i}T00:00:00Z`,
      metadata: { actor: { role: 'system' as const, id: 's' }, correlationId: 'c', causationId: null, commandId: null },
    });
    await events.append(
      clientStream('c1'),
      [
        append('IntakeRegistered', intakeV1, 1),
        append('CareScaledUp', scaledV1('informeel', 'intensief_ambulant'), 2),
        append('CareScalingWaitlisted', { clientId: 'c1', fromLevel: 'intensief_ambulant', requestedLevel: 'beschermd_wonen_cluster', reason: 'r', decidedBy: 'zp', wooncirkelId: 'wc-1', wijkCode: 'WK047901', teamId: 't' }, 3),
        append('CareScaledUp', scaledV1('intensief_ambulant', 'beschermd_wonen_cluster'), 4),
      ],
      -1,
    );
    const { state } = await new AggregateStore(events).load(clientDecider, clientStream('c1'));
    expect(state).toMatchObject({ intensity: 'zorg_24uur', setting: 'clusterwoning', holdsTeamPlace: true, waiting: {} });
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
