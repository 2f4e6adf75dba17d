import { DomainError } from './domain-error';
import { MAX_CENTS, assertCents, assertIsoUtc, assertText, assertWijkCode, gemeenteCodeOfWijk, isoUtcProblem, textProblem } from './values';
import { client, decide, e, errorOf, indicatie, intake } from '../client/given';
import { ClientEvent } from '../client/client';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('values: the domain refuses what the edge refuses', () => {
  it('takes CBS wijk codes as CBS writes them: two digits, or capitals where a gemeente has 100+ wijken', () => {
    for (const code of ['WK047901', 'WK0363TA', 'WK0363T1', 'WK079615']) expect(codeOf(() => assertWijkCode(code, 'wijkCode'))).toBeNull();
    for (const code of ['WK04790', 'WK0363ta', 'WK036', 'wk047901', 'WK0479011', 'GM047901', 'WK04790-']) expect(codeOf(() => assertWijkCode(code, 'wijkCode'))).toBe('invalid_wijk_code');
    expect(gemeenteCodeOfWijk('WK0363TA')).toBe('GM0363');
  });
  it('keeps cents within € 1 bn per amount', () => {
    expect(codeOf(() => assertCents(MAX_CENTS, 'amountCents'))).toBeNull();
    expect(codeOf(() => assertCents(MAX_CENTS + 1, 'amountCents'))).toBe('invalid_amount');
    expect(errorOf(decide([intake], { type: 'AllocateBudget', year: 2026, funder: 'wmo', amountCents: MAX_CENTS + 1 })).field).toBe('amountCents');
  });

  it('accepts only times that exist in the calendar, from 1900 on', () => {
    for (const ok of ['2026-01-31T09:00:00Z', '2024-02-29T23:59:59.999Z', '1900-01-01T00:00:00Z']) expect([ok, isoUtcProblem(ok, 't')]).toEqual([ok, null]);
    for (const bad of ['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-06-31T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-01T24:00:00Z', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2026-01-01T09:00:00+01:00']) {
      expect([bad, codeOf(() => assertIsoUtc(bad, 't'))]).toEqual([bad, 'invalid_time']);
    }
    const impossible = errorOf(decide([intake], { type: 'ScaleCare', toIntensity: 'licht_ambulant', reason: 'r', decidedBy: 'zp', effectiveAt: '2026-02-30T10:00:00Z', teamPlace: 'granted' }));
    expect([impossible.code, impossible.field]).toEqual(['invalid_time', 'effectiveAt']);
  });

  it('wants text with something visible in it and no control characters', () => {
    expect(textProblem('Anna de Vries', 'name')).toBeNull();
    expect(textProblem('regel 1\nregel 2', 'reason', { multiline: true })).toBeNull();
    expect(textProblem('regel 1\nregel 2', 'name')).toContain('control characters');
    for (const blank of ['', '   ', '\u200b\u200d', '\ufeff', '\u00a0', '\u3164']) expect([blank, textProblem(blank, 'name')]).toEqual([blank, 'name must not be blank']);
    for (const control of ['a\u0000', '\u001b[2J', 'x\u0085', 'x\u2028', 'x\udc00']) expect(textProblem(control, 'name')).toContain('control characters');
    expect(textProblem('x'.repeat(201), 'name', { max: 200 })).toBe('name must be at most 200 characters');
    expect(codeOf(() => assertText(' ', 'reason'))).toBe('invalid_text');
  });
});

describe('ids that Object.prototype knows are ordinary ids', () => {
  const allocated = e('BudgetAllocated', { clientId: 'c1', year: 2026, funder: 'wmo', amountCents: 100_000, wijkCode: 'WK047901' }, 2);
  it('finds no release, offer or case called constructor, toString or __proto__ unless it was made', () => {
    for (const id of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      client.given([intake, indicatie(), allocated]).when({ type: 'SpendBudget', releaseId: id, amountCents: 1, description: 'x', spentAt: '2026-02-03T10:00:00Z' }).thenThrows('unknown_release');
      client
        .given([intake])
        .when({ type: 'DeclineHousingOffer', offerId: id, reason: 'x', becauseOfPreference: false } as never)
        .thenThrows('unknown_offer');
      const released = decide([intake, indicatie(), allocated], { type: 'ReleaseBudget', releaseId: id, year: 2026, funder: 'wmo', purpose: 'zorg_begeleiding', amountCents: 10, approvedBy: 'tl', fastTrack: false, overrideAllocation: false }) as ClientEvent[];
      expect(released.map((x) => x.type)).toEqual(['BudgetReleased']);
      const spent = decide([intake, indicatie(), allocated, { ...released[0], occurredAt: '2026-02-03T10:00:00Z' }], { type: 'SpendBudget', releaseId: id, amountCents: 10, description: 'x', spentAt: '2026-02-04T10:00:00Z' }) as ClientEvent[];
      expect(spent.map((x) => x.type)).toEqual(['BudgetSpent']);
    }
  });
});
