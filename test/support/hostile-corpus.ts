/**
 * A hand-written corpus of hostile inputs for the adversarial suite, and a body builder that
 * follows the OpenAPI document so new routes and new fields are covered without editing this file.
 */

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  allOf?: Schema[];
};
export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** Express style: /clients/:clientId */
  path: string;
  pathParams: string[];
  queryParams: string[];
  body?: Schema;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        // Paths as the controllers declare them (without /v1): callers reach them through the aliases, as clients of the previous release do.
        path: path.replace(/^\/v1(?=\/)/, '').replace(/\{(\w+)\}/g, ':$1'),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

export const resolve = (doc: OpenApiDoc, s: Schema | undefined): Schema | undefined => {
  if (!s) return s;
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  if (s.allOf?.length === 1) return resolve(doc, s.allOf[0]);
  return s;
};

const ID_PATTERN = /^\^\[A-Za-z0-9\]/;

/**
 * A body the schema accepts: `wanted` values win where the schema allows them (an enum that does not
 * list the wanted value gets its first value; fields the schema does not know are dropped), and every
 * required field that is missing is made up. `text` names made-up free text, so callers can trace it.
 */
export function conformingBody(doc: OpenApiDoc, schema: Schema | undefined, wanted: Record<string, unknown>, text: (field: string) => string, seedId = 'adv'): Record<string, unknown> {
  const s = resolve(doc, schema);
  if (!s || !s.properties) return { ...wanted };
  const out: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(s.properties)) {
    const prop = resolve(doc, raw)!;
    const has = Object.prototype.hasOwnProperty.call(wanted, field);
    const value = has ? wanted[field] : undefined;
    if (has) {
      out[field] = fit(doc, prop, value, text, seedId);
    } else if (s.required?.includes(field)) {
      out[field] = madeUp(doc, prop, text, field, seedId);
    }
  }
  return out;
}

function fit(doc: OpenApiDoc, prop: Schema, value: unknown, text: (field: string) => string, seedId: string): unknown {
  if (prop.enum) return prop.enum.includes(value) ? value : prop.enum[0];
  if (prop.type === 'array' && Array.isArray(value)) {
    const items = resolve(doc, prop.items);
    if (items?.enum) {
      const kept = value.filter((v) => items.enum!.includes(v));
      return kept.length ? kept : [items.enum[0]];
    }
    if (items?.properties) return value.map((v) => conformingBody(doc, items, v as Record<string, unknown>, text, seedId));
    return value;
  }
  if (prop.properties && value && typeof value === 'object') return conformingBody(doc, prop, value as Record<string, unknown>, text, seedId);
  return value;
}

function madeUp(doc: OpenApiDoc, prop: Schema, text: (field: string) => string, field: string, seedId: string): unknown {
  if (prop.enum) return prop.enum[0];
  if (prop.properties) return conformingBody(doc, prop, {}, text, seedId);
  switch (prop.type) {
    case 'number':
    case 'integer':
      return Math.max(prop.minimum ?? 0, Math.min(prop.maximum ?? 1, 1));
    case 'boolean':
      return false;
    case 'array': {
      const items = resolve(doc, prop.items);
      return items?.enum ? [items.enum[0]] : [];
    }
    default:
      if (prop.format === 'date-time') return new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      if (prop.pattern && /WK/.test(prop.pattern)) return 'WK047901';
      if (prop.pattern && /GM/.test(prop.pattern)) return 'GM0479';
      if (prop.pattern && ID_PATTERN.test(prop.pattern)) return `${seedId}-${field}`;
      return text(field);
  }
}

/** Names that are properties of every plain JavaScript object. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf'];

/** JSON nested `depth` levels deep, as text (JSON.stringify would recurse). */
export const deepJson = (depth: number) => `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

/** A JSON body just over 1 MiB. */
export const oversizedJson = () => JSON.stringify({ reason: 'x'.repeat(1_100_000) });

/** Free text that carries no meaning or hides control characters; a required text field must refuse each. */
export const MEANINGLESS_TEXT: [string, string][] = [
  ['empty', ''],
  ['blank', '   '],
  ['tabs and newlines only', '\t\n\r'],
  ['zero-width space', '\u200b'],
  ['zero-width joiners', '\u200d\u200c\u2060'],
  ['byte-order mark', '\ufeff'],
  ['NUL', 'a\u0000b'],
  ['bell', 'reden\u0007'],
  ['escape sequence', 'reden \u001b[31mrood'],
  ['right-to-left override', 'reden \u202e gnidrocer'],
];

export const IMPOSSIBLE_TIMES: [string, string][] = [
  ['30 February', '2026-02-30T00:00:00Z'],
  ['month 13', '2026-13-01T00:00:00Z'],
  ['hour 25', '2026-03-01T25:00:00Z'],
  ['year 0000', '0000-01-01T00:00:00Z'],
  ['no zone', '2026-03-01T09:00:00'],
  ['offset instead of Z', '2026-03-01T09:00:00+02:00'],
];

/** Numbers no command should take as a count or an amount. */
export const HOSTILE_NUMBERS: [string, unknown][] = [
  ['2^60', 2 ** 60],
  ['1e20', 1e20],
  ['-1', -1],
  ['0.5', 0.5],
  ['string', '100'],
  ['null', null],
  ['array', [1]],
  ['object', { valueOf: 1 }],
];

/** Query strings for read routes; `mustRefuse` ones must get a 4xx. */
export function hostileQueries(params: string[]): { label: string; query: string; mustRefuse: boolean }[] {
  const list: { label: string; query: string; mustRefuse: boolean }[] = [
    { label: 'offset=1e20', query: 'offset=1e20', mustRefuse: false },
    { label: 'limit=-1', query: 'limit=-1', mustRefuse: true },
    { label: 'limit=1e20', query: 'limit=1e20', mustRefuse: true },
    { label: 'limit=0.5', query: 'limit=0.5', mustRefuse: true },
    { label: 'offset=-1', query: 'offset=-1', mustRefuse: true },
    { label: 'offset=Infinity', query: 'offset=Infinity', mustRefuse: true },
    { label: 'year=1e20', query: 'year=1e20', mustRefuse: true },
    { label: 'array param', query: 'gemeenteCode=GM0479&gemeenteCode=GM0363&wijkCode[]=WK047901', mustRefuse: false },
    { label: '__proto__ key', query: '__proto__[admin]=1&constructor[prototype][x]=1', mustRefuse: false },
    { label: 'toString key', query: 'toString=x&hasOwnProperty=y', mustRefuse: false },
    { label: 'sort=__proto__', query: 'sort=__proto__&direction=constructor', mustRefuse: true },
    { label: 'control characters', query: 'wijkCode=WK04%00%0790', mustRefuse: true },
    { label: 'very long value', query: `gemeenteCode=${'9'.repeat(20_000)}`, mustRefuse: true },
  ];
  for (const name of ['asOf', 'validAt', 'from', 'to']) {
    if (!params.includes(name)) continue;
    list.push({ label: `${name}=2026-02-30`, query: `${name}=2026-02-30T00:00:00Z`, mustRefuse: true });
    list.push({ label: `${name}=year 0000`, query: `${name}=0000-01-01T00:00:00Z`, mustRefuse: false });
    list.push({ label: `${name}=9999-12-31`, query: `${name}=9999-12-31T00:00:00Z`, mustRefuse: false });
  }
  // Only those a route knows, plus the generic ones: an unknown parameter may be refused or ignored.
  return list;
}

/** JWTs whose parts are valid base64url JSON of the wrong shape, each signed correctly. */
export function hostileTokens(sign: (input: string) => string, validPayload: object): [string, string][] {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const token = (header: unknown, payload: unknown) => {
    const unsigned = `${b64(header)}.${b64(payload)}`;
    return `${unsigned}.${sign(unsigned)}`;
  };
  const now = Math.floor(Date.now() / 1000);
  return [
    ['header null', token(null, validPayload)],
    ['header array', token([], validPayload)],
    ['header number', token(42, validPayload)],
    ['header string', token('"HS256"', validPayload)],
    ['payload null', token({ alg: 'HS256', typ: 'JWT' }, null)],
    ['payload array', token({ alg: 'HS256', typ: 'JWT' }, [])],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validPayload)}.`],
    ['not yet valid (nbf in an hour)', token({ alg: 'HS256', typ: 'JWT' }, { ...validPayload, nbf: now + 3600 })],
    ['roles as array', token({ alg: 'HS256', typ: 'JWT' }, { ...validPayload, role: ['admin'] })],
    ['role __proto__', token({ alg: 'HS256', typ: 'JWT' }, { ...validPayload, role: '__proto__' })],
    ['exp as string', token({ alg: 'HS256', typ: 'JWT' }, { ...validPayload, exp: String(now + 3600) })],
    ['four parts', `${token({ alg: 'HS256', typ: 'JWT' }, validPayload)}.x`],
    ['header not base64 JSON', `%%%.${b64(validPayload)}.abc`],
  ];
}

/**
 * Webhook targets that reach the machine itself, private networks or cloud metadata services.
 * Each must be refused at registration (naming `url`); none is ever contacted by the tests.
 */
export const SSRF_URLS: string[] = [
  'http://127.0.0.1/hook',
  'http://127.1/hook',
  'http://127.0.0.2:8080/hook',
  'http://2130706433/hook',
  'http://0x7f000001/hook',
  'http://0x7f.0.0.1/hook',
  'http://017700000001/hook',
  'http://0177.0.0.1/hook',
  'http://[::1]/hook',
  'http://[0:0:0:0:0:0:0:1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:7f00:1]/hook',
  'http://localhost/hook',
  'http://localhost./hook',
  'http://LOCALHOST:3000/hook',
  'http://sub.localhost/hook',
  'http://10.0.0.1/hook',
  'http://10.255.255.254/hook',
  'http://172.16.0.1/hook',
  'http://172.31.255.1/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[fd00:ec2::254]/',
  'http://[fc00::1]/hook',
  'http://[fe80::1]/hook',
  'http://100.100.100.200/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata/computeMetadata/v1/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b::7f00:1]/',
  'http://0.0.0.0/hook',
  'http://0/hook',
  'http://[::]/hook',
  'http://evil@127.0.0.1/hook',
  'http://user:pass@example.com/hook',
  'http://127.0.0.1%2f@example.com/hook',
  'ftp://example.com/hook',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
  'javascript:alert(1)',
  'data:text/plain,hello',
  '//example.com/hook',
];
