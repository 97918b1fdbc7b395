/**
 * Issue 18 #9, #12 and #15 on a real server: every answer keeps the `{error, message}` contract
 * in French, including before routing (URL too long, headers too large, malformed URL, plain GET
 * on the collaboration path); text with control or invisible characters is refused with a 400
 * instead of reaching the database (500 before); JSON bodies nested too deep are refused.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Person,
  createStorage,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';

/** Send raw bytes and read the whole answer (status line, headers, body). */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; body: { error: string; message: string } } {
  const status = Number(answer.split(' ')[1]);
  const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
  return { status, body: JSON.parse(body) };
}

const FRENCH = /[éèêàçù’]/;

describe('the HTTP contract at the edges', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('answers a URL that is too long with 414 JSON, without echoing it', async () => {
    const secret = 'x'.repeat(9000);
    const long = await fetch(`${server.httpUrl}/api/cycles?q=${secret}`);
    expect(long.status).toBe(414);
    const body = await long.json();
    expect(body.error).toBe('uri_too_long');
    expect(body.message).toMatch(FRENCH);
    expect(JSON.stringify(body)).not.toContain('xxxx');

    // A path segment past the router's limit (it echoed the path, in English).
    const segment = await fetch(`${server.httpUrl}/api/cycles/${'é'.repeat(200)}/export.pdf`);
    expect(segment.status).toBe(414);
    const segmentBody = await segment.json();
    expect(segmentBody.error).toBe('uri_too_long');
    expect(JSON.stringify(segmentBody)).not.toContain('%C3%A9');
  });

  it('answers headers that are too large with 431 JSON in French', async () => {
    const answer = await rawRequest(
      server.httpUrl,
      `GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: a=${'b'.repeat(20_000)}\r\n\r\n`,
    );
    const { status, body } = parse(answer);
    expect(status).toBe(431);
    expect(body.error).toBe('headers_too_large');
    expect(body.message).toMatch(FRENCH);
  });

  it('answers a malformed URL with 400 JSON, without echoing it', async () => {
    const answer = await rawRequest(
      server.httpUrl,
      'GET /api/cycles/%E0%A4%A/export.pdf HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    const { status, body } = parse(answer);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'bad_url', message: expect.stringMatching(FRENCH) });
  });

  it('answers a plain GET on the collaboration path with 426 JSON', async () => {
    for (const path of ['/collab', '/collab?schemaVersion=3']) {
      const reply = await fetch(`${server.httpUrl}${path}`);
      expect(reply.status).toBe(426);
      expect(await reply.json()).toEqual({
        error: 'upgrade_required',
        message: expect.stringMatching(FRENCH),
      });
    }
  });

  it('refuses control, direction-override and invisible characters and broken UTF-16 with a 400', async () => {
    const person = await signUp(server.httpUrl, 'Zoé L’Hôte');
    const bad = [
      'Association\u0000des tests',
      'Association \u202Efdp.exe',
      'Association\u200Bcachée',
      'Association \ud800 brisée',
    ];
    for (const name of bad) {
      const reply = await person.post('/api/organisations', { name });
      expect(reply.status, JSON.stringify(name)).toBe(400);
      expect(reply.body.error).toBe('invalid_characters');
      expect(reply.body.message).toMatch(/champ « name »/);
    }
    // Anonymous sign-in and sign-up with a NUL byte in the e-mail: 400, not 500.
    const anonymous = new Person(server.httpUrl);
    const login = await anonymous.post('/api/auth/login', {
      email: 'camille\u0000@example.org',
      password: 'un mot de passe',
    });
    expect(login.status).toBe(400);
    const signup = await anonymous.post('/api/auth/signup', {
      email: 'camille@example.org',
      password: 'un mot de passe solide',
      name: 'Camille\u0007',
    });
    expect(signup.status).toBe(400);

    // French text with accents, apostrophes, line breaks and emoji (joined ones included) passes.
    const good = await person.post('/api/organisations', {
      name: 'L’Équipée 38,5 % 👩‍👩‍👧 🌿',
    });
    expect(good.status).toBe(201);
    expect(good.body.name).toBe('L’Équipée 38,5 % 👩‍👩‍👧 🌿');
  });

  it('refuses JSON bodies nested deeper than the API ever needs', async () => {
    const person = await signUp(server.httpUrl);
    for (const levels of [40, 20_000]) {
      const body = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      const reply = await fetch(`${server.httpUrl}/api/organisations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: person.cookie },
        body,
      });
      expect(reply.status).toBe(400);
      expect((await reply.json()).error).toBe('too_deep');
    }
  });
});
