/**
 * Who acts in the system. Besides care professionals: the gemeente (Wmo beschikkingen, wijk budgets, its
 * flex pot), the zorgkantoor (Wlz indicaties), welfare organisations (welzijn: buurtpleinen,
 * buurtonderzoek, informal support) and the wijkteam (the gemeente's social team in a wijk).
 */
export const ACTOR_ROLES = ['zorgprofessional', 'doorbraaktafel', 'woningcorporatie', 'gemeente', 'zorgkantoor', 'welzijn', 'wijkteam', 'auditor', 'beleidsmaker', 'integrator', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** An organisation an actor speaks for: an organisation code (parteon, zk-zilveren-kruis) or a CBS gemeente code (GM0479). */
export const ACTOR_ORGANISATION_PATTERN = /^(GM\d{4}|[a-z][a-z0-9-]{1,49})$/;

/** Who issued a command: recorded on every event so auditors can see who decided. */
export interface Actor {
  role: ActorRole;
  id: string;
  /** For zorgprofessionals: the wooncirkels whose clients this actor may act for. */
  wooncirkels?: string[];
  /**
   * The organisation the actor speaks for (token claim `org`): the corporation that owns homes, the
   * gemeente (GM code) or zorgkantoor that grants access, the welfare organisation. Rules that depend
   * on it refuse an actor without one.
   */
  organisation?: string;
}
