import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidTokenError, TokenService, loadTokenKeys } from './tokens';
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
const problemOf = async (token: string, service = tokens) => {
  try {
    await service.verify(token, NOW);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return error.message;
  }
};

describe('token verification', () => {
  it('carries the organisation an actor speaks for, and refuses one that is not an organisation or gemeente code', async () => {
    const issued = tokens.issue({ role: 'gemeente', id: 'consulent-1', organisation: 'GM0479' }, 600, NOW);
    expect(await tokens.verify(issued, NOW)).toEqual({ role: 'gemeente', id: 'consulent-1', organisation: 'GM0479' });
    expect(await tokens.verify(sign({ alg: 'HS256' }, claims({ role: 'woningcorporatie', org: 'parteon' })), NOW)).toMatchObject({ organisation: 'parteon' });
    for (const org of ['Parteon', 'GM47', '', 7, ['parteon'], 'a'.repeat(60)]) expect(await problemOf(sign({ alg: 'HS256' }, claims({ org })))).toBe('org must be an organisation code or a CBS gemeente code');
  });
  it('refuses segments that are JSON but not objects, as invalid tokens rather than crashes', async () => {
    for (const header of [null, [], 'HS256', 7]) expect(await problemOf(sign(header, claims()))).toBe('token header must be a JSON object');
    for (const payload of [null, [claims()], 'integrator', 7]) expect(await problemOf(sign({ alg: 'HS256' }, payload))).toBe('token payload must be a JSON object');
  });

  it('honours nbf with a small clock skew, and aud when present', async () => {
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ nbf: NOW / 1000 + 3600 })))).toContain('nbf');
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ nbf: NOW / 1000 + 10 })))).toBeNull();
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ nbf: '2026-01-01' })))).toContain('nbf');
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ aud: 'elsewhere' })))).toContain('audience');
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ aud: ['elsewhere', 'wijkzorg'] })))).toBeNull();
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ role: 'toString' })))).toBe('unknown role');
  });
});

describe('verified tokens remembered', () => {
  it('checks the time of a remembered token on every use: it expires, and one not yet valid is not let in early', async () => {
    const service = new TokenService(Buffer.from(SECRET));
    const token = sign({ alg: 'HS256' }, claims({ wooncirkels: ['wc-1'] }));
    const first = await service.verify(token, NOW);
    expect(first).toEqual({ role: 'integrator', id: 'i-1', wooncirkels: ['wc-1'] });
    first.wooncirkels!.push('wc-2'); // a caller's own copy: the next use does not see it
    expect(await service.verify(token, NOW + 60_000)).toEqual({ role: 'integrator', id: 'i-1', wooncirkels: ['wc-1'] });
    // exp is NOW + 600 s; jose tolerates 30 s of clock skew past it, and so does the remembered token.
    expect(await service.verify(token, NOW + 620_000)).toEqual({ role: 'integrator', id: 'i-1', wooncirkels: ['wc-1'] });
    await expect(service.verify(token, NOW + 631_000)).rejects.toThrow('token expired');
    const later = sign({ alg: 'HS256' }, claims({ nbf: NOW / 1000 + 20, exp: NOW / 1000 + 3600 }));
    expect(await service.verify(later, NOW)).toEqual({ role: 'integrator', id: 'i-1' }); // within the skew
    await expect(service.verify(later, NOW - 60_000)).rejects.toThrow('nbf');
  });

  it('remembers only tokens that passed: a tampered copy of a remembered token is refused', async () => {
    const service = new TokenService(Buffer.from(SECRET));
    const token = sign({ alg: 'HS256' }, claims());
    await service.verify(token, NOW);
    const [header, , signature] = token.split('.');
    expect(await problemOf(`${header}.${b64(claims({ role: 'auditor' }))}.${signature}`, service)).toBe('bad signature');
    expect(await problemOf(token.slice(0, -2) + 'xx', service)).toBe('bad signature');
  });
});

describe('token keys (verified by jose)', () => {
  const actor = { role: 'integrator' as const, id: 'i-1' };
  const pem = (type: 'ed25519' | 'ec') => (type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-tokens-'));

  it('still accepts HS256 tokens minted by the hand-written signer (same secret, no kid), and refuses a wrong signature, expiry and issuer', async () => {
    expect(await tokens.verify(sign({ alg: 'HS256', typ: 'JWT' }, claims()), NOW)).toEqual(actor);
    expect(await problemOf(sign({ alg: 'HS256' }, claims()).slice(0, -2) + 'xx')).toBe('bad signature');
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ exp: NOW / 1000 - 60 })))).toBe('token expired');
    expect(await problemOf(sign({ alg: 'HS256' }, claims({ iss: 'elsewhere' })))).toBe('unknown issuer');
    expect(await problemOf(sign({ alg: 'none' }, claims()))).not.toBeNull();
  });

  it('signs with an asymmetric key under its kid, and keeps accepting the previous key through the JWKS after rotation', async () => {
    const k1 = pem('ed25519');
    const previous = new TokenService(loadTokenKeys({ WIJKZORG_JWT_SIGNING_KEY: k1, WIJKZORG_JWT_KEY_ID: 'k1' }, join(dir, 'unused')).keys);
    const oldToken = previous.issue(actor, 600, NOW);
    expect(JSON.parse(Buffer.from(oldToken.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'EdDSA', kid: 'k1' });
    expect(await previous.verify(oldToken, NOW)).toEqual(actor);

    const { createPublicKey } = await import('node:crypto');
    const { exportJWK } = await import('jose');
    // The JWKS holds k1's public key; k2 (ES256) signs from now on.
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(createPublicKey(k1))), kid: 'k1', alg: 'EdDSA' }] }));
    const rotated = new TokenService(loadTokenKeys({ WIJKZORG_JWT_SIGNING_KEY: pem('ec'), WIJKZORG_JWT_KEY_ID: 'k2', WIJKZORG_JWT_VERIFICATION_KEYS: jwksFile }, join(dir, 'unused')).keys);
    const newToken = rotated.issue(actor, 600, NOW);
    expect(JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: 'k2' });
    expect(await rotated.verify(newToken, NOW)).toEqual(actor);
    expect(await rotated.verify(oldToken, NOW)).toEqual(actor);
    // Without a secret, HS256 tokens are refused; an unknown kid is refused.
    expect(await problemOf(sign({ alg: 'HS256' }, claims()), rotated)).toMatch(/HS256/);
    expect(await problemOf(sign({ alg: 'HS256', kid: 'k9' }, claims()), rotated)).not.toBeNull();
    // A token of the old key is refused by a service that does not list it.
    expect(await problemOf(oldToken, new TokenService(loadTokenKeys({ WIJKZORG_JWT_SIGNING_KEY: pem('ec'), WIJKZORG_JWT_KEY_ID: 'k2' }, join(dir, 'unused')).keys))).not.toBeNull();
  });
});

describe('stream tickets', () => {
  const actor = { role: 'integrator' as const, id: 'i-1' };
  it('open one stream, once, within their time, for their purpose', async () => {
    const tickets = new StreamTickets();
    const { ticket } = await tickets.issue(actor, 'events', NOW);
    expect(await tickets.redeem(ticket, 'events', NOW + 1000)).toEqual(actor);
    expect(await tickets.redeem(ticket, 'events', NOW + 2000)).toBeUndefined();
    const late = (await tickets.issue(actor, 'events', NOW)).ticket;
    expect(await tickets.redeem(late, 'events', NOW + STREAM_TICKET_TTL_MS)).toBeUndefined();
    const other = (await tickets.issue(actor, 'events', NOW)).ticket;
    expect(await tickets.redeem(other, 'exports', NOW)).toBeUndefined();
    expect(await tickets.redeem(other, 'events', NOW)).toBeUndefined();
    expect(await tickets.redeem('wzt_guessed', 'events', NOW)).toBeUndefined();
  });
  it('keep at most twenty open per actor: issuing more voids the oldest', async () => {
    const tickets = new StreamTickets();
    const issued: string[] = [];
    for (let i = 0; i < 21; i++) issued.push((await tickets.issue(actor, 'events', NOW)).ticket);
    expect(await tickets.redeem(issued[0], 'events', NOW)).toBeUndefined();
    expect(await tickets.redeem(issued[20], 'events', NOW)).toEqual(actor);
  });
});
