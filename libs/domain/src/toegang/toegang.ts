import { Actor, DecisionContext, DomainError, EventOf, event, rule, gemeenteCodeOfWijk, ORGANISATION_CODE_PATTERN } from '../shared';
import { CARE_INTENSITIES, CareIntensity, ClientState, intensityRank } from '../shared/client-state';
import { accessRegionOf } from './regions';

/**
 * Legal access (toegang): the indicatie or beschikking that gives a client a right to care under a law,
 * and the marked exceptions when care had to start before it was there.
 */
export const WETTEN = ['wmo', 'wlz', 'zvw', 'participatiewet', 'forensisch'] as const;
export type Wet = (typeof WETTEN)[number];

/** The care intensities an indicatie can cover: every intensity of professional care ('geen' needs no access). */
export type AccessIntensity = Exclude<CareIntensity, 'geen'>;
export const ACCESS_INTENSITIES: readonly AccessIntensity[] = CARE_INTENSITIES.filter((i): i is AccessIntensity => i !== 'geen');

/** Licht ambulant support is an algemene voorziening (Wmo art. 1.1.1): open without an indicatie. */
export const needsIndicatie = (intensity: CareIntensity): intensity is 'intensief_ambulant' | 'zorg_24uur' => intensity === 'intensief_ambulant' || intensity === 'zorg_24uur';

/** The products each law grants, coded, with the highest intensity each can cover. */
export const PRODUCTS: Readonly<Record<Wet, Readonly<Record<string, AccessIntensity>>>> = {
  wmo: { begeleiding_individueel: 'intensief_ambulant', begeleiding_groep: 'intensief_ambulant', dagbesteding: 'intensief_ambulant', kortdurend_verblijf: 'zorg_24uur', beschermd_wonen: 'zorg_24uur' },
  wlz: { ggz_wonen: 'zorg_24uur', vg_wonen: 'zorg_24uur', lg_wonen: 'zorg_24uur', vv_wonen: 'zorg_24uur', volledig_pakket_thuis: 'zorg_24uur', modulair_pakket_thuis: 'zorg_24uur' },
  zvw: { wijkverpleging: 'zorg_24uur', ggz_behandeling: 'intensief_ambulant' },
  participatiewet: { beschut_werk: 'intensief_ambulant', re_integratie: 'intensief_ambulant', loonkostensubsidie: 'licht_ambulant' },
  forensisch: { forensisch_beschermd_wonen: 'zorg_24uur', forensisch_ambulant: 'intensief_ambulant' },
};
export const productsOf = (wet: Wet): string[] => Object.keys(PRODUCTS[wet]);

export const VOLUME_UNITS = ['uur_per_week', 'dagdeel_per_week', 'etmaal_per_week', 'minuten_per_week', 'traject'] as const;
export type VolumeUnit = (typeof VOLUME_UNITS)[number];
/** A week has 168 hours, 14 dagdelen, 7 etmalen, 10 080 minutes: no volume beyond that. */
const MAX_VOLUME: Record<VolumeUnit, number> = { uur_per_week: 168, dagdeel_per_week: 14, etmaal_per_week: 7, minuten_per_week: 10_080, traject: 10 };

/** In whose name an indicatie was issued. */
export const ISSUER_ROLES = ['gemeente', 'centrumgemeente', 'zorgkantoor', 'wijkverpleegkundige', 'justitie'] as const;
export type IssuerRole = (typeof ISSUER_ROLES)[number];

export const INDICATIE_END_REASONS = ['doel_bereikt', 'herindicatie', 'verhuisd_buiten_gemeente', 'overgang_andere_wet', 'overleden', 'op_verzoek_client', 'ingetrokken_onjuiste_gegevens', 'titel_vervallen'] as const;
export type IndicatieEndReason = (typeof INDICATIE_END_REASONS)[number];

/** Why the issuer refused an aanvraag (no beschikking given). */
export const INDICATIE_REFUSAL_REASONS = ['geen_recht', 'voorliggende_voorziening', 'andere_wet', 'onvoldoende_gegevens', 'niet_bevoegd'] as const;
export type IndicatieRefusalReason = (typeof INDICATIE_REFUSAL_REASONS)[number];
/** Why the requester withdrew an aanvraag. */
export const INDICATIE_WITHDRAWAL_REASONS = ['op_verzoek_client', 'niet_meer_nodig', 'andere_route', 'verhuisd_buiten_gemeente'] as const;
export type IndicatieWithdrawalReason = (typeof INDICATIE_WITHDRAWAL_REASONS)[number];
/**
 * The legal decision term of an aanvraag, in days: a Wmo beschikking within 8 weeks of the melding (6 weeks
 * onderzoek, art. 2.3.2, and 2 weeks for the beschikking, art. 2.3.5), the CIZ on a Wlz aanvraag within 6 weeks.
 */
export const DECISION_TERM_DAYS: Readonly<Record<Wet, number>> = { wmo: 56, wlz: 42, zvw: 56, participatiewet: 56, forensisch: 56 };

/** Why care started without an indicatie: the client is acute (incl. verward gedrag), or the doorbraaktafel decided. */
export const ACCESS_EXCEPTION_GROUNDS = ['acuut', 'doorbraaktafel'] as const;
export type AccessExceptionGrounds = (typeof ACCESS_EXCEPTION_GROUNDS)[number];
/**
 * An exception must be regularised within 8 weeks of the step: the Wmo gives the gemeente 6 weeks for the
 * onderzoek and 2 for the beschikking after the melding (Wmo 2015 art. 2.3.2 and 2.3.5); the CIZ decides
 * on a Wlz aanvraag within 6 weeks. After that it is overdue.
 */
export const REGULARISATION_DAYS = 56;

/** A calendar date 'YYYY-MM-DD' that exists. */
export const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export function calendarDateProblem(value: unknown, field: string): string | null {
  if (typeof value !== 'string' || !CALENDAR_DATE_PATTERN.test(value)) return `${field} must be a calendar date like 2026-03-01`;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return `${field} must be a real calendar date (${value} does not exist)`;
  if (value < '1900-01-01' || value > '2100-12-31') return `${field} must lie between 1900 and 2100`;
  return null;
}
function assertCalendarDate(value: string, field: string) {
  const problem = calendarDateProblem(value, field);
  rule(problem === null, 'invalid_date', problem ?? '', field);
}

export interface IndicatieState {
  indicatieId: string;
  wet: Wet;
  product: string;
  issuer: string;
  issuerRole: IssuerRole;
  validFrom: string;
  /** Inclusive; an early end moves it forward. */
  validUntil: string;
  covers: AccessIntensity[];
  ended?: { reason: IndicatieEndReason; on: string };
}

/** An open aanvraag: the client waits for the issuer's decision. */
export interface IndicatieRequestState {
  requestId: string;
  wet: Wet;
  product: string;
  issuer: string;
  issuerRole: IssuerRole;
  requestedAt: string;
}

export interface AccessExceptionState {
  exceptionId: string;
  grounds: AccessExceptionGrounds;
  intensity: AccessIntensity;
  stepAt: string;
  regulariseBefore: string;
  regularisedBy?: string;
}

export interface IssueIndicatie {
  type: 'IssueIndicatie';
  indicatieId: string;
  wet: Wet;
  product: string;
  validFrom: string;
  validUntil: string;
  volume: { unit: VolumeUnit; amount: number };
  covers: AccessIntensity[];
  /** Forensisch only: the organisation code of the body that gave the justitiële titel (e.g. nifp, reclassering-nl). */
  issuer?: string;
  /** The aanvraag this indicatie decides (its wait ends), if there was one. */
  requestId?: string;
}
export interface EndIndicatie {
  type: 'EndIndicatie';
  indicatieId: string;
  reason: IndicatieEndReason;
  /** The last day it is valid. */
  endsOn: string;
}
/** A professional or the wijkteam asks the competent issuer for an indicatie (the aanvraag): the client waits for the decision. */
export interface RequestIndicatie {
  type: 'RequestIndicatie';
  requestId: string;
  wet: Wet;
  product: string;
  /** The care intensity the aanvraag is for. */
  requestedIntensity: AccessIntensity;
  /** Forensisch only: the justitiële body asked. */
  issuer?: string;
}
export interface RefuseIndicatieRequest {
  type: 'RefuseIndicatieRequest';
  requestId: string;
  reason: IndicatieRefusalReason;
}
export interface WithdrawIndicatieRequest {
  type: 'WithdrawIndicatieRequest';
  requestId: string;
  reason: IndicatieWithdrawalReason;
}
export type ToegangCommand = IssueIndicatie | EndIndicatie | RequestIndicatie | RefuseIndicatieRequest | WithdrawIndicatieRequest;

/** `requestId` only when the indicatie decides an aanvraag (events before aanvragen existed have none). */
export type IndicatieIssued = EventOf<
  'IndicatieIssued',
  { clientId: string; indicatieId: string; wet: Wet; product: string; issuer: string; issuerRole: IssuerRole; validFrom: string; validUntil: string; volume: { unit: VolumeUnit; amount: number }; covers: AccessIntensity[]; wijkCode: string; requestId?: string }
>;
export type IndicatieRequested = EventOf<'IndicatieRequested', { clientId: string; requestId: string; wet: Wet; product: string; requestedIntensity: AccessIntensity; issuer: string; issuerRole: IssuerRole; requestedByRole: string; decideBefore: string; wijkCode: string }>;
export type IndicatieRequestRefused = EventOf<'IndicatieRequestRefused', { clientId: string; requestId: string; wet: Wet; reason: IndicatieRefusalReason; wijkCode: string }>;
export type IndicatieRequestWithdrawn = EventOf<'IndicatieRequestWithdrawn', { clientId: string; requestId: string; wet: Wet; reason: IndicatieWithdrawalReason; wijkCode: string }>;
export type IndicatieEnded = EventOf<'IndicatieEnded', { clientId: string; indicatieId: string; wet: Wet; reason: IndicatieEndReason; endsOn: string; wijkCode: string }>;
export type AccessExceptionRecorded = EventOf<'AccessExceptionRecorded', { clientId: string; exceptionId: string; grounds: AccessExceptionGrounds; intensity: AccessIntensity; stepAt: string; regulariseBefore: string; caseId: string | null; wijkCode: string }>;
export type AccessRegularised = EventOf<'AccessRegularised', { clientId: string; exceptionId: string; indicatieId: string; wet: Wet; late: boolean; wijkCode: string }>;
export type ToegangEvent = IndicatieIssued | IndicatieEnded | AccessExceptionRecorded | AccessRegularised | IndicatieRequested | IndicatieRequestRefused | IndicatieRequestWithdrawn;

const dateOf = (iso: string) => iso.slice(0, 10);
/** A copy of an id map without one key (kept prototype-less like the state's maps). */
const withoutKey = <T>(map: Record<string, T>, key: string): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, Object.fromEntries(Object.entries(map).filter(([k]) => k !== key)));
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().replace(/\.000Z$/, 'Z');

export const isValidOn = (indicatie: IndicatieState, date: string) => indicatie.validFrom <= date && date <= indicatie.validUntil;
const coversIntensity = (indicatie: IndicatieState, intensity: AccessIntensity) => indicatie.covers.includes(intensity);

/** On what basis a client may receive care of this intensity at this time. */
export type Access = { basis: 'geen_toegang_nodig' } | { basis: 'indicatie'; indicatieId: string } | { basis: 'ontbreekt' };

export function accessFor(state: Pick<ClientState, 'indicaties'>, intensity: CareIntensity, at: string): Access {
  if (!needsIndicatie(intensity)) return { basis: 'geen_toegang_nodig' };
  const valid = Object.values(state.indicaties ?? {}).find((i) => coversIntensity(i, intensity) && isValidOn(i, dateOf(at)));
  return valid ? { basis: 'indicatie', indicatieId: valid.indicatieId } : { basis: 'ontbreekt' };
}

/** Indicaties of one law valid on some day of the year: the funder of that law may then pay in that year. */
export function hasIndicatieInYear(state: Pick<ClientState, 'indicaties'>, wet: Wet, year: number, product?: string): boolean {
  return Object.values(state.indicaties ?? {}).some((i) => i.wet === wet && (!product || i.product === product) && i.validFrom <= `${year}-12-31` && i.validUntil >= `${year}-01-01`);
}

/**
 * The access check of a care step (called by the care-scaling decider): nothing when the step needs no
 * indicatie or has one; a marked exception when the client is acute or the doorbraaktafel decided
 * (an open case with a decision); otherwise the step is refused naming `field`.
 */
export function decideAccessForStep(state: ClientState, intensity: CareIntensity, stepAt: string, field: string): AccessExceptionRecorded[] {
  if (!needsIndicatie(intensity) || accessFor(state, intensity, stepAt).basis !== 'ontbreekt') return [];
  const decidedCase = Object.entries(state.cases).find(([, c]) => c.status === 'open' && c.decisions > 0);
  const grounds: AccessExceptionGrounds | undefined = state.urgency === 'acuut' ? 'acuut' : decidedCase ? 'doorbraaktafel' : undefined;
  rule(
    grounds,
    'indicatie_required',
    `${field}: ${intensity} needs a valid indicatie or beschikking covering it on ${dateOf(stepAt)} (Wmo begeleiding from the gemeente, beschermd wonen from the centrumgemeente, Wlz from the zorgkantoor, Zvw wijkverpleging); without one only an acute client or a doorbraaktafel decision may start it`,
    field,
  );
  const exceptionId = `uitzondering-${Object.keys(state.accessExceptions ?? {}).length + 1}`;
  const data = { clientId: state.clientId!, exceptionId, grounds, intensity, stepAt, regulariseBefore: addDays(stepAt, REGULARISATION_DAYS), caseId: grounds === 'doorbraaktafel' ? decidedCase![0] : null, wijkCode: state.placement!.wijkCode };
  return [event('AccessExceptionRecorded', data, stepAt)];
}

/** Who may issue an indicatie of this law and product for this client, and in which role; refused (422) naming why. */
function issuerOf(command: Pick<IssueIndicatie, 'wet' | 'product' | 'issuer'>, state: ClientState, actor: Actor): { issuer: string; issuerRole: IssuerRole } {
  const gemeente = gemeenteCodeOfWijk(state.placement!.wijkCode);
  const region = accessRegionOf(gemeente);
  const org = actor.organisation;
  const refuse = (who: string): never => {
    throw new DomainError('issuer_not_competent', `wet ${command.wet} (${command.product}) for a client in ${gemeente} is granted by ${who}`, 'wet');
  };
  switch (command.wet) {
    case 'wmo':
      if (command.product === 'beschermd_wonen') {
        rule(region, 'no_centrumgemeente', `no centrumgemeente for beschermd wonen is known for ${gemeente}`, 'product');
        if (actor.role !== 'gemeente' || org !== region.centrumgemeente) refuse(`the centrumgemeente ${region.centrumgemeente} (role gemeente)`);
        return { issuer: org!, issuerRole: 'centrumgemeente' };
      }
      if (actor.role !== 'gemeente' || org !== gemeente) refuse(`gemeente ${gemeente} (role gemeente)`);
      return { issuer: org!, issuerRole: 'gemeente' };
    case 'participatiewet':
      if (actor.role !== 'gemeente' || org !== gemeente) refuse(`gemeente ${gemeente} (role gemeente)`);
      return { issuer: org!, issuerRole: 'gemeente' };
    case 'wlz':
      rule(region, 'no_zorgkantoor', `no zorgkantoor is known for ${gemeente}`, 'wet');
      if (actor.role !== 'zorgkantoor' || org !== region.zorgkantoor) refuse(`the zorgkantoor ${region.zorgkantoor} (role zorgkantoor)`);
      return { issuer: org!, issuerRole: 'zorgkantoor' };
    case 'zvw':
      // Wijkverpleging is indicated by the wijkverpleegkundige (Zvw, Normenkader indicatiestelling V&VN), not by an office.
      if (actor.role !== 'zorgprofessional' || command.product !== 'wijkverpleging') refuse('the wijkverpleegkundige of the client (role zorgprofessional), for wijkverpleging only');
      return { issuer: org ?? state.placement!.providerId, issuerRole: 'wijkverpleegkundige' };
    case 'forensisch':
      // A justitiële titel is given by the court, the OM, the reclassering or the NIFP; the provider's professional records it.
      if (actor.role !== 'zorgprofessional') refuse('the recording zorgprofessional, naming the justitiële body as issuer');
      rule(command.issuer !== undefined && ORGANISATION_CODE_PATTERN.test(command.issuer), 'issuer_required', 'issuer must name the justitiële body by its organisation code (e.g. nifp, reclassering-nl)', 'issuer');
      return { issuer: command.issuer, issuerRole: 'justitie' };
  }
}

/**
 * To whom an aanvraag goes: the issuer that toegang names for this wet and product in the client's region (the
 * same competence issuerOf checks when issuing); refused (422) naming why.
 */
function competentIssuerOf(command: Pick<RequestIndicatie, 'wet' | 'product' | 'issuer'>, state: ClientState): { issuer: string; issuerRole: IssuerRole } {
  const gemeente = gemeenteCodeOfWijk(state.placement!.wijkCode);
  const region = accessRegionOf(gemeente);
  switch (command.wet) {
    case 'wmo':
      if (command.product === 'beschermd_wonen') {
        rule(region, 'no_centrumgemeente', `no centrumgemeente for beschermd wonen is known for ${gemeente}`, 'product');
        return { issuer: region.centrumgemeente, issuerRole: 'centrumgemeente' };
      }
      return { issuer: gemeente, issuerRole: 'gemeente' };
    case 'participatiewet':
      return { issuer: gemeente, issuerRole: 'gemeente' };
    case 'wlz':
      rule(region, 'no_zorgkantoor', `no zorgkantoor is known for ${gemeente}`, 'wet');
      return { issuer: region.zorgkantoor, issuerRole: 'zorgkantoor' };
    case 'zvw':
      rule(command.product === 'wijkverpleging', 'invalid_product', 'under zvw only wijkverpleging is indicated (by the wijkverpleegkundige)', 'product');
      return { issuer: state.placement!.providerId, issuerRole: 'wijkverpleegkundige' };
    case 'forensisch':
      rule(command.issuer !== undefined && ORGANISATION_CODE_PATTERN.test(command.issuer), 'issuer_required', 'issuer must name the justitiële body by its organisation code (e.g. nifp, reclassering-nl)', 'issuer');
      return { issuer: command.issuer, issuerRole: 'justitie' };
  }
}

export function decideToegang(command: ToegangCommand, state: ClientState, { now, actor }: DecisionContext): ToegangEvent[] {
  rule(state.registered, 'unknown_client', 'client has no intake', 'clientId');
  const clientId = state.clientId!;
  const wijkCode = state.placement!.wijkCode;
  switch (command.type) {
    case 'IssueIndicatie': {
      rule(!state.indicaties[command.indicatieId], 'duplicate_indicatie', `indicatie ${command.indicatieId} exists already`, 'indicatieId');
      rule(WETTEN.includes(command.wet), 'invalid_wet', `wet must be one of ${WETTEN.join(', ')}`, 'wet');
      const products = PRODUCTS[command.wet];
      rule(Object.prototype.hasOwnProperty.call(products, command.product), 'invalid_product', `product under ${command.wet} must be one of ${productsOf(command.wet).join(', ')}`, 'product');
      assertCalendarDate(command.validFrom, 'validFrom');
      assertCalendarDate(command.validUntil, 'validUntil');
      rule(command.validUntil > command.validFrom, 'invalid_period', 'validUntil must lie after validFrom', 'validUntil');
      rule(command.volume && VOLUME_UNITS.includes(command.volume.unit), 'invalid_volume_unit', `volume.unit must be one of ${VOLUME_UNITS.join(', ')}`, 'volume.unit');
      const max = MAX_VOLUME[command.volume.unit];
      rule(Number.isInteger(command.volume.amount) && command.volume.amount > 0 && command.volume.amount <= max, 'invalid_volume', `volume.amount must be a whole number from 1 to ${max} ${command.volume.unit}`, 'volume.amount');
      const covers = [...new Set(command.covers)];
      rule(covers.length > 0 && covers.every((c) => ACCESS_INTENSITIES.includes(c)), 'invalid_covers', `covers must name one or more of ${ACCESS_INTENSITIES.join(', ')}`, 'covers');
      const highest = products[command.product];
      rule(
        covers.every((c) => intensityRank(c) <= intensityRank(highest)),
        'product_does_not_cover',
        `${command.product} covers care up to ${highest}`,
        'covers',
      );
      const { issuer, issuerRole } = issuerOf(command, state, actor);
      if (command.requestId !== undefined) {
        const request = state.indicatieRequests[command.requestId];
        rule(request, 'unknown_indicatie_request', `no open aanvraag ${command.requestId}`, 'requestId');
        rule(request.wet === command.wet, 'request_mismatch', `aanvraag ${command.requestId} asked for ${request.wet}, not ${command.wet}`, 'wet');
      }
      const data = {
        clientId,
        indicatieId: command.indicatieId,
        wet: command.wet,
        product: command.product,
        issuer,
        issuerRole,
        validFrom: command.validFrom,
        validUntil: command.validUntil,
        volume: { unit: command.volume.unit, amount: command.volume.amount },
        covers,
        wijkCode,
        ...(command.requestId !== undefined ? { requestId: command.requestId } : {}),
      };
      const issued = event('IndicatieIssued', data, now);
      // A matching indicatie regularises every open exception for care it covers, from the step on.
      const regularised = Object.values(state.accessExceptions)
        .filter((x) => !x.regularisedBy && covers.includes(x.intensity) && command.validUntil >= dateOf(x.stepAt))
        .map((x) => event('AccessRegularised', { clientId, exceptionId: x.exceptionId, indicatieId: command.indicatieId, wet: command.wet, late: Date.parse(now) > Date.parse(x.regulariseBefore), wijkCode }, now));
      return [issued, ...regularised];
    }
    case 'EndIndicatie': {
      const indicatie = state.indicaties[command.indicatieId];
      rule(indicatie, 'unknown_indicatie', `indicatie ${command.indicatieId} does not exist`, 'indicatieId');
      rule(!indicatie.ended, 'indicatie_ended', `indicatie ${command.indicatieId} has ended already`, 'indicatieId');
      rule(INDICATIE_END_REASONS.includes(command.reason), 'invalid_end_reason', `reason must be one of ${INDICATIE_END_REASONS.join(', ')}`, 'reason');
      // Only who granted it may end it early: the same organisation in the same capacity.
      const sameIssuer = indicatie.issuerRole === 'wijkverpleegkundige' || indicatie.issuerRole === 'justitie' ? actor.role === 'zorgprofessional' : actor.role === (indicatie.issuerRole === 'zorgkantoor' ? 'zorgkantoor' : 'gemeente') && actor.organisation === indicatie.issuer;
      rule(sameIssuer, 'issuer_not_competent', `indicatie ${command.indicatieId} can only be ended by its issuer ${indicatie.issuer}`, 'indicatieId');
      assertCalendarDate(command.endsOn, 'endsOn');
      rule(command.endsOn >= indicatie.validFrom && command.endsOn < indicatie.validUntil, 'invalid_end', `endsOn must lie from ${indicatie.validFrom} to before ${indicatie.validUntil}`, 'endsOn');
      return [event('IndicatieEnded', { clientId, indicatieId: indicatie.indicatieId, wet: indicatie.wet, reason: command.reason, endsOn: command.endsOn, wijkCode }, now)];
    }
    case 'RequestIndicatie': {
      rule(!state.indicatieRequests[command.requestId], 'duplicate_indicatie_request', `aanvraag ${command.requestId} exists already`, 'requestId');
      // One aanvraag at a time: the client waits for one decision (a second is a change of the first, or waits for it).
      const open = Object.values(state.indicatieRequests)[0];
      rule(!open, 'indicatie_request_open', `aanvraag ${open?.requestId} is still open: withdraw it or wait for its decision`, 'requestId');
      rule(WETTEN.includes(command.wet), 'invalid_wet', `wet must be one of ${WETTEN.join(', ')}`, 'wet');
      const products = PRODUCTS[command.wet];
      rule(Object.prototype.hasOwnProperty.call(products, command.product), 'invalid_product', `product under ${command.wet} must be one of ${productsOf(command.wet).join(', ')}`, 'product');
      rule(ACCESS_INTENSITIES.includes(command.requestedIntensity), 'invalid_intensity', `requestedIntensity must be one of ${ACCESS_INTENSITIES.join(', ')}`, 'requestedIntensity');
      rule(intensityRank(command.requestedIntensity) <= intensityRank(products[command.product]), 'product_does_not_cover', `${command.product} covers care up to ${products[command.product]}`, 'requestedIntensity');
      const { issuer, issuerRole } = competentIssuerOf(command, state);
      const data = { clientId, requestId: command.requestId, wet: command.wet, product: command.product, requestedIntensity: command.requestedIntensity, issuer, issuerRole, requestedByRole: actor.role, decideBefore: addDays(now, DECISION_TERM_DAYS[command.wet]), wijkCode };
      return [event('IndicatieRequested', data, now)];
    }
    case 'RefuseIndicatieRequest': {
      const request = state.indicatieRequests[command.requestId];
      rule(request, 'unknown_indicatie_request', `no open aanvraag ${command.requestId}`, 'requestId');
      rule(INDICATIE_REFUSAL_REASONS.includes(command.reason), 'invalid_refusal_reason', `reason must be one of ${INDICATIE_REFUSAL_REASONS.join(', ')}`, 'reason');
      // Only the issuer that may grant it may refuse it.
      issuerOf({ wet: request.wet, product: request.product, issuer: request.issuerRole === 'justitie' ? request.issuer : undefined }, state, actor);
      return [event('IndicatieRequestRefused', { clientId, requestId: request.requestId, wet: request.wet, reason: command.reason, wijkCode }, now)];
    }
    case 'WithdrawIndicatieRequest': {
      const request = state.indicatieRequests[command.requestId];
      rule(request, 'unknown_indicatie_request', `no open aanvraag ${command.requestId}`, 'requestId');
      rule(INDICATIE_WITHDRAWAL_REASONS.includes(command.reason), 'invalid_withdrawal_reason', `reason must be one of ${INDICATIE_WITHDRAWAL_REASONS.join(', ')}`, 'reason');
      return [event('IndicatieRequestWithdrawn', { clientId, requestId: request.requestId, wet: request.wet, reason: command.reason, wijkCode }, now)];
    }
  }
}

export function evolveToegang(state: ClientState, e: ToegangEvent): ClientState {
  switch (e.type) {
    case 'IndicatieIssued': {
      const { clientId: _c, wijkCode: _w, volume: _v, requestId, ...indicatie } = e.data;
      return { ...state, indicaties: { ...state.indicaties, [e.data.indicatieId]: indicatie }, indicatieRequests: requestId !== undefined ? withoutKey(state.indicatieRequests, requestId) : state.indicatieRequests };
    }
    case 'IndicatieRequested': {
      const { requestId, wet, product, issuer, issuerRole } = e.data;
      return { ...state, indicatieRequests: { ...state.indicatieRequests, [requestId]: { requestId, wet, product, issuer, issuerRole, requestedAt: e.occurredAt } } };
    }
    case 'IndicatieRequestRefused':
    case 'IndicatieRequestWithdrawn':
      return { ...state, indicatieRequests: withoutKey(state.indicatieRequests, e.data.requestId) };
    case 'IndicatieEnded': {
      const current = state.indicaties[e.data.indicatieId];
      if (!current) return state;
      return { ...state, indicaties: { ...state.indicaties, [e.data.indicatieId]: { ...current, validUntil: e.data.endsOn, ended: { reason: e.data.reason, on: e.data.endsOn } } } };
    }
    case 'AccessExceptionRecorded': {
      const { exceptionId, grounds, intensity, stepAt, regulariseBefore } = e.data;
      return { ...state, accessExceptions: { ...state.accessExceptions, [exceptionId]: { exceptionId, grounds, intensity, stepAt, regulariseBefore } } };
    }
    case 'AccessRegularised': {
      const current = state.accessExceptions[e.data.exceptionId];
      if (!current) return state;
      return { ...state, accessExceptions: { ...state.accessExceptions, [e.data.exceptionId]: { ...current, regularisedBy: e.data.indicatieId } } };
    }
  }
}
