import { ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiProcess, stopApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';
import { TEST_SECRET } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

/** README's first run: `npm start` seeds an empty data directory with the CLI, then starts the api without a configured secret. */
describe('first run of the demo: the policymaker finds a working API key next to the demo tokens', () => {
  const dirs: string[] = [];
  let api: ChildProcess | undefined;
  const port = freePort;
  const keysIn = (file: string) => Object.fromEntries([...readFileSync(file, 'utf8').matchAll(/^api-key (\w+)\b.*\s(wz_\S+)$/gm)].map(([, role, key]) => [role, key]));
  const signIn = async (base: string, apiKey: string) => fetch(`${base}/v1/sessie`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });

  afterEach(async () => {
    if (api) await stopApiProcess(api);
    api = undefined;
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes a key per role (owner-only file); the beleidsmaker key signs in and reads the figures, in the browser too; a restart keeps the keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-first-run-'));
    dirs.push(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, WIJKZORG_DATA_DIR: dataDir };
    delete env.WIJKZORG_JWT_SECRET;
    delete env.WIJKZORG_DEMO_TOKENS;
    execFileSync(process.execPath, [CLI, 'seed', '--if-empty', '--clients', '40'], { env, stdio: 'ignore' });
    let p = await port();
    let base = `http://127.0.0.1:${p}`;
    api = await startApiProcess(dataDir, p, { WIJKZORG_JWT_SECRET: '', WIJKZORG_DEMO_TOKENS: '', WIJKZORG_WEBHOOKS: 'off' });
    const file = join(dataDir, 'demo-tokens.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`${base}/dashboard`);
    const keys = keysIn(file);
    expect(Object.keys(keys)).toEqual(expect.arrayContaining(['beleidsmaker', 'auditor', 'integrator', 'admin']));
    expect(Object.keys(keys)).not.toContain('system');

    // The path README walks: sign in with the beleidsmaker key, read the figures with the session cookie.
    const res = await signIn(base, keys.beleidsmaker);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ role: 'beleidsmaker', actorId: 'demo-beleidsmaker' });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const figures = await fetch(`${base}/v1/beleid/uitkomsten/zorg?periode=2025&niveau=gemeente`, { headers: { cookie } });
    expect(figures.status).toBe(200);
    expect(((await figures.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    // Each key is its role's: the integrator's key reads no aggregates.
    expect((await fetch(`${base}/v1/beleid/uitkomsten`, { headers: { authorization: `Bearer ${keys.integrator}` } })).status).toBe(403);

    if (existsSync(CHROMIUM)) {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
      try {
        const page = await browser.newPage();
        await page.goto(`${base}/dashboard`);
        await page.waitForSelector('body[data-state=aanmelden]');
        await page.fill('#api-sleutel', keys.beleidsmaker);
        await page.click('#aanmeldformulier button[type=submit]');
        await page.waitForSelector('body[data-state=dashboard][data-loaded]', { timeout: 60_000 });
        expect(await page.locator('table[data-testid] tbody tr').count()).toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    } else console.log(`first-run browser check: skipped, ${CHROMIUM} is not installed`);

    // A restart writes fresh tokens but keeps the keys that still work (no pile of keys per start).
    await stopApiProcess(api);
    p = await port();
    base = `http://127.0.0.1:${p}`;
    api = await startApiProcess(dataDir, p, { WIJKZORG_JWT_SECRET: '', WIJKZORG_DEMO_TOKENS: '', WIJKZORG_WEBHOOKS: 'off' });
    expect(keysIn(file)).toEqual(keys);
    expect((await signIn(base, keys.beleidsmaker)).status).toBe(201);
  }, 240_000);

  it('writes no demo credentials at all when a secret is configured (production)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-first-run-prod-'));
    dirs.push(dataDir);
    const p = await port();
    api = await startApiProcess(dataDir, p, { WIJKZORG_JWT_SECRET: TEST_SECRET, WIJKZORG_DEMO_TOKENS: '', WIJKZORG_WEBHOOKS: 'off' });
    expect(existsSync(join(dataDir, 'demo-tokens.txt'))).toBe(false);
    expect((await fetch(`http://127.0.0.1:${p}/v1/beleid/uitkomsten`, { headers: { authorization: 'Bearer wz_anything' } })).status).toBe(401);
  }, 120_000); // an api start may take HOOK_MS_PER_API_START
});
