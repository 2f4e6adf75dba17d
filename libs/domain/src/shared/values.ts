import { rule } from './domain-error';

/** CBS wijk code: 'WK' + 4-digit gemeente code + 2-digit wijk number, e.g. WK036301. */
export const WIJK_CODE_PATTERN = /^WK\d{6}$/;
/** CBS gemeente code: 'GM' + 4 digits, e.g. GM0363. */
export const GEMEENTE_CODE_PATTERN = /^GM\d{4}$/;

export function gemeenteCodeOfWijk(wijkCode: string): string {
  return `GM${wijkCode.slice(2, 6)}`;
}

export function assertWijkCode(value: string, field: string): void {
  rule(WIJK_CODE_PATTERN.test(value), 'invalid_wijk_code', `${field} must be a CBS wijk code like WK036301`, field);
}

export function assertCents(value: number, field: string, { positive = false } = {}): void {
  rule(Number.isSafeInteger(value) && value >= 0, 'invalid_amount', `${field} must be a non-negative integer number of euro cents`, field);
  if (positive) rule(value > 0, 'invalid_amount', `${field} must be more than zero cents`, field);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export function assertIsoUtc(value: string, field: string): void {
  rule(ISO_UTC.test(value) && !Number.isNaN(Date.parse(value)), 'invalid_time', `${field} must be an ISO-8601 UTC time like 2026-01-31T09:00:00Z`, field);
}

/** Allowed clock skew for times that may not lie in the future. */
const SKEW_MS = 5 * 60_000;

/** An effective time: a valid UTC time, not before `notBefore` (e.g. the intake) and not in the future. */
export function assertEffectiveTime(value: string, field: string, notBefore: string | undefined, now: string): void {
  assertIsoUtc(value, field);
  rule(Date.parse(value) <= Date.parse(now) + SKEW_MS, 'time_in_future', `${field} lies in the future`, field);
  if (notBefore) rule(Date.parse(value) >= Date.parse(notBefore), 'time_before_intake', `${field} lies before the client's intake (${notBefore})`, field);
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export function assertClockTime(value: string, field: string): void {
  rule(HH_MM.test(value), 'invalid_clock_time', `${field} must be a time of day HH:MM`, field);
}

/** Dutch citizen service number check ("elfproef"): 9 digits, weighted sum 9..2 and -1 divisible by 11. */
export function isValidBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0 && bsn !== '000000000';
}

/** What released budget is for: coded, so it can be published and grouped by without free text. */
export const BUDGET_PURPOSES = ['woonkosten', 'dagbesteding', 'vervoer', 'schulden', 'zorg_begeleiding', 'inrichting', 'opleiding_werk', 'overig'] as const;
export type BudgetPurpose = (typeof BUDGET_PURPOSES)[number];

/** Kinds of daginvulling (day activities). */
export const DAGINVULLING_ACTIVITIES = ['dagbesteding', 'vrijwilligerswerk', 'betaald_werk', 'opleiding', 'sport_bewegen', 'creatief', 'tuin_natuur', 'koken_maaltijd', 'ontmoeting', 'klussen_techniek', 'overig'] as const;
export type DaginvullingActivity = (typeof DAGINVULLING_ACTIVITIES)[number];

/** A provider code (zorgaanbieder, buurthuis, club): lower-case letters, digits and hyphens, e.g. prov-leviaan. Not a name of a person. */
export const PROVIDER_CODE_PATTERN = /^[a-z][a-z0-9-]{1,49}$/;
/** What a v1 event's free-text provider reads as: the provider is not known as a code. */
export const UNKNOWN_PROVIDER = 'onbekend';
