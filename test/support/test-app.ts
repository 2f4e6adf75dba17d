import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/src/bootstrap';

export interface TestApp {
  app: INestApplication;
  dataDir: string;
  http: ReturnType<typeof request>;
  /** A request with actor headers set. */
  as(role: string, id?: string): { post(url: string, body?: object): request.Test; get(url: string): request.Test; put(url: string, body?: object): request.Test };
  close(): Promise<void>;
}

/** The real api on a fresh embedded store in a temporary directory. */
export async function startTestApp(dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-e2e-'))): Promise<TestApp> {
  process.env.WIJKZORG_DATA_DIR = dataDir;
  delete process.env.WIJKZORG_SQLITE_PATH;
  const app = await createApp({ logger: false });
  await app.init();
  const http = request(app.getHttpServer());
  const as = (role: string, id = `${role}-1`) => ({
    post: (url: string, body: object = {}) => request(app.getHttpServer()).post(url).set('X-Actor-Role', role).set('X-Actor-Id', id).send(body),
    put: (url: string, body: object = {}) => request(app.getHttpServer()).put(url).set('X-Actor-Role', role).set('X-Actor-Id', id).send(body),
    get: (url: string) => request(app.getHttpServer()).get(url).set('X-Actor-Role', role).set('X-Actor-Id', id),
  });
  return { app, dataDir, http, as, close: () => app.close() };
}

export const wijkBody = (wijkCode = 'WK047901', wijkName = 'Poelenburg', gemeenteName = 'Zaanstad') => ({ wijkCode, wijkName, gemeenteCode: `GM${wijkCode.slice(2, 6)}`, gemeenteName });

export const wooncirkelBody = (wooncirkelId: string, wijkCode: string, capacity: number, homes = 3) => ({
  wooncirkelId,
  wijkCode,
  name: `Wooncirkel ${wooncirkelId}`,
  kern: { name: `Kern ${wooncirkelId}`, opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: `team-${wooncirkelId}`, name: `Team ${wooncirkelId}`, providerId: 'prov-a', caseloadCapacity: capacity },
  homes: Array.from({ length: homes }, (_, i) => ({ homeId: `${wooncirkelId}-h${i + 1}`, address: `Straat ${i + 1}`, kind: i === 0 ? 'cluster' : 'wooncirkel', travelMinutesToKern: Math.min(10, i * 3) })),
});

export const intakeBody = (clientId: string, wooncirkelId: string, preferredWijk: string, extra: object = {}) => ({
  clientId,
  wooncirkelId,
  preferredWijk,
  lifeDomains: ['wonen', 'begeleiding_zorg'],
  urgency: 'regulier',
  acuteConfusedBehaviour: false,
  goals: ['weer zelfstandig wonen'],
  referralSource: 'wijkteam',
  ...extra,
});
