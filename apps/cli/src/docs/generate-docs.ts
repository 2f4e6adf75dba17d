import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregateStore, CareCommands, PUBLIC_CATEGORIES, PUBLIC_EVENTS, PersonalDataCipher, Pseudonymizer, integrationType, toIntegrationEvent } from '@wijkzorg/application';
import {
  BUDGET_PURPOSES, CARE_INTENSITIES, CARE_SETTINGS, LEGACY_CARE_LEVELS, DAGINVULLING_ACTIVITIES, EVENT_CATALOG, FUNDERS, FieldClass, FieldClassification, LIFE_DOMAINS, PERSONAL_CLASSES, PROVIDER_CODE_PATTERN, RECIPROCITY_CONTRIBUTIONS,
  ISO_UTC_PATTERN, REFERRAL_SOURCES, URGENCIES, pathsOfClass,
} from '@wijkzorg/domain';
import { RecordedEvent, SqliteEventStore } from '@wijkzorg/event-store';
import { SqliteClientKeyStore } from '@wijkzorg/shared-state';
import { seedDemo } from '../seed/seed-demo';
import { teamPlaceEpisode } from '../seed/continuity-activity';
import { dump } from 'js-yaml';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  format?: string;
  enum?: readonly string[];
  pattern?: string;
  description?: string;
  'x-classification'?: FieldClass;
};

/** Code lists of coded fields, by field name, for the schema. */
const CODE_LISTS: Record<string, readonly string[]> = {
  purpose: BUDGET_PURPOSES, activity: DAGINVULLING_ACTIVITIES, funder: FUNDERS, urgency: URGENCIES, referralSource: REFERRAL_SOURCES, lifeDomains: LIFE_DOMAINS, reciprocity: RECIPROCITY_CONTRIBUTIONS,
  fromLevel: LEGACY_CARE_LEVELS, toLevel: LEGACY_CARE_LEVELS, requestedLevel: LEGACY_CARE_LEVELS, careLevel: LEGACY_CARE_LEVELS,
  fromIntensity: CARE_INTENSITIES, toIntensity: CARE_INTENSITIES, requestedIntensity: CARE_INTENSITIES, intensity: CARE_INTENSITIES,
  setting: CARE_SETTINGS, fromSetting: CARE_SETTINGS, toSetting: CARE_SETTINGS,
};
const PUBLISHED_AS: Record<FieldClass, string> = {
  identifying: 'never published', personal_text: 'never published', pseudonymous_id: 'keyed pseudonym', coded: 'as is', aggregate_safe: 'as is',
};

/** The sample schema at a catalog path (`a.b`, `a[].b`), if the samples had it. */
function sampleAt(schema: Schema | undefined, path: string): Schema | undefined {
  let at = schema;
  for (const segment of path.split('.')) {
    const list = segment.endsWith('[]');
    at = at?.properties?.[list ? segment.slice(0, -2) : segment];
    if (list) at = at?.items;
  }
  return at;
}

/**
 * The integration schema of event data, from the classification: every published field (coded,
 * aggregate-safe, pseudonymous id) with its class; its JSON type as the samples show it.
 */
function classifiedSchema(fields: FieldClassification, samples: Schema | undefined): Schema {
  const root: Schema = { type: 'object', properties: {} };
  for (const [path, fieldClass] of Object.entries(fields)) {
    if ((PERSONAL_CLASSES as FieldClass[]).includes(fieldClass)) continue;
    let node = root;
    const segments = path.split('.');
    segments.forEach((segment, i) => {
      const list = segment.endsWith('[]');
      const name = list ? segment.slice(0, -2) : segment;
      const last = i === segments.length - 1;
      node.properties ??= {};
      node.properties[name] ??= list ? { type: 'array', items: {} } : last ? {} : { type: 'object', properties: {} };
      const child = node.properties[name];
      const target = list ? child.items! : child;
      if (last) {
        const sample = sampleAt(samples, path);
        const leaf: Schema = { ...(sample?.type ? { type: sample.type } : {}), ...(sample?.format ? { format: sample.format } : {}) };
        if (fieldClass === 'pseudonymous_id') Object.assign(leaf, { type: 'string', description: 'keyed pseudonym' });
        if (fieldClass === 'coded' && CODE_LISTS[name]) leaf.enum = CODE_LISTS[name];
        if (fieldClass === 'coded' && name === 'provider') leaf.pattern = PROVIDER_CODE_PATTERN.source;
        Object.assign(target, leaf, { 'x-classification': fieldClass });
      } else if (list) {
        Object.assign(target, { type: 'object', properties: target.properties ?? {} });
      }
      node = target;
    });
  }
  withRequired(root, samples);
  return root;
}

/** Marks as required what every sample of an object carried. */
function withRequired(node: Schema, sample: Schema | undefined): void {
  if (node.properties) {
    const required = (sample?.required ?? []).filter((k) => node.properties![k]);
    if (required.length) node.required = required;
    for (const [k, child] of Object.entries(node.properties)) withRequired(child, sample?.properties?.[k]);
  }
  if (node.items) withRequired(node.items, sample?.items);
}

function infer(value: unknown): Schema {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'array', items: value.reduce<Schema | undefined>((s, v) => (s ? merge(s, infer(v)) : infer(v)), undefined) ?? {} };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return { type: 'object', properties: Object.fromEntries(entries.map(([k, v]) => [k, infer(v)])), required: entries.map(([k]) => k).sort() };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string' && ISO_UTC_PATTERN.test(value)) return { type: 'string', format: 'date-time' };
  return { type: typeof value };
}

function merge(a: Schema, b: Schema): Schema {
  const types = [...new Set([a.type, b.type].flat().filter(Boolean) as string[])].sort();
  const out: Schema = { type: types.length === 1 ? types[0] : types };
  if (a.format && a.format === b.format) out.format = a.format;
  if (a.properties || b.properties) {
    const keys = [...new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})])].sort();
    out.properties = Object.fromEntries(keys.map((k) => [k, a.properties?.[k] && b.properties?.[k] ? merge(a.properties[k], b.properties[k]) : (a.properties?.[k] ?? b.properties?.[k])!]));
    out.required = (a.required ?? []).filter((k) => (b.required ?? []).includes(k));
  }
  if (a.items || b.items) out.items = a.items && b.items ? merge(a.items, b.items) : (a.items ?? b.items);
  return out;
}

/** A seeded demo region (fixed seed, fixed dates) gives real examples and schemas for every event. */
async function sampleEvents(): Promise<RecordedEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wijkzorg-docs-'));
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
  const keys = await SqliteClientKeyStore.inDataDir(dir);
  const cipher = new PersonalDataCipher(keys);
  try {
    await seedDemo(store, { clients: 300, seed: 20261122, from: '2025-01-01T00:00:00Z', until: '2026-11-01T00:00:00Z', cipher });
    // A few facts the seed does not produce.
    const care = new CareCommands(new AggregateStore(store, () => '2026-11-01T00:00:00.000Z', cipher), keys);
    const admin = { role: 'admin' as const, id: 'docs' };
    const wooncirkelId = ((await store.readAll()).find((e) => e.type === 'WooncirkelRegistered')!.data as { wooncirkelId: string }).wooncirkelId;
    await care.changeWooncirkel(wooncirkelId, { type: 'AddHome', home: { homeId: 'docs-home', address: 'Voorbeeldstraat 1', housingType: 'zelfstandig_in_cirkel', owner: 'parteon', travelMinutesToKern: 6 } }, { actor: admin });
    await care.changeWooncirkel(wooncirkelId, { type: 'ChangeTeamCapacity', caseloadCapacity: 40 }, { actor: admin });
    // A paused wait of a trajectory still open (a closed one takes no more commands).
    const closed = new Set((await store.readAll()).filter((e) => e.type === 'TrajectoryClosed').map((e) => (e.data as { clientId: string }).clientId));
    const paused = (await store.readAll()).find((e) => e.type === 'WaitingPaused' && !closed.has((e.data as { clientId: string }).clientId));
    if (paused) await care.handleClient((paused.data as { clientId: string }).clientId, { type: 'ResumeWaiting' }, { actor: { role: 'zorgprofessional', id: 'docs', wooncirkels: ['*'] } });
    await teamPlaceEpisode(care, '2026-11-01T00:00:00.000Z');
    await care.eraseClient('cl-00001', 'avg_art_17', { actor: admin });
    return (await store.readAll()).map((e) => JSON.parse(JSON.stringify(e)));
  } finally {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function generateDocs(): Promise<{ eventsMarkdown: string; asyncapiYaml: string; missing: string[] }> {
  const samples = await sampleEvents();
  const pseudonyms = new Pseudonymizer(Buffer.from('documentation-examples-only'));
  const byType = new Map<string, RecordedEvent[]>();
  for (const e of samples) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  const sampleSchema = (type: string) =>
    (byType.get(type) ?? []).map((e) => infer(toIntegrationEvent(e, pseudonyms)!.data)).reduce<Schema | undefined>((s, x) => (s ? merge(s, x) : x), undefined);
  const example = (type: string) => {
    const e = byType.get(type)?.[0];
    if (!e) return undefined;
    return { ...toIntegrationEvent(e, pseudonyms)!, id: '00000000-0000-4000-8000-000000000000', recordedat: '2026-11-01T00:00:00.000Z' };
  };
  const missing = EVENT_CATALOG.filter((e) => !e.internal && !byType.has(e.type)).map((e) => e.type);

  const md: string[] = [
    '# Event catalog',
    '',
    'Generated by `npm run docs` from `libs/domain/src/event-catalog.ts` and a seeded demo region; do not edit by hand.',
    '',
    'Every event carries an envelope: `eventId`, `streamId`, `revision`, `globalPosition`, `type`, `schemaVersion`, `occurredAt` (when it happened), `recordedAt` (when it was recorded), `metadata.actor` (role and id: who decided), `metadata.correlationId`, `metadata.causationId`, `metadata.commandId` with `metadata.commandType` and `metadata.commandFingerprint` (what the command id is bound to; absent on older events), and a `hash` chaining it to the event before it (in the whole log in the embedded store, within its stream in EventStoreDB).',
    '',
    'Every field is classified in the catalog, and the classification decides what happens to it: `identifying` (BSN, names, addresses) and `personal_text` (free text about a person) are personal data — sealed with the client\'s own key in client streams, never published to integrators or policymakers, read as `[gewist]` after erasure; `pseudonymous_id` (ids pointing at one person) reaches integrators only as keyed pseudonyms; `coded` and `aggregate_safe` fields are published as they are. A field the catalog does not classify is never published. Older schema versions are upcast when read (`libs/application/src/upcasters.ts`).',
    '',
    '| event | version | category | stream | personal data | integrators |',
    '| --- | --- | --- | --- | --- | --- |',
    ...EVENT_CATALOG.map((e) => `| [${e.type}](#${e.type.toLowerCase()}) | ${e.version} | ${e.category} | \`${e.stream}\` | ${pathsOfClass(e.fields, PERSONAL_CLASSES).join(', ') || '–'} | ${e.internal ? 'internal' : `\`${integrationType(e)}\``} |`),
    '',
  ];
  for (const e of EVENT_CATALOG) {
    md.push(`## ${e.type}`, '', `${e.description}`, '', `- version ${e.version}, category \`${e.category}\`, stream \`${e.stream}\``);
    for (const p of e.previous ?? []) md.push(`- version ${p.version} is read as version ${e.version}: ${p.upcast}`);
    md.push('', '| field | class | to integrators |', '| --- | --- | --- |', ...Object.entries(e.fields).map(([path, c]) => `| \`${path}\` | ${c} | ${e.internal ? 'internal' : PUBLISHED_AS[c]} |`));
    const ex = e.internal ? undefined : example(e.type);
    if (ex) md.push('', 'Integration event example:', '', '```json', JSON.stringify(ex, null, 2), '```');
    md.push('');
  }

  const messages = Object.fromEntries(
    PUBLIC_EVENTS.map((e) => [
      e.type,
      {
        name: integrationType(e),
        title: e.type,
        summary: e.description,
        contentType: 'application/cloudevents+json',
        payload: {
          type: 'object',
          required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'position', 'category', 'recordedat', 'data'],
          properties: {
            specversion: { type: 'string', const: '1.0' },
            id: { type: 'string', format: 'uuid', description: 'event id: de-duplicate on it (delivery is at least once)' },
            source: { type: 'string', const: `urn:wijkzorg:${e.category}` },
            type: { type: 'string', const: integrationType(e) },
            subject: { type: 'string', description: 'client/<pseudonym>, wooncirkel/<id> or wijk/<CBS code>' },
            time: { type: 'string', format: 'date-time', description: 'when it happened' },
            datacontenttype: { type: 'string', const: 'application/json' },
            dataschema: { type: 'string', const: `urn:wijkzorg:schema:${e.type}:v${e.version}` },
            position: { type: 'integer', description: 'global log position: resume after it (SSE Last-Event-ID)' },
            category: { type: 'string', const: e.category },
            recordedat: { type: 'string', format: 'date-time', description: 'when it was recorded' },
            data: classifiedSchema(e.fields, sampleSchema(e.type)),
          },
        },
        ...(example(e.type) ? { examples: [{ payload: example(e.type) }] } : {}),
      },
    ]),
  );
  const asyncapi = {
    asyncapi: '3.0.0',
    info: {
      title: 'wijkzorg integration events',
      version: '1.0.0',
      description: 'Public, versioned, pseudonymised domain events of wijkzorg as CloudEvents 1.0 (structured JSON). No personal data: no BSN, names, free-text reasons or home addresses; client and other person-scoped ids are keyed pseudonyms. Delivery is at least once: de-duplicate on id.',
    },
    servers: { api: { host: 'localhost:3000', protocol: 'http', description: 'the wijkzorg api; authenticate with Authorization: Bearer <integrator token or API key>' } },
    channels: {
      eventStream: {
        address: '/integration/events',
        title: 'Server-Sent Events',
        description: `GET with Accept: text/event-stream. Each SSE message has id = global position, event = CloudEvents type, data = the CloudEvent. Filter with ?types= (event or CloudEvents type names) and ?categories= (${PUBLIC_CATEGORIES.join(', ')}); resume with the Last-Event-ID header (or ?after=). A comment line is sent every 15 s as heartbeat.`,
        messages: Object.fromEntries(PUBLIC_EVENTS.map((e) => [e.type, { $ref: `#/components/messages/${e.type}` }])),
      },
      webhook: {
        address: '{webhookUrl}',
        title: 'Webhook deliveries',
        description: 'POST of one CloudEvent per request to the URL registered with POST /integration/webhooks, in log order per webhook. Header X-Wijkzorg-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. A non-2xx answer or a timeout (5 s) is retried with backoff (1 s, 5 s, 30 s, 120 s); then the event goes to the dead-letter list (GET /integration/webhooks/{id}/dead-letters, redeliver with POST .../dead-letters/{eventId}/redeliver).',
        parameters: { webhookUrl: { description: 'the URL the integrator registered' } },
        messages: Object.fromEntries(PUBLIC_EVENTS.map((e) => [e.type, { $ref: `#/components/messages/${e.type}` }])),
      },
    },
    operations: {
      receiveEventStream: { action: 'receive', channel: { $ref: '#/channels/eventStream' }, summary: 'subscribe to the event stream over SSE' },
      receiveWebhook: { action: 'receive', channel: { $ref: '#/channels/webhook' }, summary: 'receive signed webhook deliveries' },
    },
    components: { messages },
  };
  return { eventsMarkdown: md.join('\n'), asyncapiYaml: toYaml(asyncapi), missing };
}

/** Plain block YAML, no anchors, long descriptions kept on one line so diffs stay readable. */
const toYaml = (document: object) => dump(document, { noRefs: true, lineWidth: -1 });
