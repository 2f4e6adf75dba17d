import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/src/bootstrap';
import { TokenService } from '@wijkzorg/application';
import { ActorRole } from '@wijkzorg/domain';

export const TEST_SECRET = 'wijkzorg-test-secret-of-at-least-32-bytes!';
export const testTokens = new TokenService(Buffer.from(TEST_SECRET));

export interface TestApp {
  app: INestApplication;
  dataDir: string;
  http: ReturnType<typeof request>;
  /** A request with a bearer token for this role (zorgprofessionals: every wooncirkel unless given). */
  as(role: string, id?: string, wooncirkels?: string[], organisation?: string): { post(url: string, body?: object): request.Test; get(url: string): request.Test; put(url: string, body?: object): request.Test; delete(url: string): request.Test };
  token(role: string, id?: string, wooncirkels?: string[], organisation?: string): string;
  close(): Promise<void>;
}

/** The real api on a fresh embedded store in a temporary directory. */
export async function startTestApp(dataDir = mkdtempSync(join(tmpdir(), 'wijkzorg-e2e-'))): Promise<TestApp> {
  process.env.WIJKZORG_DATA_DIR = dataDir;
  process.env.WIJKZORG_JWT_SECRET = TEST_SECRET;
  delete process.env.WIJKZORG_SQLITE_PATH;
  const app = await createApp({ logger: false });
  await app.init();
  const http = request(app.getHttpServer());
  const token = (role: string, id = `${role}-1`, wooncirkels?: string[], organisation?: string) =>
    testTokens.issue({ role: role as ActorRole, id, ...(role === 'zorgprofessional' ? { wooncirkels: wooncirkels ?? ['*'] } : wooncirkels ? { wooncirkels } : {}), ...(organisation ? { organisation } : {}) });
  const as = (role: string, id = `${role}-1`, wooncirkels?: string[], organisation?: string) => {
    const auth = `Bearer ${token(role, id, wooncirkels, organisation)}`;
    // Person-level reads need a purpose; auditors audit, everyone else gives care.
    const purpose = role === 'auditor' ? 'audit' : 'zorgverlening';
    return {
      post: (url: string, body: object = {}) => request(app.getHttpServer()).post(url).set('Authorization', auth).send(body),
      put: (url: string, body: object = {}) => request(app.getHttpServer()).put(url).set('Authorization', auth).send(body),
      delete: (url: string) => request(app.getHttpServer()).delete(url).set('Authorization', auth),
      get: (url: string) => request(app.getHttpServer()).get(url).set('Authorization', auth).set('X-Access-Purpose', purpose),
    };
  };
  return { app, dataDir, http, as, token, close: () => app.close() };
}

export const wijkBody = (wijkCode = 'WK047901', wijkName = 'Poelenburg', gemeenteName = 'Zaanstad') => ({ wijkCode, wijkName, gemeenteCode: `GM${wijkCode.slice(2, 6)}`, gemeenteName });

export const wooncirkelBody = (wooncirkelId: string, wijkCode: string, capacity: number, homes = 3) => ({
  wooncirkelId,
  wijkCode,
  name: `Wooncirkel ${wooncirkelId}`,
  form: 'kern_met_cirkel',
  kern: { name: `Kern ${wooncirkelId}`, opensAt: '07:30', closesAt: '22:30' },
  team: { teamId: `team-${wooncirkelId}`, name: `Team ${wooncirkelId}`, providerId: 'prov-a', caseloadCapacity: capacity },
  homes: Array.from({ length: homes }, (_, i) => ({ homeId: `${wooncirkelId}-h${i + 1}`, address: `Straat ${i + 1}`, housingType: i === 0 ? 'cluster' : 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: Math.min(10, i * 3) })),
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
  intakeAt: '2026-01-01T09:00:00Z',
  ...extra,
});
