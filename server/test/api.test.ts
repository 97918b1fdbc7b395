import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  createStorage,
  postJson,
  startServer,
  testConfig,
  type Json,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('HTTP API on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('reports health', async () => {
    const response = await fetch(`${server.httpUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('creates and lists organisations and their cycles', async () => {
    const organisation = await postJson(`${server.httpUrl}/api/organisations`, {
      name: '  Coopérative du Val  ',
    });
    expect(organisation.status).toBe(201);
    expect(organisation.body).toEqual({ id: expect.any(String), name: 'Coopérative du Val' });

    const created = await postJson(
      `${server.httpUrl}/api/organisations/${organisation.body.id}/cycles`,
      { year: 2026 },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      organisationId: organisation.body.id,
      year: 2026,
      stage: 'working-group',
      documentName: `cycle.${created.body.id}`,
    });

    const list = await (
      await fetch(`${server.httpUrl}/api/organisations/${organisation.body.id}/cycles`)
    ).json();
    expect(list).toEqual([created.body]);
    const one = await (await fetch(`${server.httpUrl}/api/cycles/${created.body.id}`)).json();
    expect(one).toEqual(created.body);

    const next = await postJson(
      `${server.httpUrl}/api/organisations/${organisation.body.id}/cycles`,
      {
        year: 2027,
        from: created.body.id,
      },
    );
    expect(next.status).toBe(201);
    expect(next.body.year).toBe(2027);
  });

  it('refuses a second cycle for the same year with a French message', async () => {
    const organisation = await postJson(`${server.httpUrl}/api/organisations`, {
      name: 'Mutuelle',
    });
    const url = `${server.httpUrl}/api/organisations/${organisation.body.id}/cycles`;
    expect((await postJson(url, { year: 2030 })).status).toBe(201);
    const again = await postJson(url, { year: 2030 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'cycle_exists',
      message: expect.stringContaining('existe déjà'),
    });
  });

  it.each([
    [
      'an unknown organisation',
      'GET',
      '/api/organisations/00000000-0000-4000-8000-000000000000/cycles',
    ],
    ['a malformed organisation id', 'GET', '/api/organisations/nope/cycles'],
    ['an unknown cycle', 'GET', '/api/cycles/00000000-0000-4000-8000-000000000000'],
    ['a malformed cycle id', 'GET', '/api/cycles/1%27%20or%201=1'],
    ['an unknown API route', 'GET', '/api/nothing-here'],
  ])('answers 404 JSON for %s', async (_what, method, url) => {
    const response = await fetch(`${server.httpUrl}${url}`, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it.each([
    ['a missing name', '/api/organisations', {}],
    ['an empty name', '/api/organisations', { name: '   ' }],
    ['an unknown field', '/api/organisations', { name: 'A', admin: true }],
    ['a name that is too long', '/api/organisations', { name: 'x'.repeat(201) }],
  ])('answers 400 JSON for %s', async (_what, url, body) => {
    const response = await postJson(`${server.httpUrl}${url}`, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });

  it('answers 400 for a bad year or a foreign source cycle', async () => {
    const organisation = await postJson(`${server.httpUrl}/api/organisations`, {
      name: 'Fondation',
    });
    const other = await postJson(`${server.httpUrl}/api/organisations`, { name: 'Autre' });
    const foreign = await postJson(`${server.httpUrl}/api/organisations/${other.body.id}/cycles`, {
      year: 2026,
    });
    const url = `${server.httpUrl}/api/organisations/${organisation.body.id}/cycles`;
    expect((await postJson(url, { year: 1800 })).status).toBe(400);
    expect((await postJson(url, { year: '2026' })).status).toBe(400);
    const fromForeign = await postJson(url, { year: 2027, from: foreign.body.id });
    expect(fromForeign.status).toBe(400);
    expect(fromForeign.body.error).toBe('invalid_source_cycle');
  });

  it('answers 400 JSON, not 500, for a body that is not JSON', async () => {
    const response = await fetch(`${server.httpUrl}/api/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_json', message: expect.any(String) });
  });

  it('publishes its OpenAPI description', async () => {
    const spec = (await (await fetch(`${server.httpUrl}/api/openapi.json`)).json()) as Json;
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/organisations',
        '/api/organisations/{orgId}/cycles',
        '/api/cycles/{cycleId}',
      ]),
    );
  });
});
