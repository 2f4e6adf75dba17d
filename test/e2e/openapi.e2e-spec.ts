import Ajv from 'ajv';
import schemaObjectSchema from '@asyncapi/specs/common/openapiSchema_3_0.json';
import { intakeBody, startTestApp, TestApp, wijkBody, wooncirkelBody } from '../support/test-app';
import { gemeenteFor, grantIndicatie } from '../support/toegang';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The OpenAPI 3.0 document object, as far as this api uses it (Schema Objects are checked by their own schema below). */
const mediaTypes = { type: 'object', additionalProperties: { type: 'object', properties: { schema: { type: 'object' } } } };
const operationSchema = {
  type: 'object',
  required: ['responses'],
  properties: {
    operationId: { type: 'string' },
    summary: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    parameters: { type: 'array', items: { type: 'object', required: ['name', 'in'], properties: { name: { type: 'string' }, in: { enum: ['query', 'header', 'path', 'cookie'] }, required: { type: 'boolean' }, schema: { type: 'object' } } } },
    requestBody: { type: 'object', required: ['content'], properties: { content: mediaTypes } },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5][0-9X]{2}|default)$' },
      additionalProperties: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: mediaTypes } },
    },
  },
};
const documentSchema = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    paths: { type: 'object', propertyNames: { pattern: '^/' }, additionalProperties: { type: 'object', properties: Object.fromEntries(METHODS.map((m) => [m, operationSchema])) } },
    components: { type: 'object', properties: { schemas: { type: 'object', additionalProperties: { type: 'object' } } } },
  },
};

/** Every schema object in the document, with where it is. */
function* schemasIn(doc: Json): Generator<[string, Json]> {
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) yield [`components.schemas.${name}`, schema];
  for (const [path, item] of Object.entries<Json>(doc.paths))
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!METHODS.includes(method)) continue;
      for (const p of op.parameters ?? []) if (p.schema) yield [`${method} ${path} parameter ${p.name}`, p.schema];
      for (const [type, media] of Object.entries<Json>(op.requestBody?.content ?? {})) if (media.schema) yield [`${method} ${path} body ${type}`, media.schema];
      for (const [status, response] of Object.entries<Json>(op.responses)) for (const [type, media] of Object.entries<Json>(response.content ?? {})) if (media.schema) yield [`${method} ${path} ${status} ${type}`, media.schema];
    }
}

const refsIn = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap(refsIn) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v))) : []);

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  const operations = () =>
    Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
      Object.entries<Json>(item)
        .filter(([m]) => METHODS.includes(m))
        .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
    );
  // Checkpoints after every event, and one allowed (closed) webhook receiver: so those reads have something to show.
  const env = { WIJKZORG_CHECKPOINT_POLL_MS: '100', WIJKZORG_CHECKPOINT_EVERY_EVENTS: '1', WIJKZORG_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:9' };
  beforeAll(async () => {
    Object.assign(process.env, env);
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
    for (const name of Object.keys(env)) delete process.env[name];
  });

  it('is a valid OpenAPI 3.0 document whose schemas are valid Schema Objects and whose references resolve', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    expect(ajv.validate(documentSchema, doc) ? [] : ajv.errors).toStrictEqual([]);
    const validSchema = ajv.compile(schemaObjectSchema);
    // A Reference Object stands in for a schema; the references are checked to resolve below.
    const isReference = (schema: Json) => typeof schema.$ref === 'string' && Object.keys(schema).length === 1;
    const invalid = [...schemasIn(doc)].filter(([, schema]) => !isReference(schema) && !validSchema(schema)).map(([where]) => `${where}: ${JSON.stringify(validSchema.errors?.[0])}`);
    expect(invalid).toStrictEqual([]);
    const unresolved = refsIn(doc).filter((ref) => !ref.startsWith('#/components/schemas/') || !(ref.split('/').pop()! in doc.components.schemas));
    expect(unresolved).toStrictEqual([]);
  });

  it('gives every operation a stable unique operationId, a summary, a 2xx answer with a schema and problem+json errors', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][A-Za-z]*_[a-z][A-Za-z0-9]*$/.test(id))).toStrictEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter(({ op }) => !(typeof op.summary === 'string' && op.summary.length > 5)).map(({ where }) => where)).toStrictEqual([]);
    // 204 No Content (signing out) has no body to describe.
    const withoutAnswerSchema = ops.filter(({ op }) => !Object.entries<Json>(op.responses).some(([status, r]) => (/^2/.test(status) && Object.values<Json>(r.content ?? {}).some((m) => m.schema)) || (status === '204' && r.content === undefined)));
    expect(withoutAnswerSchema.map(({ where }) => where)).toStrictEqual([]);
    const problemOf = (r: Json) => r.content?.['application/problem+json']?.schema?.$ref;
    // Health probes are public and take no input: they answer 200 or 503, never a 4xx.
    const withoutProblems = ops.filter(({ where, op }) => !where.startsWith('GET /health') && !Object.keys(op.responses).some((s) => /^4/.test(s)));
    expect(withoutProblems.map(({ where }) => where)).toStrictEqual([]);
    const errorsNotProblems = ops.flatMap(({ where, op }) =>
      Object.entries<Json>(op.responses)
        .filter(([s, r]) => /^[45]/.test(s) && problemOf(r) !== '#/components/schemas/ProblemDto')
        .map(([s]) => `${where} ${s}`),
    );
    expect(errorsNotProblems).toStrictEqual([]);
  });

  it('names the operations after capability and handler, documents commands with their outcome and the problem shape', () => {
    const byId = Object.fromEntries(operations().map(({ where, op }) => [op.operationId, { where, op }]));
    expect(byId.budget_release.where).toBe('POST /v1/clients/{clientId}/budget/releases');
    expect(byId.budget_release.op.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/CommandOutcomeDto');
    expect(Object.keys(byId.budget_release.op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '422', '429']));
    expect(byId.intake_register.where).toBe('POST /v1/intakes');
    expect(doc.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']));
  });
  /** Real answers of a seeded app checked against their documented schemas: at least one read per capability, each showing the seeded data. */
  const DOCUMENTED_READS: { path: string; documented: string; role: string; shows: string }[] = [
    { path: '/v1/caseload/wijken', documented: '/v1/caseload/wijken', role: 'beleidsmaker', shows: 'WK047901' },
    { path: '/v1/caseload/wijken', documented: '/v1/caseload/wijken', role: 'auditor', shows: 'WK047901' },
    { path: '/v1/caseload/wijken/WK047901', documented: '/v1/caseload/wijken/{wijkCode}', role: 'beleidsmaker', shows: 'WK047901' },
    { path: '/v1/caseload/wijken/WK047901', documented: '/v1/caseload/wijken/{wijkCode}', role: 'auditor', shows: 'WK047901' },
    { path: '/v1/caseload/wooncirkels', documented: '/v1/caseload/wooncirkels', role: 'beleidsmaker', shows: 'WK047901' },
    { path: '/v1/caseload/wooncirkels', documented: '/v1/caseload/wooncirkels', role: 'auditor', shows: 'WK047901' },
    { path: '/v1/wijken/WK047901', documented: '/v1/wijken/{wijkCode}', role: 'admin', shows: 'WK047901' },
    { path: '/v1/wooncirkels/wc-schema', documented: '/v1/wooncirkels/{wooncirkelId}', role: 'auditor', shows: 'c-schema' },
    { path: '/v1/clients/c-schema', documented: '/v1/clients/{clientId}', role: 'zorgprofessional', shows: 'rel-schema' },
    { path: '/v1/clients/c-schema/events', documented: '/v1/clients/{clientId}/events', role: 'auditor', shows: 'c-schema' },
    { path: '/v1/clients/c-schema/trajectory', documented: '/v1/clients/{clientId}/trajectory', role: 'auditor', shows: 'BudgetSpent' },
    { path: '/v1/wachtlijst/statistics', documented: '/v1/wachtlijst/statistics', role: 'beleidsmaker', shows: 'byKind' },
    { path: '/v1/wachtlijst/statistics', documented: '/v1/wachtlijst/statistics', role: 'auditor', shows: 'byKind' },
    { path: '/v1/wachtlijst', documented: '/v1/wachtlijst', role: 'zorgprofessional', shows: 'c-schema' },
    { path: '/v1/budget/clients', documented: '/v1/budget/clients', role: 'zorgprofessional', shows: '2026:wmo' },
    { path: '/v1/budget/clients/c-schema', documented: '/v1/budget/clients/{clientId}', role: 'auditor', shows: '2026:wmo' },
    { path: '/v1/budget/wijken', documented: '/v1/budget/wijken', role: 'beleidsmaker', shows: 'WK047901' },
    { path: '/v1/budget/wijken', documented: '/v1/budget/wijken', role: 'auditor', shows: 'WK047901' },
    { path: '/v1/beleid/wijken', documented: '/v1/beleid/wijken', role: 'beleidsmaker', shows: 'WK047901' },
    { path: '/v1/beleid/gemeenten', documented: '/v1/beleid/gemeenten', role: 'beleidsmaker', shows: 'GM0479' },
    { path: '/v1/beleid/tijdlijn', documented: '/v1/beleid/tijdlijn', role: 'beleidsmaker', shows: '2026-01' },
    { path: '/v1/audit/access-log', documented: '/v1/audit/access-log', role: 'auditor', shows: 'c-schema' },
    { path: '/v1/audit/verify', documented: '/v1/audit/verify', role: 'auditor', shows: 'checkpoints' },
    { path: '/v1/audit/verify?streamId=client-c-schema', documented: '/v1/audit/verify', role: 'auditor', shows: 'headHash' },
    { path: '/v1/audit/checkpoints', documented: '/v1/audit/checkpoints', role: 'auditor', shows: 'signature' },
    { path: '/v1/audit/checkpoints/latest', documented: '/v1/audit/checkpoints/latest', role: 'auditor', shows: 'signature' },
    { path: '/v1/audit/checkpoints/public-key', documented: '/v1/audit/checkpoints/public-key', role: 'auditor', shows: 'BEGIN PUBLIC KEY' },
    { path: '/v1/integration/checkpoints', documented: '/v1/integration/checkpoints', role: 'integrator', shows: 'signature' },
    { path: '/v1/integration/webhooks', documented: '/v1/integration/webhooks', role: 'integrator', shows: '127.0.0.1:9' },
    { path: '/v1/projections/status', documented: '/v1/projections/status', role: 'admin', shows: 'caseload' },
    { path: '/v1/toegang/uitzonderingen', documented: '/v1/toegang/uitzonderingen', role: 'auditor', shows: 'c-acuut-schema' },
  ];
  const answerSchemaOf = (documented: string): Json => doc.paths[documented].get.responses['200'].content['application/json'].schema;

  /** Where a schema (followed through its references) leaves an object or a list item undocumented: `{type: 'object'}` with nothing in it. */
  const bareIn = (schema: Json, where: string, seen = new Set<string>()): string[] => {
    if (schema.$ref) {
      if (seen.has(schema.$ref)) return [];
      seen.add(schema.$ref);
      return bareIn(doc.components.schemas[schema.$ref.split('/').pop()!], `${where} ${schema.$ref.split('/').pop()}`, seen);
    }
    const nested = [
      ...Object.entries<Json>(schema.properties ?? {}).flatMap(([name, s]) => bareIn(s, `${where}.${name}`, seen)),
      ...(schema.items ? bareIn(schema.items, `${where}[]`, seen) : []),
      ...(typeof schema.additionalProperties === 'object' ? bareIn(schema.additionalProperties, `${where}{}`, seen) : []),
      ...['allOf', 'oneOf', 'anyOf'].flatMap((k) => (schema[k] ?? []).flatMap((s: Json) => bareIn(s, where, seen))),
    ];
    const documented = schema.properties || schema.additionalProperties || schema.allOf || schema.oneOf || schema.anyOf || schema.enum;
    const bare = (schema.type === 'object' || schema.type === undefined) && !documented;
    const bareList = schema.type === 'array' && !schema.items;
    return bare || bareList ? [where, ...nested] : nested;
  };

  it('documents every 2xx JSON answer with schemas that name their fields (no bare object, no list of bare objects)', () => {
    const json = (type: string) => type === 'application/json' || type.endsWith('+json');
    const bare = operations().flatMap(({ where, op }) =>
      Object.entries<Json>(op.responses)
        .filter(([status]) => /^2/.test(status))
        .flatMap(([status, r]) =>
          Object.entries<Json>(r.content ?? {})
            .filter(([type]) => json(type))
            .flatMap(([, media]) => bareIn(media.schema, `${where} ${status}`)),
        ),
    );
    expect(bare).toStrictEqual([]);
    expect(DOCUMENTED_READS.filter(({ documented }) => !doc.paths[documented]?.get)).toStrictEqual([]);
  });

  it('documents the CSV variant of the policy figures as text/csv beside the JSON', async () => {
    for (const path of ['/v1/beleid/wijken', '/v1/beleid/gemeenten', '/v1/beleid/tijdlijn']) {
      expect(Object.keys(doc.paths[path].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
      expect(doc.paths[path].get.responses['200'].content['text/csv'].schema.type).toBe('string');
      const csv = await t.as('beleidsmaker').get(`${path}?format=csv`).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    }
  });

  it('answers these reads of a seeded app with bodies that fit their documented schemas', async () => {
    await t.as('admin').post('/v1/wijken', wijkBody()).expect(201);
    await t
      .as('admin')
      .post('/v1/wooncirkels', wooncirkelBody('wc-schema', 'WK047901', 4))
      .expect(201);
    await t
      .as('zorgprofessional')
      .post('/v1/intakes', intakeBody('c-schema', 'wc-schema', 'WK047901'))
      .expect(201);
    await t.as('zorgprofessional').post('/v1/clients/c-schema/daginvulling-requests', { wish: 'tuin' }).expect(201);
    await grantIndicatie(t, 'c-schema', 'WK047901', { prefix: '/v1' });
    await gemeenteFor(t, 'WK047901').post('/v1/clients/c-schema/budget/allocations', { year: 2026, funder: 'wmo', amountCents: 100_000 }).expect(201);
    await t.as('zorgprofessional').post('/v1/clients/c-schema/budget/releases', { releaseId: 'rel-schema', year: 2026, funder: 'wmo', purpose: 'vervoer', amountCents: 50_000, approvedBy: 'teamleider' }).expect(201);
    // An acute step without a beschikking: on the regularisation list.
    await t
      .as('zorgprofessional')
      .post('/v1/intakes', intakeBody('c-acuut-schema', 'wc-schema', 'WK047901', { urgency: 'acuut' }))
      .expect(201);
    await t.as('zorgprofessional').post('/v1/clients/c-acuut-schema/care-scaling-steps', { toIntensity: 'zorg_24uur', reason: 'crisis', decidedBy: 'team', effectiveAt: '2026-02-01T10:00:00Z' }).expect(201);
    const last = await t.as('zorgprofessional').post('/v1/clients/c-schema/budget/releases/rel-schema/spendings', { amountCents: 1_000, description: 'taxi', spentAt: '2026-02-01T10:00:00Z' }).expect(201);
    await t
      .as('integrator')
      .post('/v1/integration/webhooks', { url: 'http://127.0.0.1:9/hook', categories: ['budget'] })
      .expect(201);
    // The api's own checkpointer anchors the head (every event, polled every 100 ms).
    for (let i = 0; i < 100 && (await t.as('auditor').get('/v1/audit/checkpoints/latest')).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    // $refs point at #/components/schemas/…: give the schema the document's components as its root.
    const fits = (schema: Json, body: unknown) => {
      const validate = ajv.compile({ ...schema, components: doc.components });
      return validate(body) ? null : ajv.errorsText(validate.errors);
    };
    const misfits: string[] = [];
    for (const { path, documented, role, shows } of DOCUMENTED_READS) {
      // Reads that do not take minPosition read the log, the checkpoints or the webhooks directly.
      const takesPosition = !/\/trajectory|\/audit\/(verify|checkpoints)|\/integration\//.test(path);
      const url = takesPosition ? `${path}${path.includes('?') ? '&' : '?'}minPosition=${last.body.position}` : path;
      // An empty answer fits any schema: each read must show what was seeded (the access log shows the reads above once projected).
      let body: unknown;
      for (let attempt = 0; attempt < 40 && !JSON.stringify(body ?? null).includes(shows); attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50));
        body = (await t.as(role).get(url).expect(200)).body;
      }
      expect([path, JSON.stringify(body).includes(shows)]).toEqual([path, true]);
      const misfit = fits(answerSchemaOf(documented), body);
      if (misfit) misfits.push(`${role} ${path}: ${misfit}`);
    }
    const verified = (await t.as('auditor').post('/v1/audit/verify', {}).expect(200)).body;
    expect(verified.checkpoints.verified).toBeGreaterThan(0);
    const misfit = fits(doc.paths['/v1/audit/verify'].post.responses['200'].content['application/json'].schema, verified);
    if (misfit) misfits.push(`auditor POST /v1/audit/verify: ${misfit}`);
    expect(misfits).toStrictEqual([]);
  });
});
