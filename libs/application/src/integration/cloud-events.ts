import { CATALOG_BY_TYPE, CatalogEntry, EVENT_CATALOG, FieldClass, FieldClassification } from '@wijkzorg/domain';
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

/** The pseudonym kind of a person-pointing id: the field name without `Id` (clientId → client). */
/** Ids of the same kind of person share one pseudonym whatever the field is called (toClientId, previousStaffId, a teamleider's decidedBy). */
const PSEUDONYM_KIND_OF_FIELD: Record<string, string> = { decidedBy: 'staff' };
const pseudonymKind = (field: string) => PSEUDONYM_KIND_OF_FIELD[field] ?? /(client|staff|offer)Id$/i.exec(field)?.[1].toLowerCase() ?? (field.endsWith('Id') ? field.slice(0, -2) : field);

/**
 * The public form of event data, by the catalog's classification: coded and aggregate-safe fields as
 * they are, pseudonymous ids as keyed pseudonyms, and nothing else — identifying fields, personal text
 * and any field the catalog does not classify are left out.
 */
export function publicData(fields: FieldClassification, data: unknown, pseudonyms: Pseudonymizer, prefix = ''): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const published = publicValue(fields, path, key, value, pseudonyms);
    if (published !== OMITTED) out[key] = published;
  }
  return out;
}

const OMITTED = Symbol('omitted');

/** Every path that is classified or has classified paths inside it (`homes`, `homes[]`, `homes[].address`), per classification. */
const CONTAINERS = new WeakMap<FieldClassification, Set<string>>();
function classifiedAtOrUnder(fields: FieldClassification, path: string): boolean {
  let paths = CONTAINERS.get(fields);
  if (!paths) {
    paths = new Set<string>();
    for (const classified of Object.keys(fields)) {
      const segments = classified.split('.');
      segments.forEach((segment, i) => {
        const prefix = [...segments.slice(0, i), segment].join('.');
        paths!.add(prefix);
        if (prefix.endsWith('[]')) paths!.add(prefix.slice(0, -2));
      });
    }
    CONTAINERS.set(fields, paths);
  }
  return paths.has(path);
}

function publicValue(fields: FieldClassification, path: string, key: string, value: unknown, pseudonyms: Pseudonymizer): unknown {
  if (Object.hasOwn(fields, path)) return publishedAs(fields[path], key, value, pseudonyms);
  if (!classifiedAtOrUnder(fields, path)) return OMITTED;
  if (Array.isArray(value)) {
    const items = `${path}[]`;
    const mapped = value.map((item) => (Object.hasOwn(fields, items) ? publishedAs(fields[items], key, item, pseudonyms) : item !== null && typeof item === 'object' ? publicData(fields, item, pseudonyms, items) : OMITTED));
    return mapped.filter((v) => v !== OMITTED);
  }
  if (value !== null && typeof value === 'object') return publicData(fields, value, pseudonyms, path);
  return OMITTED;
}

function publishedAs(fieldClass: FieldClass | undefined, key: string, value: unknown, pseudonyms: Pseudonymizer): unknown {
  if (fieldClass === 'coded' || fieldClass === 'aggregate_safe') return value;
  if (fieldClass === 'pseudonymous_id' && typeof value === 'string') return pseudonyms.pseudonym(pseudonymKind(key), value);
  return OMITTED;
}

/** The public form of a recorded event, or null for internal events (access log, API keys). */
export function toIntegrationEvent(e: RecordedEvent, pseudonyms: Pseudonymizer): IntegrationEvent | null {
  const entry = CATALOG_BY_TYPE.get(e.type);
  if (!entry || entry.internal) return null;
  const data = publicData(entry.fields, e.data, pseudonyms);
  const d = e.data as Record<string, string>;
  const subject = e.streamId.startsWith('client-') ? `client/${pseudonyms.pseudonym('client', d.clientId)}` : e.streamId.startsWith('wooncirkel-') ? `wooncirkel/${d.wooncirkelId}` : e.streamId.startsWith('budget-pot-') ? `budget-pot/${d.potId}` : `wijk/${d.wijkCode}`;
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
  return PUBLIC_EVENTS.filter((e) => (!filter.categories?.length || filter.categories.includes(e.category)) && (!filter.types?.length || filter.types.includes(e.type) || filter.types.includes(integrationType(e)))).map((e) => e.type);
}
