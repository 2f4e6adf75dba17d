import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientStream, wooncirkelStream } from '@wijkzorg/domain';
import { SqliteEventStore, eventIdFor } from '@wijkzorg/event-store';
import { AggregateStore } from './command-handling/aggregate-store';
import { CareCommands, ClientCommandInput } from './care-commands';
import { CommandIdReused, CommandMeta } from './command-handling/command-meta';
import { NotFoundOrNotInScope } from './auth/access-denied';
import { PersonalDataCipher } from './privacy/personal-data-cipher';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { canonicalJson } from './command-handling/command-fingerprint';
import { intakeInput } from './command-input.fixture';

const admin = { actor: { role: 'admin' as const, id: 'a' } };
const zpOf = (wooncirkels: string[], commandId?: string, extra: Partial<CommandMeta> = {}): CommandMeta => ({ actor: { role: 'zorgprofessional', id: `zp-${wooncirkels.join('+')}`, wooncirkels }, commandId, ...extra });
const scaleUp = (reason: string): ClientCommandInput => ({ type: 'ScaleCare', toIntensity: 'licht_ambulant', reason, decidedBy: 'team', effectiveAt: '2026-02-01T00:00:00Z' });

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-binding-'));
  const events = new SqliteEventStore(join(dir, 'events.db'));
  const keys = await SqliteClientKeyStore.inDataDir(dir);
  const store = new AggregateStore(events, undefined, new PersonalDataCipher(keys));
  const care = new CareCommands(store, keys);
  await care.registerWijk({ type: 'RegisterWijk', wijkCode: 'WK035501', wijkName: 'Vollenhove', gemeenteCode: 'GM0355', gemeenteName: 'Zeist' }, admin);
  for (const id of ['wc-a', 'wc-b']) {
    await care.registerWooncirkel({ type: 'RegisterWooncirkel', wooncirkelId: id, wijkCode: 'WK035501', name: id, form: 'kern_met_cirkel', kern: { name: 'k', opensAt: '08:00', closesAt: '22:00' }, team: { teamId: `t-${id}`, name: 't', providerId: 'p', caseloadCapacity: 5 }, homes: [] }, admin);
  }
  const close = async () => {
    await events.close();
    await keys.close();
  };
  return { events, keys, store, care, close };
}

describe('command ids are bound to their command', () => {
  it('replays the same command, and refuses a different body or type under the id without writing anywhere', async () => {
    const { events, care, close } = await setUp();
    const zp = (commandId?: string) => zpOf(['wc-a'], commandId);
    await care.handleClient('c-1', intakeInput('c-1', 'wc-a'), zp('cmd-intake'));
    const first = await care.handleClient('c-1', scaleUp('meer hulp'), zp('cmd-scale'));
    expect(first.replayed).toBe(false);

    const again = await care.handleClient('c-1', scaleUp('meer hulp'), zp('cmd-scale'));
    expect(again).toEqual({ ...first, replayed: true });

    const head = await events.headPosition();
    const refusals = [
      care.handleClient('c-1', scaleUp('andere reden'), zp('cmd-scale')), // same type, other body
      care.handleClient('c-1', { type: 'RequestHousing', reason: 'meer hulp', origin: 'thuis' }, zp('cmd-scale')), // other type
      care.handleClient('c-1', intakeInput('c-1', 'wc-a', { goals: ['iets anders'] }), zp('cmd-intake')),
      care.changeWooncirkel('wc-a', { type: 'ChangeTeamCapacity', caseloadCapacity: 9 }, { ...admin, commandId: 'cmd-scale' }), // the id of the claim on wc-a
    ];
    for (const refusal of refusals) {
      const error = await refusal.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommandIdReused);
      expect(error).toMatchObject({ code: 'command_id_reused', field: 'commandId' });
    }
    expect(await events.headPosition()).toBe(head);
    await close();
  });

  it('reads the same body the same, whatever the order of its keys', async () => {
    const { care, close } = await setUp();
    const input = intakeInput('c-5', 'wc-a', { personal: { bsn: '111222333', name: 'A. de Vries' } }) as Record<string, unknown>;
    await care.handleClient('c-5', input as ClientCommandInput, zpOf(['wc-a'], 'cmd-5'));
    const reordered: unknown = Object.fromEntries(Object.entries({ ...input, personal: { name: 'A. de Vries', bsn: '111222333' } }).reverse());
    expect((await care.handleClient('c-5', reordered as ClientCommandInput, zpOf(['wc-a'], 'cmd-5'))).replayed).toBe(true);
    await expect(care.handleClient('c-5', { ...input, personal: { bsn: '111222333', name: 'B. de Vries' } } as ClientCommandInput, zpOf(['wc-a'], 'cmd-5'))).rejects.toBeInstanceOf(CommandIdReused);
    await close();
  });

  it('records the binding keyed with the client key, never as a plain hash of the body', async () => {
    const { events, store, care, close } = await setUp();
    const input = intakeInput('c-2', 'wc-a');
    await care.handleClient('c-2', input, zpOf(['wc-a'], 'cmd-keyed'));
    const [registered] = await events.readStream(clientStream('c-2'));
    expect(registered.metadata).toMatchObject({ commandId: 'cmd-keyed', commandType: 'RegisterIntake', commandFingerprint: expect.stringMatching(/^h1:/) });
    const { createHash } = await import('node:crypto');
    const plain = createHash('sha256')
      .update(canonicalJson({ streamId: clientStream('c-2'), command: input }))
      .digest('base64url');
    expect(registered.metadata.commandFingerprint).not.toContain(plain);
    // Without a client key (other streams) the fingerprint is a plain hash; the claims carry the client command's binding.
    expect((await store.bind('wijk-x', { type: 'RegisterWijk' }, { ...admin, commandId: 'x' })).command?.fingerprint).toMatch(/^s1:/);
    await care.handleClient('c-2', scaleUp('r'), zpOf(['wc-a'], 'cmd-claim'));
    const claims = (await events.readStream(wooncirkelStream('wc-a'))).filter((e) => e.metadata.commandId === 'cmd-claim');
    expect(claims.map((e) => [e.type, e.metadata.commandType])).toEqual([['TeamPlaceClaimed', 'ScaleCare']]);
    await close();
  });

  it('keeps events written before the binding replayable, but not side effects of another command', async () => {
    const { events, care, close } = await setUp();
    await care.handleClient('c-3', intakeInput('c-3', 'wc-a'), zpOf(['wc-a']));
    const legacy = (streamId: string, eventId: string, type: string, data: object) =>
      events.append(streamId, [{ eventId, type, schemaVersion: 1, data, occurredAt: '2026-03-01T00:00:00Z', metadata: { actor: { role: 'zorgprofessional', id: 'zp' }, correlationId: 'c', causationId: 'old-cmd', commandId: 'old-cmd' } }], 'any');
    await legacy(clientStream('c-3'), eventIdFor('old-cmd', clientStream('c-3'), 0), 'HousingRequested', { clientId: 'c-3', wijkCode: 'WK035501', preferredWijk: 'WK035501', reason: 'x' });
    const replay = await care.handleClient('c-3', { type: 'RequestHousing', reason: 'x', origin: 'thuis' }, zpOf(['wc-a'], 'old-cmd'));
    expect(replay.replayed).toBe(true);

    await legacy(wooncirkelStream('wc-b'), 'random-claim-id', 'TeamPlaceClaimed', { wooncirkelId: 'wc-b', wijkCode: 'WK035501', teamId: 't-wc-b', clientId: 'c-x' });
    const addHome = { type: 'AddHome' as const, home: { homeId: 'h-new', address: 'Laan 1', housingType: 'zelfstandig_in_cirkel' as const, owner: 'parteon', travelMinutesToKern: 3 } };
    await expect(care.changeWooncirkel('wc-b', addHome, { ...admin, commandId: 'old-cmd' })).rejects.toBeInstanceOf(CommandIdReused);
    await close();
  });

  it('compares the type only once the client key is erased', async () => {
    const { care, keys, store, close } = await setUp();
    await care.handleClient('c-4', intakeInput('c-4', 'wc-a'), zpOf(['wc-a'], 'cmd-4'));
    await keys.erase('c-4');
    expect((await store.bind(clientStream('c-4'), { type: 'RegisterIntake' }, zpOf(['wc-a'], 'cmd-4'))).command).toEqual({ type: 'RegisterIntake' });
    expect((await care.handleClient('c-4', intakeInput('c-4', 'wc-a', { goals: ['onleesbaar'] }), zpOf(['wc-a'], 'cmd-4'))).replayed).toBe(true);
    await expect(care.handleClient('c-4', scaleUp('r'), zpOf(['wc-a'], 'cmd-4'))).rejects.toBeInstanceOf(CommandIdReused);
    await close();
  });
});

describe('scope comes before anything about the client', () => {
  it('answers a client outside the scope exactly like a missing one, whatever the command id or revision', async () => {
    const { events, care, close } = await setUp();
    await care.handleClient('c-b', intakeInput('c-b', 'wc-b'), zpOf(['wc-b'], 'cmd-b'));
    await care.handleClient('c-b', scaleUp('r'), zpOf(['wc-b'], 'cmd-b-scale'));
    const head = await events.headPosition();
    const outsider = (commandId?: string, expectedRevision?: number) => zpOf(['wc-a'], commandId, expectedRevision === undefined ? {} : { expectedRevision });
    const answers: string[] = [];
    for (const clientId of ['c-b', 'c-missing']) {
      for (const meta of [outsider(), outsider('cmd-b-scale'), outsider('cmd-b-scale', 0), outsider(undefined, 7)]) {
        const error = await care.handleClient(clientId, scaleUp('r'), meta).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(NotFoundOrNotInScope);
        answers.push(JSON.stringify({ ...(error as NotFoundOrNotInScope), message: (error as Error).message.replace(clientId, '<id>') }));
      }
    }
    expect(new Set(answers).size).toBe(1);
    // An intake under a taken id: the same answer as for a client of one's own, no replay of the other's outcome.
    await expect(care.handleClient('c-b', intakeInput('c-b', 'wc-a'), outsider('cmd-b'))).rejects.toMatchObject({ code: 'already_registered', message: 'client c-b already has an intake' });
    expect(await events.headPosition()).toBe(head);
    await close();
  });
});
