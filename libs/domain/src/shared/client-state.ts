export const CARE_LEVELS = ['informeel', 'licht_ambulant', 'intensief_ambulant', 'zorg_24uur_thuis', 'beschermd_wonen_cluster'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];
/** Any level above informal care takes a place in the wooncirkel's professional team. */
export const needsTeamPlace = (level: CareLevel) => level !== 'informeel';
export const careLevelRank = (level: CareLevel) => CARE_LEVELS.indexOf(level);

export const LIFE_DOMAINS = ['wonen', 'begeleiding_zorg', 'daginvulling', 'financien'] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];

export const URGENCIES = ['regulier', 'hoog', 'acuut'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const REFERRAL_SOURCES = ['huisarts', 'wijkteam', 'ggz', 'politie', 'woningcorporatie', 'gemeente', 'ziekenhuis', 'zelfmelding', 'naaste'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const FUNDERS = ['wmo', 'wlz', 'zvw', 'jeugdwet', 'gemeente_maatwerk', 'woningcorporatie'] as const;
export type Funder = (typeof FUNDERS)[number];

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
  funder: Funder;
  allocatedCents: number;
  releasedCents: number;
  spentCents: number;
  settled: boolean;
}
export interface BudgetReleaseState {
  releaseId: string;
  year: number;
  funder: Funder;
  purpose: string;
  amountCents: number;
  spentCents: number;
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
  careLevel: CareLevel;
  holdsTeamPlace: boolean;
  waiting: {
    care?: { requestedLevel: CareLevel; since: string };
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
  budgetLines: Record<string, BudgetLine>;
  releases: Record<string, BudgetReleaseState>;
  cases: Record<string, { status: 'open' | 'closed'; decisions: number }>;
  /** The client's vaste begeleider (a staff code of its wooncirkel's team); a transfer ends it. */
  begeleider?: { staffId: string; since: string };
}

export const initialClientState: ClientState = {
  registered: false,
  careLevel: 'informeel',
  holdsTeamPlace: false,
  waiting: {},
  waitingPaused: false,
  waitingForPreference: false,
  offers: {},
  budgetLines: {},
  releases: {},
  cases: {},
};

/** The state's maps keyed by user-chosen ids: kept prototype-less (see withPrototypeSafeMaps). */
export const CLIENT_ID_MAPS = ['offers', 'budgetLines', 'releases', 'cases'] as const;

export const budgetLineKey = (year: number, funder: string) => `${year}:${funder}`;
export const clientStream = (clientId: string) => `client-${clientId}`;
