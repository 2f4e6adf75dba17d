import { ActorRole } from '@wijkzorg/domain';
import { SESSION_COOKIE } from '@wijkzorg/application';
import { AUTHENTICATION, Authentication } from '../../apps/api/src/auth/auth.guard';
import { TestApp } from './test-app';

/** An API key issued through the running app's own key registry, so it (and its revocation) counts at once. */
export const issueApiKey = (t: TestApp, role: ActorRole, id: string, organisation?: string): Promise<string> =>
  t.app.get<Authentication>(AUTHENTICATION).apiKeys.issue({ role, id, ...(role === 'zorgprofessional' ? { wooncirkels: ['*'] } : {}), ...(organisation ? { organisation } : {}) }, { role: 'admin', id: 'test-admin' });

/** The Set-Cookie line of the session cookie, the `name=value` pair a browser sends back, and the value alone. */
export function sessionCookieIn(headers: Record<string, unknown>): { line: string; pair: string; value: string } {
  const lines = ([] as string[]).concat((headers['set-cookie'] as string[] | string | undefined) ?? []);
  const line = lines.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(lines)}`);
  const pair = line.split(';')[0];
  return { line, pair, value: pair.slice(SESSION_COOKIE.length + 1) };
}

/** Signs in with a new API key of this role over HTTP; the Cookie header value to send with reads. */
export async function signedInCookie(t: TestApp, role: ActorRole, id: string, organisation?: string): Promise<string> {
  const res = await t.http
    .post('/v1/sessie')
    .send({ apiKey: await issueApiKey(t, role, id, organisation) })
    .expect(201);
  return sessionCookieIn(res.headers).pair;
}
