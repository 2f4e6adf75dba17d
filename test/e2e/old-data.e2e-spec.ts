import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_BY_TYPE } from '@wijkzorg/domain';
import { RecordedEvent, SqliteEventStore } from '@wijkzorg/event-store';
import { TestApp, startTestApp } from '../support/test-app';
import { recompute } from '../support/recompute';

// A data directory written before care pathway v2 (80 clients, seed 7), with the state each client replayed to then.
const FIXTURE = join(__dirname, '../fixtures/data-v0.2');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

interface OldState {
  wooncirkelId: string;
  wijkCode: string;
  careLevel: string;
  holdsTeamPlace: boolean;
  homeId: string | null;
  match: string | null;
  waiting: string[];
  /** [allocated, released, spent, settled] per line key. */
  budgetLines: Record<string, [number, number, number, boolean]>;
  offers: Record<string, string>;
  cases: Record<string, string>;
}
const expected: { events: number; eventTypes: Record<string, number>; clients: Record<string, OldState> } = JSON.parse(readFileSync(join(FIXTURE, 'expected-state.json'), 'utf8'));

/** How an old care level reads now, written here apart from the upcasters that must agree with it. */
const INTENSITY_OF_OLD_LEVEL: Record<string, string> = { informeel: 'geen', licht_ambulant: 'licht_ambulant', intensief_ambulant: 'intensief_ambulant', zorg_24uur_thuis: 'zorg_24uur', beschermd_wonen_cluster: 'zorg_24uur' };

describe('a data directory written before the care model v2 opens and replays unchanged', () => {
  let dataDir: string;
  let raw: RecordedEvent[];
  let t: TestApp;
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, WIJKZORG_DATA_DIR: dataDir }, encoding: 'utf8' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-old-data-'));
    cpSync(FIXTURE, dataDir, { recursive: true });
    const store = new SqliteEventStore(join(dataDir, 'wijkzorg.db'));
    raw = await store.readAll();
    await store.close();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds the events the old version wrote, at their old schema versions', () => {
    expect(raw).toHaveLength(expected.events);
    expect(raw.filter((e) => e.type === 'CareScaledUp').every((e) => e.schemaVersion === 1 && 'toLevel' in (e.data as object))).toBe(true);
  });

  it('rebuilds every read model from the old events without errors (CLI), and the hash chain still verifies', () => {
    const rebuild = cli('projections', 'rebuild');
    expect([rebuild.status, rebuild.stderr]).toEqual([0, '']);
    const verify = cli('audit', 'verify', '--checkpoints', 'none', '--json');
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: expected.events });
  });

  it('replays every client through the running api to the state the old version had, its care level read as intensity and setting', async () => {
    t = await startTestApp(dataDir);
    const independent = recompute(raw);
    for (const [clientId, old] of Object.entries(expected.clients)) {
      const { state } = (await t.as('auditor', 'aud-old').get(`/clients/${clientId}`).expect(200)).body;
      const now = {
        wooncirkelId: state.placement.wooncirkelId,
        wijkCode: state.placement.wijkCode,
        intensity: state.intensity,
        setting: state.setting,
        holdsTeamPlace: state.holdsTeamPlace,
        homeId: state.home?.homeId ?? null,
        match: state.match?.homeId ?? null,
        waiting: Object.keys(state.waiting).sort(),
        budgetLines: Object.fromEntries(Object.entries(state.budgetLines as Record<string, { allocatedCents: number; releasedCents: number; spentCents: number; settled: boolean }>).map(([key, l]) => [key, [l.allocatedCents, l.releasedCents, l.spentCents, l.settled]])),
        offers: Object.fromEntries(Object.entries(state.offers as Record<string, { status: string }>).map(([id, o]) => [id, o.status])),
        cases: Object.fromEntries(Object.entries(state.cases as Record<string, { status: string }>).map(([id, c]) => [id, c.status])),
      };
      const { careLevel, ...rest } = old;
      const setting = independent.clients.get(clientId)!.setting;
      expect([clientId, now]).toEqual([clientId, { ...rest, waiting: [...old.waiting].sort(), intensity: INTENSITY_OF_OLD_LEVEL[careLevel], setting }]);
      // The old model placed every level but the cluster at home; only a move changes that.
      if (careLevel !== 'beschermd_wonen_cluster' && (old.homeId || setting !== 'elders')) expect([clientId, setting]).toEqual([clientId, 'eigen_woning_in_cirkel']);
    }
  });

  it('reads every old event as its current schema version', async () => {
    for (const clientId of Object.keys(expected.clients)) {
      const { events } = (await t.as('auditor', 'aud-old').get(`/clients/${clientId}/events`).expect(200)).body;
      for (const e of events as RecordedEvent[]) expect([clientId, e.type, e.schemaVersion]).toEqual([clientId, e.type, CATALOG_BY_TYPE.get(e.type)!.version]);
    }
  });

  it('counts the caseload by intensity and by setting as an independent count from the raw events does', async () => {
    const head = raw[raw.length - 1].globalPosition;
    const independent = recompute(raw);
    const wijken = (await t.as('auditor', 'aud-old').get(`/caseload/wijken?minPosition=${head}&limit=500`).expect(200)).body.items;
    expect(wijken).toHaveLength(independent.wijken.size);
    let clients = 0;
    for (const w of wijken) {
      const e = independent.wijken.get(w.wijkCode)!;
      expect([w.wijkCode, w.clientsByIntensity, w.clientsBySetting, w.teamClients, w.scaledUp, w.scaledDown]).toEqual([w.wijkCode, e.byIntensity, e.bySetting, e.teamClients, e.scaledUp, e.scaledDown]);
      clients += w.clients;
    }
    expect(clients).toBe(Object.keys(expected.clients).length);
    const byIntensity = (intensity: string) => Object.values(expected.clients).filter((c) => INTENSITY_OF_OLD_LEVEL[c.careLevel] === intensity).length;
    for (const intensity of ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur']) expect([intensity, wijken.reduce((s: number, w: { clientsByIntensity: Record<string, number> }) => s + w.clientsByIntensity[intensity], 0)]).toEqual([intensity, byIntensity(intensity)]);
  });
});
