export const ACTOR_ROLES = ['zorgprofessional', 'doorbraaktafel', 'woningcorporatie', 'auditor', 'beleidsmaker', 'integrator', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Who issued a command: recorded on every event so auditors can see who decided. */
export interface Actor {
  role: ActorRole;
  id: string;
  /** For zorgprofessionals: the wooncirkels whose clients this actor may act for. */
  wooncirkels?: string[];
}
