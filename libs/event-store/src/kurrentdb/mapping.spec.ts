import { fromLogPosition, kurrentConnectionString, toLogPosition } from './mapping';

describe('KurrentDB position mapping', () => {
  it('maps a position number to the exact $all read position and back', () => {
    for (const p of [1, 4096, 123_456_789_012, Number.MAX_SAFE_INTEGER]) {
      expect(toLogPosition(p)).toEqual({ commit: BigInt(p), prepare: BigInt(p) });
      expect(fromLogPosition(toLogPosition(p))).toBe(p);
    }
    expect(fromLogPosition(undefined)).toBe(0);
  });

  it('refuses a position a number cannot hold exactly', () => {
    expect(() => fromLogPosition({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(/beyond/);
  });
});

describe('KurrentDB connection strings', () => {
  it('accepts kurrentdb and esdb spellings, handing the client its own scheme', () => {
    expect(kurrentConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
    expect(kurrentConnectionString('esdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
    expect(kurrentConnectionString('esdb+discover://a:2113,b:2113')).toBe('kurrentdb+discover://a:2113,b:2113');
    expect(kurrentConnectionString('kurrent+discover://a:2113')).toBe('kurrent+discover://a:2113');
  });

  it('refuses another scheme without repeating the string (it may hold a password)', () => {
    expect(() => kurrentConnectionString('postgres://user:secret@host/db')).toThrow(/starts with kurrentdb:\/\//);
    expect(() => kurrentConnectionString('postgres://user:secret@host/db')).not.toThrow(/secret/);
  });
});
