import { createHmac } from 'node:crypto';
import { InvalidTokenError, TokenService } from './tokens';
import { STREAM_TICKET_TTL_MS, StreamTickets } from './stream-tickets';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const tokens = new TokenService(Buffer.from(SECRET));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (header: unknown, payload: unknown) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
};
const NOW = Date.parse('2026-03-01T09:00:00Z');
const claims = (extra: object = {}) => ({ sub: 'i-1', role: 'integrator', iat: NOW / 1000, exp: NOW / 1000 + 600, iss: 'wijkzorg', ...extra });
const problemOf = (token: string) => {
  try {
    tokens.verify(token, NOW);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return error.message;
  }
};

describe('token verification', () => {
  it('refuses segments that are JSON but not objects, as invalid tokens rather than crashes', () => {
    for (const header of [null, [], 'HS256', 7]) expect(problemOf(sign(header, claims()))).toBe('token header must be a JSON object');
    for (const payload of [null, [claims()], 'integrator', 7]) expect(problemOf(sign({ alg: 'HS256' }, payload))).toBe('token payload must be a JSON object');
  });

  it('honours nbf with a small clock skew, and aud when present', () => {
    expect(problemOf(sign({ alg: 'HS256' }, claims({ nbf: NOW / 1000 + 3600 })))).toContain('nbf');
    expect(problemOf(sign({ alg: 'HS256' }, claims({ nbf: NOW / 1000 + 10 })))).toBeNull();
    expect(problemOf(sign({ alg: 'HS256' }, claims({ nbf: '2026-01-01' })))).toContain('nbf');
    expect(problemOf(sign({ alg: 'HS256' }, claims({ aud: 'elsewhere' })))).toContain('audience');
    expect(problemOf(sign({ alg: 'HS256' }, claims({ aud: ['elsewhere', 'wijkzorg'] })))).toBeNull();
    expect(problemOf(sign({ alg: 'HS256' }, claims({ role: 'toString' })))).toBe('unknown role');
  });
});

describe('stream tickets', () => {
  const actor = { role: 'integrator' as const, id: 'i-1' };
  it('open one stream, once, within their time, for their purpose', () => {
    const tickets = new StreamTickets();
    const { ticket } = tickets.issue(actor, 'events', NOW);
    expect(tickets.redeem(ticket, 'events', NOW + 1000)).toEqual(actor);
    expect(tickets.redeem(ticket, 'events', NOW + 2000)).toBeUndefined();
    const late = tickets.issue(actor, 'events', NOW).ticket;
    expect(tickets.redeem(late, 'events', NOW + STREAM_TICKET_TTL_MS)).toBeUndefined();
    const other = tickets.issue(actor, 'events', NOW).ticket;
    expect(tickets.redeem(other, 'exports', NOW)).toBeUndefined();
    expect(tickets.redeem(other, 'events', NOW)).toBeUndefined();
    expect(tickets.redeem('wzt_guessed', 'events', NOW)).toBeUndefined();
  });
  it('keep at most twenty open per actor: issuing more voids the oldest', () => {
    const tickets = new StreamTickets();
    const issued = Array.from({ length: 21 }, () => tickets.issue(actor, 'events', NOW).ticket);
    expect(tickets.redeem(issued[0], 'events', NOW)).toBeUndefined();
    expect(tickets.redeem(issued[20], 'events', NOW)).toEqual(actor);
  });
});
