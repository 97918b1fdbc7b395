/**
 * The sign-in brake on @fastify/rate-limit: only failures count (a success gives its attempt back),
 * the answer is a French 429 with Retry-After, and with REDIS_URL the count holds across instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  createStorage,
  Person,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'un mot de passe solide';

const login = (server: RunningServer, email: string, password: string) =>
  new Person(server.httpUrl).post('/api/auth/login', { email, password });

describe('sign-in brake in memory', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage, { loginFailuresPerMinute: 4 }));
  });
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('counts failures only: successes beyond the limit never block, the fifth failure does', async () => {
    const person = await signUp(server.httpUrl, 'Zoé L’Hôte-Éluard');
    const email = person.user!.email;
    for (let i = 0; i < 6; i++) expect((await login(server, email, PASSWORD)).status).toBe(200);
    const failures: number[] = [];
    for (let i = 0; i < 5; i++)
      failures.push((await login(server, email, `faux n°${i} ’é`)).status);
    expect(failures).toEqual([401, 401, 401, 401, 429]);
    const blocked = await login(server, email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      error: 'too_many_requests',
      message: 'Trop de tentatives : réessayez dans une minute.',
    });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});

describe('sign-in brake across two instances through Redis', () => {
  let storage: Storage;
  let one: RunningServer;
  let two: RunningServer;

  beforeAll(async () => {
    // Every test server signs in from 127.0.0.1: start from a clean per-address count.
    const redis = new Redis(REDIS_URL);
    const stale = await redis.keys('pilotis:rate:*login:ip:*');
    if (stale.length > 0) await redis.del(...stale);
    await redis.quit();
    storage = await createStorage('postgres');
    const config = testConfig(storage, { redisUrl: REDIS_URL, loginFailuresPerMinute: 6 });
    one = await startServer(config);
    two = await startServer(config);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await storage?.dispose();
  });

  it('answers 429 on either instance once the failures on both reach the limit', async () => {
    const email = (await signUp(one.httpUrl, 'Noël Dupré')).user!.email;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await login(i % 2 ? two : one, email, `mauvais ${i}`)).status);
    }
    expect(statuses).toEqual(Array(6).fill(401));
    expect((await login(one, email, 'encore faux')).status).toBe(429);
    const right = await login(two, email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/Trop de tentatives/);
  });
});

describe('sign-in brake behind a reverse proxy (TRUST_PROXY)', () => {
  let storage: Storage;
  let behind: RunningServer;
  let untrusted: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    // Tests reach the server from 127.0.0.1: here that address is the proxy.
    const config = testConfig(storage, { loginFailuresPerMinute: 3, trustProxy: ['127.0.0.1'] });
    behind = await startServer(config);
    untrusted = await startServer({ ...config, trustProxy: [] });
  });
  afterAll(async () => {
    await behind?.close();
    await untrusted?.close();
    await storage?.dispose();
  });

  /** A failed sign-in of a new address `email`, as forwarded by the proxy for `address`. */
  const failFrom = async (server: RunningServer, address: string, email: string) =>
    (
      await new Person(server.httpUrl).request(
        'POST',
        '/api/auth/login',
        { email, password: 'faux' },
        { 'x-forwarded-for': address },
      )
    ).status;

  it('counts each person’s address, not the proxy’s: one address blocked, the next one not', async () => {
    const suffix = `${Date.now()}`;
    for (const server of [behind, untrusted]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(await failFrom(server, '198.18.0.1', `a${i}.${suffix}@example.org`));
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    }
    // Someone else, behind the same proxy: refused only when the proxy is not trusted.
    expect(await failFrom(behind, '198.18.0.2', `b.${suffix}@example.org`)).toBe(401);
    expect(await failFrom(untrusted, '198.18.0.2', `b.${suffix}@example.org`)).toBe(429);
  });
});
