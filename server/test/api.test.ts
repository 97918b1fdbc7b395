import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  type Json,
  type Person,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('HTTP API on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let pilote: Person;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
    pilote = await signUp(server.httpUrl, 'Pauline Pilote');
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

  it('creates organisations (its creator is pilote) and their cycles', async () => {
    const organisation = await pilote.post('/api/organisations', {
      name: '  Coopérative du Val  ',
    });
    expect(organisation.status).toBe(201);
    expect(organisation.body).toEqual({ id: expect.any(String), name: 'Coopérative du Val' });
    const me = await pilote.get('/api/me');
    expect(me.body.organisations).toContainEqual({
      id: organisation.body.id,
      name: 'Coopérative du Val',
      role: 'pilote',
    });

    const created = await pilote.post(`/api/organisations/${organisation.body.id}/cycles`, {
      year: 2026,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      organisationId: organisation.body.id,
      year: 2026,
      stage: 'working-group',
      documentName: `cycle.${created.body.id}`,
    });

    const list = await pilote.get(`/api/organisations/${organisation.body.id}/cycles`);
    expect(list.body).toEqual([created.body]);
    const one = await pilote.get(`/api/cycles/${created.body.id}`);
    expect(one.body).toEqual({ ...created.body, role: 'pilote' });

    const next = await pilote.post(`/api/organisations/${organisation.body.id}/cycles`, {
      year: 2027,
      from: created.body.id,
    });
    expect(next.status).toBe(201);
    expect(next.body.year).toBe(2027);
  });

  it('refuses a second cycle for the same year with a French message', async () => {
    const organisation = await pilote.post('/api/organisations', { name: 'Mutuelle' });
    const url = `/api/organisations/${organisation.body.id}/cycles`;
    expect((await pilote.post(url, { year: 2030 })).status).toBe(201);
    const again = await pilote.post(url, { year: 2030 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'cycle_exists',
      message: expect.stringContaining('existe déjà'),
    });
  });

  it.each([
    ['an unknown organisation', '/api/organisations/00000000-0000-4000-8000-000000000000/cycles'],
    ['a malformed organisation id', '/api/organisations/nope/cycles'],
    ['an unknown cycle', '/api/cycles/00000000-0000-4000-8000-000000000000'],
    ['a malformed cycle id', '/api/cycles/1%27%20or%201=1'],
    ['an unknown API route', '/api/nothing-here'],
  ])('answers 404 JSON for %s', async (_what, url) => {
    const response = await pilote.get(url);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it.each([
    ['a missing name', {}],
    ['an empty name', { name: '   ' }],
    ['an unknown field', { name: 'A', admin: true }],
    ['a name that is too long', { name: 'x'.repeat(201) }],
  ])('answers 400 JSON for %s', async (_what, body) => {
    const response = await pilote.post('/api/organisations', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });

  it('answers 400 for a bad year or a source cycle of another organisation', async () => {
    const organisation = await pilote.post('/api/organisations', { name: 'Fondation' });
    const other = await pilote.post('/api/organisations', { name: 'Autre' });
    const foreign = await pilote.post(`/api/organisations/${other.body.id}/cycles`, { year: 2026 });
    const url = `/api/organisations/${organisation.body.id}/cycles`;
    expect((await pilote.post(url, { year: 1800 })).status).toBe(400);
    expect((await pilote.post(url, { year: '2026' })).status).toBe(400);
    const fromForeign = await pilote.post(url, { year: 2027, from: foreign.body.id });
    expect(fromForeign.status).toBe(400);
    expect(fromForeign.body.error).toBe('invalid_source_cycle');
  });

  it('answers 400 JSON, not 500, for a body that is not JSON', async () => {
    const response = await fetch(`${server.httpUrl}/api/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: pilote.cookie },
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
        '/api/auth/signup',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/me',
        '/api/organisations',
        '/api/organisations/{orgId}/cycles',
        '/api/cycles/{cycleId}',
        '/api/organisations/{orgId}/members',
        '/api/organisations/{orgId}/invitations',
      ]),
    );
  });
});
