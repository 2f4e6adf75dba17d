import { startTestApp } from '../support/test-app';
import { seededDataDir } from '../support/seeded-data';
it('times', async () => {
  const seeded = await seededDataDir(300);
  const head = seeded.events[seeded.events.length - 1].globalPosition;
  const t = await startTestApp(seeded.dataDir);
  for (const role of ['auditor', 'beleidsmaker']) {
    const res = await t.as(role).get(`/beleid/uitkomsten/verhuizingen?periode=2025&niveau=gemeente&minPosition=${head}`).expect(200);
    for (const r of res.body.rows.filter((r: { period: string }) => r.period === '2025')) console.log(role, r.code, JSON.stringify(Object.fromEntries(['schaalstappen', 'stappen_zonder_verhuizing', 'stappen_met_verhuizing', 'stappen_nog_open', 'aandeel_zonder_verhuizing', 'verhuizingen'].map((k) => [k, r.values[k]]))));
  }
  await t.close();
}, 600_000);
