import { CATALOG_BY_TYPE, CatalogEntry, EVENT_CATALOG } from '@wijkzorg/domain';
import { RecordedEvent } from '@wijkzorg/event-store';
import { Pseudonymizer } from './pseudonymizer';

/** A public integration event: CloudEvents 1.0, structured JSON. */
export interface IntegrationEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /** Extensions: global log position (resume from it), capability, when it was recorded. */
  position: number;
  category: string;
  recordedat: string;
  data: Record<string, unknown>;
}

export const PUBLIC_EVENTS: CatalogEntry[] = EVENT_CATALOG.filter((e) => !e.internal);
export const PUBLIC_CATEGORIES = [...new Set(PUBLIC_EVENTS.map((e) => e.category))];
export const integrationType = (entry: Pick<CatalogEntry, 'category' | 'type' | 'version'>) => `nl.wijkzorg.${entry.category}.${entry.type}.v${entry.version}`;

/** Ids chosen by care organisations that point at one person: replaced by pseudonyms. */
const PERSON_SCOPED_IDS: Record<string, string> = { clientId: 'client', offerId: 'offer', releaseId: 'release', caseId: 'case' };

function withoutPath(value: unknown, path: string[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    const list = (value as Record<string, unknown>)[key];
    if (!Array.isArray(list)) return value;
    return { ...(value as object), [key]: list.map((item) => (rest.length ? withoutPath(item, rest) : item)) };
  }
  if (rest.length === 0) {
    const { [head]: _removed, ...kept } = value as Record<string, unknown>;
    return kept;
  }
  return { ...(value as object), [head]: withoutPath((value as Record<string, unknown>)[head], rest) };
}

function pseudonymize(value: unknown, pseudonyms: Pseudonymizer): unknown {
  if (Array.isArray(value)) return value.map((v) => pseudonymize(v, pseudonyms));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, typeof v === 'string' && PERSON_SCOPED_IDS[key] ? pseudonyms.pseudonym(PERSON_SCOPED_IDS[key], v) : pseudonymize(v, pseudonyms)]),
  );
}

/** Fields removed from every integration event on top of each type's personal data: home addresses. */
const QUASI_IDENTIFYING: Record<string, string[]> = { WooncirkelRegistered: ['homes[].address'], HomeAdded: ['home.address'] };

/** The public form of a recorded event, or null for internal events (access log, API keys). */
export function toIntegrationEvent(e: RecordedEvent, pseudonyms: Pseudonymizer): IntegrationEvent | null {
  const entry = CATALOG_BY_TYPE.get(e.type);
  if (!entry || entry.internal) return null;
  let data: unknown = e.data;
  for (const path of [...entry.personalData, ...(QUASI_IDENTIFYING[e.type] ?? [])]) data = withoutPath(data, path.split('.'));
  data = pseudonymize(data, pseudonyms);
  const d = e.data as Record<string, string>;
  const subject = e.streamId.startsWith('client-') ? `client/${pseudonyms.pseudonym('client', d.clientId)}` : e.streamId.startsWith('wooncirkel-') ? `wooncirkel/${d.wooncirkelId}` : `wijk/${d.wijkCode}`;
  return {
    specversion: '1.0',
    id: e.eventId,
    source: `urn:wijkzorg:${entry.category}`,
    type: integrationType(entry),
    subject,
    time: e.occurredAt,
    datacontenttype: 'application/json',
    dataschema: `urn:wijkzorg:schema:${entry.type}:v${entry.version}`,
    position: e.globalPosition,
    category: entry.category,
    recordedat: e.recordedAt,
    data: data as Record<string, unknown>,
  };
}

/** Event types matching a filter of categories and/or (domain or integration) type names; all public types when empty. */
export function selectEventTypes(filter: { types?: string[]; categories?: string[] }): string[] {
  return PUBLIC_EVENTS.filter(
    (e) =>
      (!filter.categories?.length || filter.categories.includes(e.category)) &&
      (!filter.types?.length || filter.types.includes(e.type) || filter.types.includes(integrationType(e))),
  ).map((e) => e.type);
}
