/** The shapes of the event catalog (libs/domain/src/event-catalog.ts), apart so capability catalogs merged into it need not import it back. */
export type FieldClass = 'identifying' | 'personal_text' | 'pseudonymous_id' | 'coded' | 'aggregate_safe';

export type FieldClassification = Record<string, FieldClass>;

export interface CatalogEntry {
  type: string;
  /** The current schema version: what deciders write and what older versions are upcast to. */
  version: number;
  /** The capability, used as the integration-event category. */
  category: 'wijk' | 'intake' | 'care-scaling' | 'housing' | 'budget' | 'budget-pot' | 'transfer' | 'doorbraaktafel' | 'daginvulling' | 'network' | 'privacy' | 'audit' | 'toegang' | 'closure' | 'planning' | 'buurt' | 'continuity';
  stream: 'wijk-<wijkCode>' | 'wooncirkel-<wooncirkelId>' | 'client-<clientId>' | 'budget-pot-<potId>' | 'access-log-<YYYY-MM-DD>-<n>' | 'api-keys' | 'overlast-<reportId>' | 'buurtonderzoek-<onderzoekId>' | 'buurtplein-<pleinId>' | 'kern-<wooncirkelId>-<YYYY-MM>';
  /** Internal events are never published to integrators. */
  internal?: boolean;
  description: string;
  /** Every path in `data` with its class. */
  fields: FieldClassification;
  /** Older schema versions still in the log, with their classification and how they are upcast. */
  previous?: { version: number; fields: FieldClassification; upcast: string }[];
}
