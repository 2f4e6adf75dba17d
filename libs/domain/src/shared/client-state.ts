import type { ClosureReason } from '../closure/closure';
import type { PlannedStepState } from '../planning/planning';
import type { InformalSupportState, NetworkMemberState } from '../network/network';
import type { AccessExceptionState, IndicatieRequestState, IndicatieState } from '../toegang/toegang';

/** How much professional care a client gets ('geen': none, informal support only), apart from where the client lives. */
export const CARE_INTENSITIES = ['geen', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur'] as const;
export type CareIntensity = (typeof CARE_INTENSITIES)[number];
/** Where the client lives: a change of intensity never changes it; only a move event does. */
export const CARE_SETTINGS = ['eigen_woning_in_cirkel', 'clusterwoning', 'elders'] as const;
export type CareSetting = (typeof CARE_SETTINGS)[number];
/** Any professional care takes a place in the wooncirkel's team. */
export const needsTeamPlace = (intensity: CareIntensity) => intensity !== 'geen';
export const intensityRank = (intensity: CareIntensity) => CARE_INTENSITIES.indexOf(intensity);
/** In a home of their own (in the circle or a cluster home): care comes to the client there. */
export const livesInOwnHome = (setting: CareSetting) => setting !== 'elders';

/** Why a client moved (every change of setting or home is one move event with one of these). */
/** `afsluiting`: the client left the home because the trajectory was closed (written by the closure itself). */
export const MOVE_REASONS = ['passende_woning', 'uitstroom_intramuraal', 'zorgvraag_veranderd', 'eigen_wens', 'woning_ongeschikt', 'huisuitzetting', 'buiten_regio', 'afsluiting', 'overig'] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

export const LIFE_DOMAINS = ['wonen', 'begeleiding_zorg', 'daginvulling', 'financien'] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];

export const URGENCIES = ['regulier', 'hoog', 'acuut'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const REFERRAL_SOURCES = ['huisarts', 'wijkteam', 'ggz', 'politie', 'woningcorporatie', 'gemeente', 'ziekenhuis', 'zelfmelding', 'naaste'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Who pays for care: each law's funder, the centrumgemeente's beschermd wonen, the gemeente's maatwerk and project (flex) budgets. */
export const FUNDERS = ['wmo', 'wmo_beschermd_wonen', 'wlz', 'zvw', 'participatiewet', 'forensische_zorg', 'gemeente_maatwerk', 'project'] as const;
export type Funder = (typeof FUNDERS)[number];
/** Funders of earlier versions that do not pay for adult care: readable in history, refused in new commands. */
export const FORMER_FUNDERS = ['jeugdwet', 'woningcorporatie'] as const;
export type FormerFunder = (typeof FORMER_FUNDERS)[number];
/** A funder as it may appear in stored events and state. */
export type AnyFunder = Funder | FormerFunder;

export const RECIPROCITY_CONTRIBUTIONS = ['boodschappen', 'oppassen', 'klusjes', 'gezelschap', 'tuinieren', 'vervoer', 'koken'] as const;
export type ReciprocityContribution = (typeof RECIPROCITY_CONTRIBUTIONS)[number];

/** Where the client is served: the wooncirkel, its wijk, team and provider. */
export interface Placement {
  wooncirkelId: string;
  wijkCode: string;
  teamId: string;
  providerId: string;
}

export interface HousingOfferState {
  offerId: string;
  homeId: string;
  wooncirkelId: string;
  wijkCode: string;
  corporation: string;
  /** 'withdrawn': another offer was accepted, so this one lapsed (its home reservation is given back). */
  status: 'open' | 'declined' | 'accepted' | 'withdrawn';
}

export interface BudgetLine {
  year: number;
  funder: AnyFunder;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  settled: boolean;
}
export interface BudgetReleaseState {
  releaseId: string;
  year: number;
  funder: AnyFunder;
  purpose: string;
  amountCents: number;
  spentCents: number;
  /** Paid from a budget pot (the gemeente's flex pot), not from the client's own allocation. */
  potId?: string;
}

export interface ClientState {
  registered: boolean;
  /** Personal data erased (AVG art. 17): the trajectory is closed for new commands. */
  erased?: boolean;
  clientId?: string;
  /** When the intake happened: nothing in the trajectory takes effect before it. */
  registeredAt?: string;
  placement?: Placement;
  preferredWijk?: string;
  urgency?: Urgency;
  intensity: CareIntensity;
  setting: CareSetting;
  holdsTeamPlace: boolean;
  waiting: {
    care?: { requestedIntensity: CareIntensity; since: string };
    housing?: { since: string };
    daginvulling?: { since: string };
    /** A transfer into a full team waits for a place there (the target team's wachtlijst). */
    transfer?: { toWooncirkelId: string; since: string };
  };
  waitingPaused: boolean;
  waitingForPreference: boolean;
  offers: Record<string, HousingOfferState>;
  match?: { homeId: string; wooncirkelId: string; wijkCode: string; offerId?: string };
  home?: { homeId: string; wooncirkelId: string; since: string };
  /** Wederkerigheid: what the client agreed to contribute to the wijk (at the match, changed by agreement since). */
  reciprocity?: { agreed: ReciprocityContribution[]; since: string };
  budgetLines: Record<string, BudgetLine>;
  releases: Record<string, BudgetReleaseState>;
  cases: Record<string, { status: 'open' | 'closed'; decisions: number; escalatedAt?: string }>;
  /** Indicaties and beschikkingen by indicatieId (legal access, libs/domain/src/toegang). */
  indicaties: Record<string, IndicatieState>;
  /** Aanvragen for an indicatie by requestId: open until issued, refused or withdrawn (the client waits meanwhile). */
  indicatieRequests: Record<string, IndicatieRequestState>;
  /** Care started without an indicatie (acute or doorbraaktafel), by exceptionId, until regularised. */
  accessExceptions: Record<string, AccessExceptionState>;
  /** The client's network and the informal support it gives (libs/domain/src/network). */
  networkMembers: Record<string, NetworkMemberState>;
  informalSupports: Record<string, InformalSupportState>;
  referrals: Record<string, 'made' | 'avoided'>;
  /** Afsluiting: the trajectory is closed for new commands (see assertNotClosed). */
  closed?: { reason: ClosureReason; at: string };
  plannedSteps: Record<string, PlannedStepState>;
  /** The client's vaste begeleider (a staff code of its wooncirkel's team); a transfer ends it. */
  begeleider?: { staffId: string; since: string };
}

export const initialClientState: ClientState = {
  registered: false,
  intensity: 'geen',
  setting: 'elders',
  holdsTeamPlace: false,
  waiting: {},
  waitingPaused: false,
  waitingForPreference: false,
  offers: {},
  budgetLines: {},
  releases: {},
  cases: {},
  indicaties: {},
  indicatieRequests: {},
  accessExceptions: {},
  networkMembers: {},
  informalSupports: {},
  referrals: {},
  plannedSteps: {},
};

/** The state's maps keyed by user-chosen ids: kept prototype-less (see withPrototypeSafeMaps). */
export const CLIENT_ID_MAPS = ['offers', 'budgetLines', 'releases', 'cases', 'indicaties', 'indicatieRequests', 'accessExceptions', 'networkMembers', 'informalSupports', 'referrals', 'plannedSteps'] as const;

export const budgetLineKey = (year: number, funder: string) => `${year}:${funder}`;
export const clientStream = (clientId: string) => `client-${clientId}`;
