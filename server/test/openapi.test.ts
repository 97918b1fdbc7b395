/**
 * One contract: every route the app registers declares its schemas (params for every path
 * parameter, a response for its success status) and appears in /api/openapi.json, which is
 * generated from the same route table; every route of docs/API.md exists with the documented
 * answer fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createStorage, testConfig, type Json, type Storage } from './helpers.ts';

const API_MD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'API.md',
);

/** `/api/cycles/:cycleId` → `/api/cycles/{cycleId}` (the OpenAPI spelling). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

interface Documented {
  method: string;
  url: string;
  status?: number;
  /** Top-level fields of the documented answer; `array` when it is a list of such objects. */
  fields: string[];
  array: boolean;
}

/** Top-level keys of `{a, b: [...], c}` (nested braces and brackets skipped). */
function topLevelKeys(shape: string): string[] {
  const inner = shape.trim().replace(/^\{/, '').replace(/\}$/, '');
  const keys: string[] = [];
  let depth = 0;
  let part = '';
  for (const char of `${inner},`) {
    if (char === '{' || char === '[') depth++;
    if (char === '}' || char === ']') depth--;
    if (char === ',' && depth === 0) {
      const key = part.trim().split(/[:?]/)[0]!.trim();
      if (/^[A-Za-z]+$/.test(key)) keys.push(key);
      part = '';
    } else part += char;
  }
  return keys;
}

/** The routes of API.md's table with the fields of their documented answers. */
function documentedRoutes(markdown: string): Documented[] {
  const routes: Documented[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const [, routeCell = '', answerCell = ''] = line.split(/(?<!\\)\|/);
    const answer = /→ `([^`]*)`/.exec(answerCell)?.[1] ?? '';
    const status = Number(/^(\d{3})/.exec(answer)?.[1] ?? NaN);
    const shape = answer.replace(/^\d{3}\s*/, '');
    const array = shape.startsWith('[{');
    const fields = shape.startsWith('{')
      ? topLevelKeys(shape)
      : array
        ? topLevelKeys(shape.slice(1, -1))
        : [];
    const main = /`(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?]+)`/.exec(routeCell);
    if (!main) continue;
    const [, method = '', url = ''] = main;
    routes.push({ method, url, status: Number.isNaN(status) ? undefined : status, fields, array });
    // "`…/export.xlsx` / `.pdf`" and "`…/resolve` / `reopen`": the same route with another ending.
    for (const [, alt = ''] of routeCell.matchAll(/ \/ `([^`/ ]+)`/g)) {
      const other = alt.startsWith('.')
        ? url.replace(/\.[a-z]+$/, alt)
        : url.replace(/[^/]+$/, alt);
      routes.push({ method, url: other, status: undefined, fields: [], array: false });
    }
    // Routes named in the answer column ("`DELETE /api/links/:linkId` → `204`", the public files).
    for (const [, m = '', u = ''] of answerCell.matchAll(
      /`(?:(GET|POST|PUT|PATCH|DELETE) )?(\/api\/[^`]+)`/g,
    )) {
      routes.push({ method: m || 'GET', url: u, status: undefined, fields: [], array: false });
    }
    for (const [, ext = ''] of answerCell.matchAll(/ and `(\.[a-z]+)`/g)) {
      const last = routes.at(-1)!;
      routes.push({ ...last, url: last.url.replace(/\.[a-z]+$/, ext) });
    }
  }
  return routes;
}

describe('the API contract', () => {
  let storage: Storage;
  let app: FastifyInstance;
  let spec: Json;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    app = await buildApp(testConfig(storage));
    await app.ready();
    spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });

  afterAll(async () => {
    await app?.close();
    await storage?.dispose();
  });

  const apiRoutes = () =>
    app.routeTable.filter(
      (route) => route.url.startsWith('/api/') && route.method !== 'HEAD' && !route.schema?.hide,
    );

  it('registers the routes it is checked against', () => {
    // A table that came back empty would make every check below pass.
    expect(apiRoutes().length).toBeGreaterThan(60);
  });

  it('gives every route a success response schema and a schema for each path parameter', () => {
    const missing: string[] = [];
    for (const route of apiRoutes()) {
      const name = `${route.method} ${route.url}`;
      const statuses = Object.keys(route.schema?.response ?? {});
      if (!statuses.some((status) => /^2\d\d$/.test(status))) missing.push(`${name}: response`);
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
      const declared = Object.keys(
        (route.schema?.params as { properties?: object } | undefined)?.properties ?? {},
      );
      for (const param of params) {
        if (!declared.includes(param)) missing.push(`${name}: params.${param}`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && route.schema?.body === undefined) {
        // A route that reads no body says so with params only; one that reads a body must declare it.
        if (params.length === 0 && !/logout$/.test(route.url)) missing.push(`${name}: body`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists every registered route in /api/openapi.json', () => {
    expect(spec.openapi).toMatch(/^3\./);
    const absent = apiRoutes()
      .filter((route) => !spec.paths[openApiPath(route.url)]?.[route.method.toLowerCase()])
      .map((route) => `${route.method} ${route.url}`);
    expect(absent).toEqual([]);
  });

  it('serves every route of API.md with the documented answer fields', () => {
    const documented = documentedRoutes(readFileSync(API_MD, 'utf8'));
    expect(documented.length).toBeGreaterThan(25);
    const problems: string[] = [];
    for (const route of documented) {
      const name = `${route.method} ${route.url}`;
      const registered = apiRoutes().find(
        (candidate) => candidate.method === route.method && candidate.url === route.url,
      );
      if (!registered) {
        problems.push(`${name}: not registered`);
        continue;
      }
      const response = (registered.schema?.response ?? {}) as Record<string, Json>;
      const status = String(route.status ?? Object.keys(response).find((s) => /^2/.test(s)));
      const schema = response[status];
      if (!schema) {
        problems.push(`${name}: no ${status} response`);
        continue;
      }
      const object = route.array ? schema.items : schema;
      if (route.array && schema.type !== 'array') problems.push(`${name}: not a list`);
      const properties = Object.keys(object?.properties ?? {});
      for (const field of route.fields) {
        if (!properties.includes(field)) problems.push(`${name}: no field ${field}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
