import { assertEffectiveTime, assertIsoUtc, rule } from '../shared';

/**
 * The neighbourhood (buurt) capability: overlast, buurtonderzoek, buurtpleinen and visits to the kern.
 * Its streams are not client streams and cannot be sealed, so they hold codes, counts and times only;
 * a client appears only as a pseudonymous id, when a professional names the client on purpose.
 */

/** Who reported the nuisance. */
export const OVERLAST_SOURCES = ['buurtbewoner', 'corporatie', 'wijkagent', 'huisarts', 'zorgaanbieder', 'wijkteam', 'welzijn', 'gemeente', 'overig'] as const;
export type OverlastSource = (typeof OVERLAST_SOURCES)[number];

export const OVERLAST_CATEGORIES = ['geluid', 'vervuiling', 'verward_gedrag', 'agressie_dreiging', 'drugs_alcohol', 'burenruzie', 'verwaarlozing_woning', 'overig'] as const;
export type OverlastCategory = (typeof OVERLAST_CATEGORIES)[number];

/** What the wijkteam decides to do; `geen_actie` stands alone. */
export const OVERLAST_RESPONSES = ['meer_ondersteuning', 'opschalen_zorg', 'bemiddeling', 'buurtonderzoek', 'afspraken_met_buurt', 'doorverwijzing', 'geen_actie'] as const;
export type OverlastResponse = (typeof OVERLAST_RESPONSES)[number];

export const OVERLAST_OUTCOMES = ['opgelost', 'verminderd', 'niet_opgelost', 'verhuisd'] as const;
export type OverlastOutcome = (typeof OVERLAST_OUTCOMES)[number];

/** Why a buurtonderzoek starts: in Breda when a client comes to live in the wijk, and when there is nuisance (source 004). */
export const BUURTONDERZOEK_REASONS = ['client_komt_wonen', 'overlast', 'signalen_uit_de_buurt', 'nieuwe_wooncirkel', 'periodiek'] as const;
export type BuurtonderzoekReason = (typeof BUURTONDERZOEK_REASONS)[number];

export const BUURT_FINDINGS = ['behoefte_aan_contact', 'eenzaamheid', 'zorgen_over_veiligheid', 'overlast', 'vooroordelen_over_clienten', 'weinig_voorzieningen', 'behoefte_aan_ontmoetingsplek', 'actieve_bewoners', 'sterke_sociale_samenhang', 'overig'] as const;
export type BuurtFinding = (typeof BUURT_FINDINGS)[number];

/** How residents and professionals were spoken to: individually or in a group (both happen in Breda). */
export const GESPREK_FORMS = ['individueel', 'groep'] as const;
export type GesprekForm = (typeof GESPREK_FORMS)[number];

export const PLAN_CHANNELS = ['bewonersavond', 'huis_aan_huis', 'buurtkrant', 'online'] as const;
export type PlanChannel = (typeof PLAN_CHANNELS)[number];

/**
 * Buurtpleinen are "groepjes van zeven à acht wijkbewoners" (Breda, source 004). A group of 6 still meets
 * (one left, a newcomer is on the way) and one of 9–10 still is a small group; below 6 or above 10 it is
 * no longer a buurtplein but a walk-in or a club, so those are refused.
 */
export const BUURTPLEIN_MIN_GROUP = 6;
export const BUURTPLEIN_MAX_GROUP = 10;

export const WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const BUURTPLEIN_END_REASONS = ['zelfstandig_verder', 'te_weinig_deelnemers', 'samengevoegd', 'overig'] as const;
export type BuurtpleinEndReason = (typeof BUURTPLEIN_END_REASONS)[number];

/** Day parts of the kern as a meeting place, with the clock times they span (HH:MM, end exclusive). */
export const DAY_PARTS = { ochtend: { from: '06:00', to: '12:00' }, middag: { from: '12:00', to: '18:00' }, avond: { from: '18:00', to: '24:00' } } as const;
export type DayPart = keyof typeof DAY_PARTS;
export const DAY_PART_NAMES = Object.keys(DAY_PARTS) as DayPart[];

/** Counts of people in one conversation, meeting or day part: whole numbers, bounded so a typo cannot swamp a month. */
export const MAX_PEOPLE_COUNT = 1000;

export function assertCount(value: number, field: string, max = MAX_PEOPLE_COUNT): void {
  rule(Number.isInteger(value) && value >= 0 && value <= max, 'invalid_count', `${field} must be a whole number 0..${max}`, field);
}

/** A calendar date YYYY-MM-DD that exists, not after today (UTC). */
export function assertPastDate(value: string, field: string, now: string): void {
  rule(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value), 'invalid_date', `${field} must be a date YYYY-MM-DD`, field);
  assertIsoUtc(`${value}T00:00:00Z`, field);
  rule(value <= now.slice(0, 10), 'date_in_future', `${field} lies in the future`, field);
}

export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

/** Whether the kern is open during some of the day part (opening hours HH:MM, as on the wooncirkel). */
export function kernOpenDuring(kern: { opensAt: string; closesAt: string }, dayPart: DayPart): boolean {
  const part = DAY_PARTS[dayPart];
  return kern.opensAt < part.to && kern.closesAt > part.from;
}

export const DAY_MS = 86_400_000;
/** Whole days between two times, rounded (a report resolved the next morning took 1 day). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** A time something happened: a valid UTC time, not in the future, and not before the start of what it belongs to. */
export function assertBuurtTime(value: string, field: string, notBefore: string | undefined, now: string): void {
  assertEffectiveTime(value, field, undefined, now);
  if (notBefore) rule(Date.parse(value) >= Date.parse(notBefore), 'time_before_start', `${field} lies before ${notBefore}, when this started`, field);
}
