import { OPEN_WAIT_SUMS_ID, ProjectionRunner, SqliteReadModelStore, WAIT_KINDS, WaitlistEntry, wachtlijstQueries } from '@wijkzorg/read-models';
import { ProjectedRegion, projectedRegion } from '../../../../../test/support/projected-region';
import { AreaFigures } from '../../disclosure/area-figures';
import { endOfMonth, waitSumsOf } from '../../wachtlijst/waitlist-statistics';
import { AreaDirectory } from '../area-directory';
import { AreaLevel, MeasureRow } from '../measure-table';
import { WAIT_GROUPS, WachtlijstGroup } from './wachtlijst.group';

/** Moments from the latest summed change on: at it, the end of its month, the next month's first moment, a day and a year later. */
const momentsFrom = (latest: string) => {
  const end = endOfMonth(latest.slice(0, 7));
  return [latest, new Date(end).toISOString(), new Date(end + 1).toISOString(), new Date(Date.parse(latest) + 86_400_000 + 12_345).toISOString(), new Date(Date.parse(latest) + 366 * 86_400_000).toISOString()];
};

const QUESTIONS: { period: string; level: AreaLevel; gemeenteCode?: string }[] = [
  { period: '2025', level: 'gemeente' },
  { period: '2025', level: 'regio' },
  { period: '2026', level: 'wijk' },
  { period: '2025-Q3', level: 'wijk', gemeenteCode: 'GM0479' },
  { period: '2026-02', level: 'gemeente' },
];

describe('the wachtlijst outcome table from the wait sums of the wachtlijst projection', () => {
  let region: ProjectedRegion;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;
  let entries: WaitlistEntry[];
  let latestChange: string;

  beforeAll(async () => {
    region = await projectedRegion(300);
    ({ store, runner } = region);
    entries = (await wachtlijstQueries.entries.find(store)).items;
    latestChange = waitSumsOf((await wachtlijstQueries.closedHistory.find(store)).items, await wachtlijstQueries.openSums.get(store, OPEN_WAIT_SUMS_ID)).latestChange!;
  }, 600_000);

  afterAll(() => region.close());

  /** The group reading the sums, and the same group made to read every entry as it did before the sums held its counts. */
  const groups = () => {
    const areas = new AreaDirectory(store, runner);
    const everyEntry = new AreaFigures(store, runner);
    Object.defineProperty(everyEntry, 'waitSums', { value: async () => undefined });
    const fromSums = new WachtlijstGroup(areas, runner, store, new AreaFigures(store, runner));
    const fromEntries = new WachtlijstGroup(areas, runner, store, everyEntry);
    // No next minute's table in the background while the suite closes its stores.
    for (const group of [fromSums, fromEntries]) Object.defineProperty(group['cache'], 'prefetch', { value: () => undefined });
    return { fromSums, fromEntries };
  };

  it('every kind of wait belongs to a group of the table', () => {
    for (const kind of WAIT_KINDS) expect(Object.values(WAIT_GROUPS).some((kinds) => (kinds as readonly string[]).includes(kind))).toBe(true);
  });

  it('the seeded region has waits that moved between wijken, aanvragen past their term, long waits and served waits of every group', async () => {
    expect(entries.some((e) => new Set(e.segments.map((s) => s.wijkCode)).size > 1)).toBe(true);
    const rows = await groups().fromEntries.rows({ period: '2026', level: 'regio', exact: true, asOf: latestChange });
    const values = (metric: string) => rows.map((r) => r.values[metric]).filter((v) => typeof v === 'number' && v > 0);
    for (const metric of ['aanvragen_over_termijn', 'wachtend_langer_dan_6_maanden', 'wachtend_langer_dan_12_maanden', 'uitstroom_zonder_plaatsing', 'wachttijd_p90_teamplaats', 'wachttijd_mediaan_woning', 'wachttijd_mediaan_indicatie', 'wachtduur_p90_wachtenden'])
      expect(values(metric).length).toBeGreaterThan(0);
  });

  it('gives exactly the rows of every entry, exact and protected, per wijk, gemeente and region, as of several moments', async () => {
    let compared = 0;
    for (const asOf of momentsFrom(latestChange)) {
      const { fromSums, fromEntries } = groups();
      expect(await new AreaFigures(store, runner).waitSums(asOf)).toBeDefined();
      for (const exact of [true, false])
        for (const question of [...QUESTIONS, { period: asOf.slice(0, 7), level: 'wijk' as const }]) {
          const [fast, full]: MeasureRow[][] = await Promise.all([fromSums.rows({ ...question, exact, asOf }), fromEntries.rows({ ...question, exact, asOf })]);
          expect(fast.length).toBeGreaterThan(0);
          expect(fast).toEqual(full);
          compared += fast.length;
        }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);
});
