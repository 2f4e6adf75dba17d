import { execFileSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seededDataDir } from '../support/seeded-data';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';
import { TEST_SECRET } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(__dirname, '../../test-output/dashboard');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

type MeasureRow = { level: string; code: string; name: string; gemeenteCode: string | null; period: string; values: Record<string, unknown> };
type Table = { group: string; period: string; months: string[]; level: string; definitions: { key: string; label: string; unit: string }[]; charts: { id: string; kind: string; measures: string[] }[]; rows: MeasureRow[] };
/** What a panel shows: per table under a chart, the raw value of every cell (data-raw), row by row. */
type Screen = Record<string, string[][]>;

const browserDescribe = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.log(`dashboard browser test: skipped, ${CHROMIUM} is not installed (npm test installs it where apt-get can)`);

browserDescribe('dashboard v2 in headless Chromium (built api, seeded demo, signed in with an API key)', () => {
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  let api: ChildProcess;
  let base: string;
  let apiKey: string;
  let integratorKey: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const fromApi = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect([path, res.status]).toEqual([path, 200]);
    return res;
  };
  const table = async (group: string, query: string): Promise<Table> => (await fromApi(`/v1/beleid/uitkomsten/${group}?${query}`)).json() as Promise<Table>;
  const hashQuery = async () => {
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    const query = new URLSearchParams({ periode: hash.get('periode')!, niveau: hash.get('niveau')! });
    if (hash.get('gemeente')) query.set('gemeenteCode', hash.get('gemeente')!);
    return query.toString();
  };
  const loaded = async () => page.waitForSelector('body[data-state=dashboard][data-loaded]', { timeout: 30_000 });
  const screen = async (): Promise<Screen> =>
    page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('table[data-testid]')).map((t) => [
          t.getAttribute('data-testid')!,
          Array.from(t.querySelectorAll('tbody tr')).map((tr) => [tr.querySelector('th')!.getAttribute('data-code')!, ...Array.from(tr.querySelectorAll('td')).map((td) => td.getAttribute('data-raw')!)]),
        ]),
      ),
    );
  const panels = async () => page.evaluate(() => Array.from(document.querySelectorAll('section.paneel')).map((s) => s.getAttribute('data-group')!));
  /** What the api answers for the query on screen, laid out as the page's tables: comparison per area, series per month. */
  const expectedScreen = async (): Promise<Screen> => {
    const query = await hashQuery();
    const out: Screen = {};
    for (const group of await panels()) {
      const t = await table(group, query);
      const areas = [...new Map(t.rows.map((r) => [r.code, r])).values()];
      for (const chart of t.charts) {
        const cell = (r: MeasureRow | undefined, key: string) => JSON.stringify(r?.values[key] ?? null);
        out[`tabel-${group}-${chart.id}`] =
          chart.kind === 'vergelijking'
            ? // One row per area for the period (for a month the api also lists it as the last month of its series).
              [...new Map(t.rows.filter((r) => r.period === t.period).map((r) => [r.code, r])).values()].map((r) => [r.code, ...chart.measures.map((k) => cell(r, k))])
            : t.months.map((m) => [
                m,
                ...areas.flatMap((a) =>
                  chart.measures.map((k) =>
                    cell(
                      t.rows.find((r) => r.code === a.code && r.period === m),
                      k,
                    ),
                  ),
                ),
              ]);
      }
    }
    return out;
  };

  beforeAll(async () => {
    seeded = await seededDataDir(300);
    // The policymaker's key, made as an administrator would: with the CLI on the data directory.
    const createKey = (role: string, sub: string) =>
      execFileSync(process.execPath, [CLI, 'api-key', 'create', '--role', role, '--sub', sub], { env: { ...process.env, WIJKZORG_DATA_DIR: seeded.dataDir }, encoding: 'utf8' })
        .trim()
        .split('\n')
        .at(-1)!
        .trim();
    apiKey = createKey('beleidsmaker', 'b-dashboard');
    integratorKey = createKey('integrator', 'i-dashboard');
    expect(apiKey).toMatch(/^wz_/);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await startApiProcess(seeded.dataDir, port, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: 'off', WIJKZORG_WEBHOOKS: 'off' });
    const head = seeded.events.at(-1)!.globalPosition;
    await fromApi(`/v1/beleid/uitkomsten/zorg?periode=2025&minPosition=${head}`);
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (api) await stopApiProcess(api);
    if (seeded) rmSync(seeded.dataDir, { recursive: true, force: true });
  });

  it('serves the page and its files under a CSP without inline scripts, and keeps no credential in web storage', async () => {
    const html = await fetch(`${base}/dashboard`);
    expect(html.headers.get('content-type')).toContain('text/html');
    const csp = html.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    const text = await html.text();
    expect(text).toContain('<html lang="nl">');
    expect(text).not.toMatch(/<script>(?!<)/); // only <script src=…>
    for (const [file, type] of [
      ['app.js', 'javascript'],
      ['app.css', 'text/css'],
      ['chart.umd.js', 'javascript'],
    ]) {
      const res = await fetch(`${base}/dashboard/${file}`);
      expect([file, res.status, res.headers.get('content-type')?.includes(type)]).toEqual([file, 200, true]);
    }
    expect((await (await fetch(`${base}/dashboard/chart.umd.js`)).text()).length).toBeGreaterThan(100_000);
    expect((await fetch(`${base}/dashboard/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/..%2F..%2Fmain.js`)).status).toBe(404);
  });

  it('refuses a wrong key with a Dutch message, then signs in with the key for a session cookie', async () => {
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('body[data-state=aanmelden]');
    // A valid key of a role that reads no aggregates: its session is ended at once, with a Dutch message.
    await page.fill('#api-sleutel', integratorKey);
    await page.click('#aanmeldformulier button[type=submit]');
    await page.waitForFunction(() => document.getElementById('melding')!.textContent!.includes('geen toegang tot beleidsinformatie'));
    expect(await page.evaluate(() => fetch('/v1/sessie', { credentials: 'same-origin' }).then((r) => r.status))).toBe(401);
    await page.fill('#api-sleutel', 'wz_dit-is-geen-sleutel');
    await page.click('#aanmeldformulier button[type=submit]');
    await page.waitForSelector('#aanmeldfout:not([hidden])');
    expect(await page.textContent('#aanmeldfout')).toContain('API-sleutel is onjuist');
    await page.fill('#api-sleutel', apiKey);
    await page.click('#aanmeldformulier button[type=submit]');
    await loaded();
    const cookies = await context.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);
    const stored = await page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie]));
    expect(stored).not.toContain('wz_');
    expect(await page.inputValue('#api-sleutel')).toBe('');
  });

  it('draws every group of the catalogue, each chart with a table of exactly the figures the api gives', async () => {
    const catalogue = (await (await fromApi('/v1/beleid/uitkomsten')).json()) as { groups: { group: string; charts: { id: string }[] }[] };
    expect(await panels()).toEqual(catalogue.groups.map((g) => g.group));
    const shown = await screen();
    expect(Object.keys(shown).sort()).toEqual(catalogue.groups.flatMap((g) => g.charts.map((c) => `tabel-${g.group}-${c.id}`)).sort());
    expect(shown).toEqual(await expectedScreen());
    const canvases = await page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => ({ label: c.getAttribute('aria-label'), drawn: !!(window as any).Chart.getChart(c) })));
    expect(canvases.length).toBe(Object.keys(shown).length);
    expect(canvases.every((c) => c.drawn && !!c.label)).toBe(true);
  });

  it('moves every panel with the one time control (next period, then another kind), and keeps the state in the URL', async () => {
    const before = await screen();
    const period = await page.inputValue('#periode');
    await page.click('#volgende');
    await page.waitForFunction((p) => document.body.dataset.loaded && document.body.dataset.loaded !== p, period);
    const after = await screen();
    expect(await page.inputValue('#periode')).not.toBe(period);
    for (const id of Object.keys(before)) expect([id, JSON.stringify(after[id]) === JSON.stringify(before[id])]).toEqual([id, false]);
    expect(after).toEqual(await expectedScreen());
    await page.selectOption('#soort', 'kwartaal');
    await page.waitForFunction(() => /Q\d$/.test(document.body.dataset.loaded ?? ''));
    expect(await page.evaluate(() => location.hash)).toMatch(/periode=\d{4}-Q\d/);
    expect(await screen()).toEqual(await expectedScreen());
    // Back to a full year of the demo for what follows, through the shareable URL.
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await page.waitForSelector('body[data-loaded="2025"]');
  });

  it('drills into a gemeente (its wijken side by side) and back, and shows suppressed cells as suppressed in table and chart', async () => {
    const gemeente = await page.getAttribute('button[data-drill]', 'data-drill');
    await page.click(`button[data-drill="${gemeente}"]`);
    await page.waitForFunction((g) => location.hash.includes(`gemeente=${g}`) && document.body.dataset.loaded, gemeente);
    await loaded();
    const query = new URLSearchParams(await hashQuery());
    expect([query.get('niveau'), query.get('gemeenteCode')]).toEqual(['wijk', gemeente]);
    const shown = await screen();
    expect(shown).toEqual(await expectedScreen());
    const firstTable = Object.values(shown)[0];
    expect(firstTable.every(([code]) => code.startsWith(`WK${gemeente!.slice(2)}`))).toBe(true);

    // Suppression: find a "<5" over all wijken of all gemeenten (drill-downs) for this year.
    let found = false;
    for (const code of (await table('zorg', 'periode=2025&niveau=gemeente')).rows.filter((r) => r.period === '2025').map((r) => r.code)) {
      await page.goto(`${base}/dashboard#periode=2025&niveau=wijk&gemeente=${code}`);
      await page.waitForFunction((g) => location.hash.includes(g) && document.body.dataset.loaded === '2025', code);
      await page.waitForFunction(() => Array.from(document.querySelectorAll('canvas')).every((c) => (window as any).Chart.getChart(c)));
      const cell = await page.$('td.onderdrukt');
      if (!cell) continue;
      found = true;
      expect(['<5', 'x']).toContain(await cell.textContent());
      expect(await cell.getAttribute('title')).toMatch(/minder dan 5, onderdrukt|verborgen tegen terugrekenen/);
      const drawn = await page.evaluate(() =>
        Array.from(document.querySelectorAll('canvas'))
          .flatMap((c) =>
            (window as any).Chart.getChart(c).data.datasets.flatMap((ds: any) =>
              ds.rawValues.map((raw: unknown, i: number) => ({
                raw,
                value: ds.data[i],
                fill: Array.isArray(ds.backgroundColor) ? ds.backgroundColor[i] : Array.isArray(ds.pointBackgroundColor) ? ds.pointBackgroundColor[i] : ds.backgroundColor,
                style: Array.isArray(ds.pointStyle) ? ds.pointStyle[i] : undefined,
              })),
            ),
          )
          .map((p: { raw: unknown; value: number; fill: unknown; style?: string }) => ({ ...p, pattern: typeof p.fill === 'object' && p.fill !== null })),
      );
      const suppressed = drawn.filter((p) => p.raw === '<5' || p.raw === 'x');
      expect(suppressed.length).toBeGreaterThan(0);
      // Drawn as a hatched marker, never as 0; published numbers are drawn as themselves.
      expect(suppressed.every((p) => p.value > 0 && p.pattern)).toBe(true);
      expect(drawn.filter((p) => typeof p.raw === 'number').every((p) => !p.pattern)).toBe(true);
      const counted = await page.evaluate(() => Array.from(document.querySelectorAll('canvas')).reduce((s, c) => s + Number(c.getAttribute('data-suppressed')), 0));
      expect(counted).toBe(suppressed.length);
      break;
    }
    expect(found).toBe(true);
    await page.click('#terug');
    await page.waitForFunction(() => !location.hash.includes('gemeente=') && location.hash.includes('niveau=gemeente'));
    await loaded();
    expect(await screen()).toEqual(await expectedScreen());
  });

  it('exports exactly what is on screen: CSV as the api gives it, and JSON with the same rows', async () => {
    const query = await hashQuery();
    // Chromium stops a page's downloads after ten in a row: the first panel and those with decimals (shares) and money stand for all.
    const all = await panels();
    const units = await Promise.all(all.map(async (group) => new Set((await table(group, query)).definitions.map((d: { unit: string }) => d.unit))));
    const chosen = [...new Set([all[0], all.find((_, i) => units[i].has('procent')), all.find((_, i) => units[i].has('eurocent'))])].filter((g): g is string => !!g);
    expect(chosen.length).toBeGreaterThanOrEqual(2);
    for (const group of chosen) {
      const section = page.locator(`section[data-group="${group}"]`);
      const [csvDownload] = await Promise.all([page.waitForEvent('download'), section.locator('button[data-export=csv]').click()]);
      const csv = readFileSync((await csvDownload.path())!, 'utf8');
      expect(csv).toBe(await (await fromApi(`/v1/beleid/uitkomsten/${group}?${query}&format=csv`)).text());
      expect(csv.split('\r\n')[0]).toContain(';');
      const [jsonDownload] = await Promise.all([page.waitForEvent('download'), section.locator('button[data-export=json]').click()]);
      const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
      const answer = await table(group, query);
      expect({ rows: json.rows, definitions: json.definitions, period: json.period, level: json.level }).toEqual({ rows: answer.rows, definitions: answer.definitions, period: answer.period, level: answer.level });
    }
  });

  it('shows the whole region as one area when asked', async () => {
    await page.selectOption('#niveau', 'regio');
    await page.waitForFunction(() => location.hash.includes('niveau=regio') && document.body.dataset.loaded);
    await loaded();
    const shown = await screen();
    expect(shown).toEqual(await expectedScreen());
    expect(Object.values(shown).some((rows) => rows.length === 1 && rows[0][0] === 'all')).toBe(true);
    await page.selectOption('#niveau', 'gemeente');
    await page.waitForFunction(() => location.hash.includes('niveau=gemeente') && document.body.dataset.loaded);
  });

  it('compares chosen gemeenten side by side, and exports only those rows', async () => {
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await loaded();
    const codes = (await table('zorg', 'periode=2025&niveau=gemeente')).rows.filter((r) => r.period === '2025').map((r) => r.code);
    const chosen = [codes[1], codes[3]];
    for (const code of chosen) await page.check(`#vergelijk-${code}`);
    await page.waitForFunction((c) => location.hash.includes(`vergelijk=${c.join('%2C')}`), chosen);
    const shown = await screen();
    const full = await expectedScreen();
    for (const [id, rows] of Object.entries(full)) {
      const comparison = rows.length > 0 && rows[0][0].startsWith('GM');
      if (comparison) expect([id, shown[id].map((r) => r[0])]).toEqual([id, chosen]);
      if (comparison) expect(shown[id]).toEqual(rows.filter((r) => chosen.includes(r[0])));
    }
    const section = page.locator('section[data-group="zorg"]');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), section.locator('button[data-export=json]').click()]);
    const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
    expect(json.rows).toEqual((await table('zorg', 'periode=2025&niveau=gemeente')).rows.filter((r) => chosen.includes(r.code)));
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), section.locator('button[data-export=csv]').click()]);
    const apiCsv = (await (await fromApi('/v1/beleid/uitkomsten/zorg?periode=2025&niveau=gemeente&format=csv')).text()).split('\r\n');
    expect(readFileSync((await csvDownload.path())!, 'utf8').split('\r\n')).toEqual(apiCsv.filter((line, i) => i === 0 || line === '' || chosen.includes(line.split(';')[1])));
    for (const code of chosen) await page.uncheck(`#vergelijk-${code}`);
  });

  it('speaks Dutch a policymaker reads: no snake_case keys or raw units on screen, Dutch axis titles, and a plain explanation of <5 and x', async () => {
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await loaded();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('canvas')).every((c) => (window as any).Chart.getChart(c)));
    const text = await page.evaluate(() => document.body.innerText);
    expect(text.match(/\b[a-z0-9]+_[a-z0-9_]+\b/g)).toBeNull();
    expect(text).not.toMatch(/\beurocent\b|\(\w+ \([€%]\)\)/);
    const axisTitles = await page.evaluate(() => [...new Set(Array.from(document.querySelectorAll('canvas')).flatMap((c) => Object.values((window as any).Chart.getChart(c).options.scales).map((s: any) => s.title.text as string)))]);
    expect(axisTitles.filter((t) => !['Gemeente', 'Maand', 'aantal', 'dagen', 'euro (€)', 'procent (%)'].includes(t))).toStrictEqual([]);
    // A count axis has whole numbers only (no 0,2 people).
    const countTicks = await page.evaluate(() => Array.from(document.querySelectorAll('canvas')).flatMap((c) => ((window as any).Chart.getChart(c).scales['y-aantal']?.ticks ?? []).map((t: { value: number }) => t.value)));
    expect(countTicks.length).toBeGreaterThan(0);
    expect(countTicks.filter((v) => !Number.isInteger(v))).toStrictEqual([]);
    // The explanation of suppression is on the page, in Dutch, one click away.
    expect(await page.isVisible('#uitleg summary')).toBe(true);
    expect(await page.isVisible('#uitleg p')).toBe(false);
    await page.click('#uitleg summary');
    expect(await page.isVisible('#uitleg p')).toBe(true);
    const uitleg = (await page.textContent('#uitleg'))!.replace(/\s+/g, ' ');
    expect(uitleg).toMatch(/<5.*1 tot 4 personen/);
    expect(uitleg).toMatch(/x.*terugrekenen/);
    expect(uitleg).toContain('afgerond op 5');
    expect(uitleg).toMatch(/p90.*9 van de 10/);
    await page.click('#uitleg summary');
  });

  it('shows that figures are loading while the nine groups are on their way, and a readable Dutch message when they cannot be loaded', async () => {
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await loaded();
    expect(await page.isVisible('#laden')).toBe(false);
    // Slow answers, as on a cold start: the indicator is visible and the old panels are marked busy until all have come.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const group = /\/v1\/beleid\/uitkomsten\/[^/?]+\?/;
    await page.route(group, async (route) => {
      await held;
      await route.continue();
    });
    await page.click('#vorige');
    await page.waitForSelector('#laden', { state: 'visible' });
    expect(await page.textContent('#laden')).toContain('De cijfers worden geladen');
    expect(await page.getAttribute('#panelen', 'aria-busy')).toBe('true');
    expect(await page.evaluate(() => document.body.dataset.loaded)).toBeUndefined();
    release();
    await loaded();
    expect(await page.isVisible('#laden')).toBe(false);
    expect(await page.getAttribute('#panelen', 'aria-busy')).toBeNull();
    await page.unroute(group);
    // A failing server: a Dutch message, and no indicator left spinning.
    const before = problems.length;
    await page.route(group, (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{}' }));
    await page.click('#volgende');
    await page.waitForSelector('#melding:not([hidden])');
    expect(await page.textContent('#melding')).toContain('De server is niet bereikbaar');
    expect(await page.isVisible('#laden')).toBe(false);
    await page.unroute(group);
    // The browser logs the refused requests: those 503s, and nothing else, came from this test.
    expect(problems.splice(before).filter((p) => !/status of 503 /.test(p))).toStrictEqual([]);
  });

  it('is keyboard navigable: skip link first, then the time control and an export button by Tab', async () => {
    await page.goto('about:blank'); // a fresh document: a hash change alone would keep the focus where it was
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await loaded();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    const reached = new Set<string>();
    for (let i = 0; i < 80 && !(reached.has('soort') && reached.has('export')); i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', exportKind: document.activeElement?.getAttribute('data-export') }));
      if (focused.id === 'soort' || focused.id === 'periode' || focused.id === 'vorige') reached.add('soort');
      if (focused.exportKind) reached.add('export');
    }
    expect([...reached].sort()).toEqual(['export', 'soort']);
  });

  it('fits a 400 px phone screen and saves screenshots at desktop and phone width', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/dashboard#periode=2025&niveau=gemeente`);
    await loaded();
    await page.screenshot({ path: join(SHOTS, 'dashboard-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 400, height: 800 });
    await page.waitForTimeout(300);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('canvas')).every((c) => (window as any).Chart.getChart(c)));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.screenshot({ path: join(SHOTS, 'dashboard-400.png'), fullPage: true });
    // A projector with "Grote letters": larger text, and the page uses the whole width.
    await page.setViewportSize({ width: 1920, height: 1080 });
    const normal = await page.evaluate(() => [parseFloat(getComputedStyle(document.querySelector('.paneel h2')!).fontSize), document.querySelector('main')!.getBoundingClientRect().width]);
    await page.click('#groot');
    await page.waitForFunction(() => location.hash.includes('groot=1'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('canvas')).every((c) => (window as any).Chart.getChart(c)));
    const large = await page.evaluate(() => [parseFloat(getComputedStyle(document.querySelector('.paneel h2')!).fontSize), document.querySelector('main')!.getBoundingClientRect().width]);
    expect(large[0]).toBeGreaterThan(normal[0] * 1.2);
    expect(large[1]).toBeGreaterThan(1800);
    await page.screenshot({ path: join(SHOTS, 'dashboard-1920-groot.png') });
    await page.click('#groot');
    await page.setViewportSize({ width: 1280, height: 800 });
    console.log(`dashboard screenshots: ${SHOTS}`);
  });

  it('sends a signed-out reader back to the sign-in with a Dutch message when the session ends', async () => {
    await page.evaluate(() => fetch('/v1/sessie', { method: 'DELETE', credentials: 'same-origin' }));
    await page.click('#volgende');
    await page.waitForSelector('body[data-state=aanmelden]');
    expect(await page.textContent('#melding')).toContain('sessie is verlopen');
    // 401 (wrong key, ended session) and 403 (the integrator's key) are answers the page expects; nothing else may fail.
    expect(problems.filter((p) => !/status of 40[13] /.test(p))).toStrictEqual([]);
  });
});
