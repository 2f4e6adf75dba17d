import Ajv from 'ajv';
import schemaObjectSchema from '@asyncapi/specs/common/openapiSchema_3_0.json';
import { intakeBody, startTestApp, TestApp, wijkBody, wooncirkelBody } from '../support/test-app';

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
  const operations = () => Object.entries<Json>(doc.paths).flatMap(([path, item]) => Object.entries<Json>(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3.0 document whose schemas are valid Schema Objects and whose references resolve', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    expect(ajv.validate(documentSchema, doc) ? [] : ajv.errors).toEqual([]);
    const validSchema = ajv.compile(schemaObjectSchema);
    // A Reference Object stands in for a schema; the references are checked to resolve below.
    const isReference = (schema: Json) => typeof schema.$ref === 'string' && Object.keys(schema).length === 1;
    const invalid = [...schemasIn(doc)].filter(([, schema]) => !isReference(schema) && !validSchema(schema)).map(([where]) => `${where}: ${JSON.stringify(validSchema.errors?.[0])}`);
    expect(invalid).toEqual([]);
    const unresolved = refsIn(doc).filter((ref) => !ref.startsWith('#/components/schemas/') || !(ref.split('/').pop()! in doc.components.schemas));
    expect(unresolved).toEqual([]);
  });

  it('gives every operation a stable unique operationId, a summary, a 2xx answer with a schema and problem+json errors', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][A-Za-z]*_[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter(({ op }) => !(typeof op.summary === 'string' && op.summary.length > 5)).map(({ where }) => where)).toEqual([]);
    const withoutAnswerSchema = ops.filter(({ op }) => !Object.entries<Json>(op.responses).some(([status, r]) => /^2/.test(status) && Object.values<Json>(r.content ?? {}).some((m) => m.schema)));
    expect(withoutAnswerSchema.map(({ where }) => where)).toEqual([]);
    const problemOf = (r: Json) => r.content?.['application/problem+json']?.schema?.$ref;
    // Health probes are public and take no input: they answer 200 or 503, never a 4xx.
    const withoutProblems = ops.filter(({ where, op }) => !where.startsWith('GET /health') && !Object.keys(op.responses).some((s) => /^4/.test(s)));
    expect(withoutProblems.map(({ where }) => where)).toEqual([]);
    const errorsNotProblems = ops.flatMap(({ where, op }) => Object.entries<Json>(op.responses).filter(([s, r]) => /^[45]/.test(s) && problemOf(r) !== '#/components/schemas/ProblemDto').map(([s]) => `${where} ${s}`));
    expect(errorsNotProblems).toEqual([]);
  });

  it('names the operations after capability and handler, documents commands with their outcome and the problem shape', () => {
    const byId = Object.fromEntries(operations().map(({ where, op }) => [op.operationId, { where, op }]));
    expect(byId.budget_release.where).toBe('POST /v1/clients/{clientId}/budget/releases');
    expect(byId.budget_release.op.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/CommandOutcomeDto');
    expect(Object.keys(byId.budget_release.op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '422', '429']));
    expect(byId.intake_register.where).toBe('POST /v1/intakes');
    expect(doc.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']));
  });
  /** Operations whose answers are documented by DTOs; each answer must have properties or items, and real answers must fit it. */
  const DOCUMENTED_READS: { path: string; documented: string; role: string }[] = [
    { path: '/v1/caseload/wijken', documented: '/v1/caseload/wijken', role: 'beleidsmaker' },
    { path: '/v1/caseload/wijken', documented: '/v1/caseload/wijken', role: 'auditor' },
    { path: '/v1/caseload/wijken/WK047901', documented: '/v1/caseload/wijken/{wijkCode}', role: 'beleidsmaker' },
    { path: '/v1/caseload/wijken/WK047901', documented: '/v1/caseload/wijken/{wijkCode}', role: 'auditor' },
    { path: '/v1/caseload/wooncirkels', documented: '/v1/caseload/wooncirkels', role: 'beleidsmaker' },
    { path: '/v1/caseload/wooncirkels', documented: '/v1/caseload/wooncirkels', role: 'auditor' },
    { path: '/v1/wijken/WK047901', documented: '/v1/wijken/{wijkCode}', role: 'admin' },
    { path: '/v1/wooncirkels/wc-schema', documented: '/v1/wooncirkels/{wooncirkelId}', role: 'auditor' },
    { path: '/v1/clients/c-schema/events', documented: '/v1/clients/{clientId}/events', role: 'auditor' },
    { path: '/v1/wachtlijst/statistics', documented: '/v1/wachtlijst/statistics', role: 'beleidsmaker' },
    { path: '/v1/wachtlijst/statistics', documented: '/v1/wachtlijst/statistics', role: 'auditor' },
    { path: '/v1/projections/status', documented: '/v1/projections/status', role: 'admin' },
  ];
  const answerSchemaOf = (documented: string): Json => doc.paths[documented].get.responses['200'].content['application/json'].schema;

  it('documents these reads with a schema that names their fields (a component, properties or items), not a bare object', () => {
    const bare = DOCUMENTED_READS.map(({ documented }) => [documented, answerSchemaOf(documented)] as const).filter(([, schema]) => !(schema.$ref || schema.properties || schema.items));
    expect(bare.map(([where]) => where)).toEqual([]);
  });

  it('answers these reads of a seeded app with bodies that fit their documented schemas', async () => {
    await t.as('admin').post('/v1/wijken', wijkBody()).expect(201);
    await t.as('admin').post('/v1/wooncirkels', wooncirkelBody('wc-schema', 'WK047901', 4)).expect(201);
    const last = await t.as('zorgprofessional').post('/v1/intakes', intakeBody('c-schema', 'wc-schema', 'WK047901')).expect(201);
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const misfits: string[] = [];
    for (const { path, documented, role } of DOCUMENTED_READS) {
      const body = (await t.as(role).get(`${path}?minPosition=${last.body.position}`).expect(200)).body;
      // An empty answer fits any schema: each read must show the seeded wijk.
      expect(JSON.stringify(body)).toContain(path.includes('projections') ? 'caseload' : path.includes('statistics') ? 'byKind' : path.includes('wooncirkels/') || path.includes('clients/') ? 'c-schema' : 'WK047901');
      // $refs point at #/components/schemas/…: give the schema the document's components as its root.
      const validate = ajv.compile({ ...answerSchemaOf(documented), components: doc.components });
      if (!validate(body)) misfits.push(`${role} ${path}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(misfits).toEqual([]);
  });
});
