import { rule } from './domain-error';

/**
 * CBS wijk code: 'WK' + 4-digit gemeente code + 2 positions, digits (WK047901) or, where a gemeente has
 * 100 or more wijken, upper-case letters and digits (Amsterdam: WK0363TA for Bijlmer-Centrum).
 */
export const WIJK_CODE_PATTERN = /^WK\d{4}[0-9A-Z]{2}$/;
/** CBS gemeente code: 'GM' + 4 digits, e.g. GM0363. */
export const GEMEENTE_CODE_PATTERN = /^GM\d{4}$/;

export function gemeenteCodeOfWijk(wijkCode: string): string {
  return `GM${wijkCode.slice(2, 6)}`;
}

export function assertWijkCode(value: string, field: string): void {
  rule(WIJK_CODE_PATTERN.test(value), 'invalid_wijk_code', `${field} must be a CBS wijk code: WK + 4-digit gemeente code + 2 digits or capitals, like WK047901 or WK0363TA`, field);
}

/** The largest amount one command may carry: € 1 bn. Sums of many such amounts stay far below 2^53. */
export const MAX_CENTS = 100_000_000_000;

export function assertCents(value: number, field: string, { positive = false } = {}): void {
  rule(Number.isSafeInteger(value) && value >= 0, 'invalid_amount', `${field} must be a non-negative integer number of euro cents`, field);
  rule(value <= MAX_CENTS, 'invalid_amount', `${field} must be at most ${MAX_CENTS} cents (€ 1 bn)`, field);
  if (positive) rule(value > 0, 'invalid_amount', `${field} must be more than zero cents`, field);
}

/** The one shape of a UTC time in this house (validation, stored checkpoints, generated schemas): seconds, up to milliseconds, Z. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** No effective time lies before this: it keeps month series bounded and refuses year 0000. */
export const EARLIEST_TIME = '1900-01-01T00:00:00Z';

/**
 * Why `value` is not a usable ISO-8601 UTC time, or null when it is: the pattern, a real calendar
 * date and clock time (Date.parse rolls 2026-02-30 over to March 2, so the date must survive a round trip),
 * and not before EARLIEST_TIME.
 */
export function isoUtcProblem(value: unknown, field: string): string | null {
  const expected = `${field} must be an ISO-8601 UTC time like 2026-01-31T09:00:00Z`;
  if (typeof value !== 'string' || !ISO_UTC_PATTERN.test(value)) return expected;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19)) return `${field} must be a real calendar date and time (${value.slice(0, 19)} does not exist)`;
  if (ms < Date.parse(EARLIEST_TIME)) return `${field} must not lie before ${EARLIEST_TIME}`;
  return null;
}

export function assertIsoUtc(value: string, field: string): void {
  const problem = isoUtcProblem(value, field);
  rule(problem === null, 'invalid_time', problem ?? '', field);
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

/** Default and largest lengths of free text (characters). */
export const MAX_TEXT_LENGTH = 2000;

/** Control characters (C0, DEL, C1) and the Unicode line/paragraph separators; tab and new lines only where notes may span lines. */
// Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069) can make text display as something else.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_NOTE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
/** Characters that render as nothing: whitespace, zero-width and other format characters, fillers. */
// eslint-disable-next-line no-misleading-character-class -- the Hangul fillers and combining grapheme joiner are listed one by one on purpose
const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\u034F]/gu;

/**
 * Why `value` is not acceptable free text, or null when it is: a string with something visible in it,
 * no control characters (a newline only when `multiline`), at most `max` characters.
 */
/** No lone surrogate halves (they cannot be encoded as UTF-8). */
const isWellFormed = (value: string) => !/\p{Cs}/u.test(value);

export function textProblem(value: unknown, field: string, { max = MAX_TEXT_LENGTH, multiline = false } = {}): string | null {
  if (typeof value !== 'string') return `${field} must be text`;
  if (value.length > max) return `${field} must be at most ${max} characters`;
  if ((multiline ? CONTROL_IN_NOTE : CONTROL_IN_LINE).test(value) || !isWellFormed(value)) return `${field} must not contain control characters${multiline ? ' (other than new lines)' : ''}`;
  if (value.replace(INVISIBLE, '').length === 0) return `${field} must not be blank`;
  return null;
}

export function assertText(value: string, field: string, options: { max?: number; multiline?: boolean } = {}): void {
  const problem = textProblem(value, field, options);
  rule(problem === null, 'invalid_text', problem ?? '', field);
}

/** What released budget is for: coded, so it can be published and grouped by without free text. */
export const BUDGET_PURPOSES = ['woonkosten', 'dagbesteding', 'vervoer', 'schulden', 'zorg_begeleiding', 'inrichting', 'opleiding_werk', 'overig'] as const;
export type BudgetPurpose = (typeof BUDGET_PURPOSES)[number];

/** Kinds of daginvulling (day activities). */
export const DAGINVULLING_ACTIVITIES = ['dagbesteding', 'vrijwilligerswerk', 'betaald_werk', 'opleiding', 'sport_bewegen', 'creatief', 'tuin_natuur', 'koken_maaltijd', 'ontmoeting', 'klussen_techniek', 'overig'] as const;
export type DaginvullingActivity = (typeof DAGINVULLING_ACTIVITIES)[number];

/** A provider code (zorgaanbieder, buurthuis, club): lower-case letters, digits and hyphens, e.g. prov-leviaan. Not a name of a person. */
export const PROVIDER_CODE_PATTERN = /^[a-z][a-z0-9-]{1,49}$/;
/** Organisations (housing corporations, providers) are named by such a code, never by free text, so nothing personal can ride along. */
export const ORGANISATION_CODE_PATTERN = PROVIDER_CODE_PATTERN;
/** What a v1 event's free-text provider reads as: the provider is not known as a code. */
export const UNKNOWN_PROVIDER = 'onbekend';
