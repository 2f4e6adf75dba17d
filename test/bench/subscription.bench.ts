import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '@wijkzorg/application';
import { report, section } from './report';
import { readSse } from './sse';
import { startApiProcess, stopApiProcess } from '../support/api-process';

const SECRET = 'benchmark-secret-of-at-least-32-bytes!!';

/** Append-to-delivery lag of the integrator SSE stream while commands arrive at a steady rate. */
export async function benchSubscription(): Promise<void> {
  section('integrator subscription: lag from append to SSE delivery under steady write load');
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-bench-sse-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const server = await startApiProcess(dir, port, { WIJKZORG_JWT_SECRET: SECRET, WIJKZORG_DEMO_TOKENS: 'off' });
  const base = `http://127.0.0.1:${port}`;
  const tokens = new TokenService(Buffer.from(SECRET));
  const auth = (role: 'admin' | 'zorgprofessional' | 'integrator') => ({ Authorization: `Bearer ${tokens.issue({ role, id: `bench-${role}`, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}) })}`, 'Content-Type': 'application/json' });
  const post = async (path: string, role: 'admin' | 'zorgprofessional', body: object) => {
    const res = await fetch(base + path, { method: 'POST', headers: auth(role), body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  try {
    await post('/wijken', 'admin', { wijkCode: 'WK047901', wijkName: 'Poelenburg', gemeenteCode: 'GM0479', gemeenteName: 'Zaanstad' });
    await post('/wooncirkels', 'admin', { wooncirkelId: 'wc-bench', wijkCode: 'WK047901', name: 'Bench', form: 'kern_met_cirkel', kern: { name: 'Kern', opensAt: '07:30', closesAt: '22:30' }, team: { teamId: 't', name: 'T', providerId: 'p', caseloadCapacity: 10 }, homes: [] });

    const lags: number[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${base}/integration/events?categories=intake`, { headers: { ...auth('integrator'), Accept: 'text/event-stream' }, signal: controller.signal });
    const reading = readSse(stream, (_position, recordedAt, receivedAt) => lags.push(receivedAt - Date.parse(recordedAt)));

    const rate = 150;
    const seconds = 8;
    const started = Date.now();
    let sent = 0;
    const writers = Array.from({ length: 4 }, async () => {
      while (Date.now() - started < seconds * 1000) {
        const due = started + (sent / rate) * 1000;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const n = sent++;
        await post('/intakes', 'zorgprofessional', { clientId: `sse-${n}`, wooncirkelId: 'wc-bench', preferredWijk: 'WK047901', lifeDomains: ['wonen'], urgency: 'regulier', acuteConfusedBehaviour: false, goals: [], referralSource: 'wijkteam' });
      }
    });
    await Promise.all(writers);
    for (let i = 0; i < 50 && lags.length < sent; i++) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await reading;
    lags.sort((a, b) => a - b);
    const at = (p: number) => lags[Math.max(0, Math.ceil((p / 100) * lags.length) - 1)];
    report({ name: `events delivered / appended (${rate}/s offered for ${seconds} s)`, value: lags.length / Math.max(1, sent), unit: 'ratio', atLeast: 1 });
    report({ name: 'subscription lag p50', value: at(50), unit: 'ms' });
    report({ name: 'subscription lag p99', value: at(99), unit: 'ms', atMost: 1000 });
  } finally {
    await stopApiProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
