import { ApiHarness } from '../support/api-harness';

/**
 * The OpenAPI document is complete for every operation: who may call it, the Idempotency-Key of
 * commands, each problem+json refusal with its codes, and the schema of its reply. An operation
 * added without them fails here.
 */
describe('OpenAPI document (/docs-json)', () => {
  let api: ApiHarness;
  let doc: any;
  /** POSTs that are not commands on a stream: a lookup kept out of URLs, and administration. */
  const NOT_COMMANDS = ['POST /bans/lookup', 'POST /admin/clock', 'POST /admin/projections/{name}/rebuild'];
  const PUBLIC = ['GET /health'];

  beforeAll(async () => {
    api = await ApiHarness.start();
    doc = (await api.request('GET', '/docs-json', { token: null })).body;
  });
  afterAll(async () => {
    await api.stop();
  });

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })),
    );

  it('lists every operation of the contract', () => {
    const names = operations().map((o) => o.name);
    for (const expected of [
      'POST /members/applications',
      'POST /members/{id}/initial-review',
      'POST /members/{id}/project-evaluation',
      'POST /members/{id}/agreement',
      'POST /members/{id}/payments',
      'POST /members/{id}/onboarding',
      'POST /members/{id}/evidence',
      'POST /members/{id}/renewals',
      'POST /members/{id}/exit-notices',
      'POST /members/{id}/forced-exit',
      'GET /members/{id}',
      'GET /members/{id}/history',
      'GET /members/{id}/archive',
      'GET /members',
      'POST /bans/lookup',
      'GET /deadlines',
      'GET /health',
      'POST /admin/clock',
      'POST /admin/projections/{name}/rebuild',
      'GET /admin/projections',
      'GET /admin/rulesets',
      'POST /members/{id}/violations',
      'POST /members/{id}/rectifications/{noticeId}',
      'POST /members/{id}/clear-out',
      'POST /members/{id}/appeals',
      'GET /appeals/{id}',
      'GET /appeals',
      'POST /appeals/{id}/decision',
      'POST /members/{id}/requests',
      'POST /requests/{id}/response',
      'POST /requests/{id}/resolution',
      'GET /requests',
      'GET /requests/{id}',
      'GET /admin/rulesets/{name}',
      'POST /admin/rulesets/{name}',
      'POST /admin/rulesets/{name}/{version}/objections',
      'POST /communities',
      'POST /communities/{id}/area',
      'POST /communities/{id}/basic-conditions',
      'GET /communities',
      'GET /communities/{id}',
      'GET /communities/{id}/history',
      'POST /communities/{id}/evaluations',
      'POST /evaluations/{id}/evidence',
      'POST /evaluations/{id}/experts',
      'POST /evaluations/{id}/experts/{expertId}/declaration',
      'POST /evaluations/{id}/expert-scores',
      'POST /evaluations/{id}/publicity',
      'POST /evaluations/{id}/publication',
      'POST /evaluations/{id}/revocation',
      'GET /evaluations',
      'GET /evaluations/{id}',
      'GET /evaluations/{id}/checklist',
      'GET /evaluations/{id}/expert-scores/{expertId}',
      'GET /evaluations/{id}/history',
    ])
      expect(names).toContain(expected);
  });

  it('every operation names its roles, or says it needs none', () => {
    for (const { name, op } of operations()) {
      if (PUBLIC.includes(name)) {
        expect({ name, roles: op['x-roles'] }).toEqual({ name, roles: undefined });
        expect(op.description).toContain('no token needed');
      } else {
        expect({ name, roles: Array.isArray(op['x-roles']) && op['x-roles'].length > 0 }).toEqual({ name, roles: true });
        expect(op.description).toContain('**Roles:**');
        expect(op.security).toEqual([{ bearer: [] }]);
      }
    }
  });

  it('every operation answers with a schema, and lists its problem+json refusals with their codes', () => {
    for (const { name, op } of operations()) {
      const ok = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status));
      expect({ name, schema: Boolean((ok?.[1] as any)?.content?.['application/json']?.schema) }).toEqual({ name, schema: true });
      const refusals = PUBLIC.includes(name) ? ['400', '429'] : ['400', '401', '403', '429'];
      for (const status of refusals) {
        const problem = op.responses[status]?.content?.['application/problem+json']?.schema;
        expect({ name, status, problem: Boolean(problem) }).toEqual({ name, status, problem: true });
        expect(problem.allOf[0]).toEqual({ $ref: '#/components/schemas/Problem' });
        expect(problem.allOf[1].properties.code.enum.length).toBeGreaterThan(0);
      }
      expect(op.responses['429'].headers['Retry-After']).toBeDefined();
    }
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(
      expect.arrayContaining(['VALIDATION_FAILED', 'NOT_ELIGIBLE', 'RATE_LIMITED', 'UNSUPPORTED_MEDIA_TYPE']),
    );
  });

  it('every command takes an Idempotency-Key and may refuse a reused one', () => {
    const commands = operations().filter((o) => o.method === 'post' && !NOT_COMMANDS.includes(o.name));
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const { name, op } of commands) {
      const header = (op.parameters ?? []).find((p: any) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect({ name, header: Boolean(header) }).toEqual({ name, header: true });
      expect(op.responses['422'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toContain(
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
  });

  it('the values only the running system knows are enums: projection names, deadline kinds, forced-exit clauses', () => {
    const param = (path: string, method: string, name: string) =>
      doc.paths[path][method].parameters.find((p: any) => p.name === name).schema;
    expect(param('/admin/projections/{name}/rebuild', 'post', 'name').enum).toEqual(
      expect.arrayContaining(['members', 'bans', 'deadlines']),
    );
    expect(param('/deadlines', 'get', 'kind').enum).toEqual(
      expect.arrayContaining(['initial-review', 'term-end', 'fee-payment']),
    );
    const forcedExit = doc.paths['/members/{id}/forced-exit'].post.requestBody.content['application/json'].schema.$ref
      .split('/')
      .pop();
    expect(doc.components.schemas[forcedExit].properties.clause.enum).toEqual(expect.arrayContaining(['M-EXIT-2', 'M-PEN-1c']));
  });
});
