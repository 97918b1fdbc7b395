/**
 * Issue 16, several instances: two `npm start` processes (real child processes, each on its own
 * port) sharing one PostgreSQL and one Redis behave as one server. Clients connect to either;
 * HTTP calls go to either. Nothing here is sticky: what one instance did, the other serves.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import ExcelJS from 'exceljs';
import {
  CLIENT_VERSION_QUERY,
  MembershipChanged,
  SEED_COLUMNS,
  paragraphElements,
  readCycle,
  readRows,
  readSectionBody,
  richToPlainText,
  rowText,
  sectionBody,
} from '@pilotis/shared';
import {
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  Person,
  signUp,
  waitFor,
  type Storage,
  type TestClient,
} from './helpers.ts';
import { spawnWithPort, type SpawnedServer } from './spawn.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Instance {
  spawned: SpawnedServer;
  httpUrl: string;
  wsUrl: string;
  port: number;
}

/** One `npm start` process on a free port, on the shared PostgreSQL database and Redis. */
async function spawnInstance(storage: Storage, env: NodeJS.ProcessEnv = {}): Promise<Instance> {
  const spawned = await spawnWithPort({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    DATABASE_URL: storage.databaseUrl ?? '',
    REDIS_URL,
    CLIENT_DIR: path.join(storage.dataDir, 'no-client'),
    LOG_LEVEL: 'warn',
    // Every test person signs up and connects from 127.0.0.1.
    SIGNUPS_PER_HOUR: '100000',
    COLLAB_CONNECTIONS_PER_MINUTE: '0',
    ...env,
  });
  const port = Number(spawned.port);
  return {
    spawned,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab${CLIENT_VERSION_QUERY}`,
  };
}

/** The same signed-in person calling another instance (same session cookie). */
function on(instance: Instance, person: Person): Person {
  const other = new Person(instance.httpUrl);
  other.cookie = person.cookie;
  other.user = person.user;
  return other;
}

/** Invite a new person with `role` into the organisation (through whichever instance `pilote` calls). */
async function invite(pilote: Person, organisationId: string, role: string, name: string) {
  const invitation = await pilote.post(`/api/organisations/${organisationId}/invitations`, {
    role,
  });
  expect(invitation.status).toBe(201);
  const person = await signUp(pilote.baseUrl, name);
  expect((await person.post(`/api/invitations/${invitation.body.token}/accept`)).status).toBe(200);
  return person;
}

/** Poll an asynchronous condition until it holds; fails after `timeoutMs` naming what was awaited. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cell = (client: TestClient, rowId: string, field: 'baseline' | 'target1y' | 'sources') =>
  rowText(client.doc, rowId, field).toString();

function sectionText(doc: Y.Doc, sectionId: string): string {
  return richToPlainText(readSectionBody(sectionBody(doc, sectionId)));
}

/** An .xlsx with one row of the template (AG participation) and a source taken from the file. */
async function agWorkbook(source: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Pilotage');
  sheet.addRow([...SEED_COLUMNS, 'Sources']);
  sheet.addRow([
    '1. Gouvernance démocratique',
    '1.3 Exercice du pouvoir',
    'Le taux de participation à l’Assemblée Générale et son évolution sont-ils satisfaisants ?',
    '',
    '',
    '',
    source,
  ]);
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('two npm start processes on one PostgreSQL and one Redis', () => {
  let storage: Storage;
  let a: Instance;
  let b: Instance;
  const clients: TestClient[] = [];
  const connectTo = async (instance: Instance, documentName: string, person: Person) => {
    const client = await connectClient(instance.wsUrl, documentName, person);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    storage = await createStorage('postgres');
    [a, b] = await Promise.all([spawnInstance(storage), spawnInstance(storage)]);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([a?.spawned.stop(), b?.spawned.stop()]);
    await storage?.dispose();
  }, 60_000);

  it('makes clients on each instance converge: grid cells, the same cell typed on both, a section', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const onA = await connectTo(a, cycle.documentName, cycle.pilote);
    const onB = await connectTo(b, cycle.documentName, cycle.pilote);
    const [first, second] = readRows(onA.doc);
    const sectionId = readCycle(onA.doc).sections[0]!.id;

    rowText(onA.doc, first!.id, 'baseline').insert(0, 'écrit sur A ');
    rowText(onB.doc, second!.id, 'baseline').insert(0, 'écrit sur B ');
    // The same cell, concurrently, from both sides: both insertions are kept.
    rowText(onA.doc, first!.id, 'target1y').insert(0, '[A]');
    rowText(onB.doc, first!.id, 'target1y').insert(0, '[B]');
    sectionBody(onA.doc, sectionId)!.insert(0, paragraphElements('Paragraphe venu de A'));
    sectionBody(onB.doc, sectionId)!.insert(0, paragraphElements('Paragraphe venu de B'));

    await waitFor(
      () =>
        cell(onB, first!.id, 'baseline').startsWith('écrit sur A ') &&
        cell(onA, second!.id, 'baseline').startsWith('écrit sur B ') &&
        cell(onA, first!.id, 'target1y') === cell(onB, first!.id, 'target1y') &&
        cell(onA, first!.id, 'target1y').includes('[A]') &&
        cell(onA, first!.id, 'target1y').includes('[B]') &&
        sectionText(onA.doc, sectionId).includes('Paragraphe venu de B') &&
        sectionText(onB.doc, sectionId).includes('Paragraphe venu de A'),
      'both instances’ edits on both clients',
    );
    await Promise.all([acknowledged(onA), acknowledged(onB)]);
    await waitFor(
      () => sectionText(onA.doc, sectionId) === sectionText(onB.doc, sectionId),
      'the section to read the same on both',
    );
    expect(readCycle(onA.doc)).toEqual(readCycle(onB.doc));
    // A third client, opening the document on B afterwards, gets the same.
    const late = await connectTo(b, cycle.documentName, cycle.pilote);
    expect(readCycle(late.doc)).toEqual(readCycle(onA.doc));
  }, 60_000);

  it('shows presence across instances, with the account’s name, and removes it when its tab leaves', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const watcher = await connectTo(b, cycle.documentName, cycle.pilote);
    const firstRow = readRows(watcher.doc)[0]!.id;
    const colleague = await invite(cycle.pilote, cycle.organisationId, 'membre', 'Inès Collègue');
    const mover = await connectClient(a.wsUrl, cycle.documentName, colleague);
    mover.provider.setAwarenessField('user', { name: 'Nom inventé', color: '#aa3377' });
    mover.provider.setAwarenessField('cell', { rowId: firstRow, field: 'baseline' });
    const moverId = mover.doc.clientID;
    const seen = () =>
      watcher.provider.awareness!.getStates().get(moverId) as
        { user?: { name?: string }; cell?: { rowId?: string } } | undefined;
    await waitFor(() => seen()?.cell?.rowId === firstRow, 'the presence from A on B');
    expect(seen()!.user!.name).toBe('Inès Collègue');

    mover.provider.setAwarenessField('cell', { rowId: firstRow, field: 'target1y' });
    await waitFor(
      () => (seen()?.cell as { field?: string } | undefined)?.field === 'target1y',
      'the moved presence on B',
    );
    // The person closes their tab: their presence leaves the other instance's clients too.
    mover.destroy();
    await waitFor(() => seen() === undefined, 'the presence to leave B');
  }, 60_000);

  it('pushes a comment posted on A to a client on B (the notice, not a reload)', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const commentateur = await invite(
      cycle.pilote,
      cycle.organisationId,
      'commentateur',
      'Chloé Commentatrice',
    );
    const watcher = await connectTo(b, cycle.documentName, commentateur);
    const notices: { type: string; event: string; threadId: string }[] = [];
    watcher.provider.on('stateless', ({ payload }: { payload: string }) => {
      const notice = JSON.parse(payload) as (typeof notices)[number];
      if (notice.type === 'pilotis.comments') notices.push(notice);
    });
    const thread = await cycle.pilote.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: readRows(watcher.doc)[0]!.id },
      body: 'Posté sur A',
    });
    expect(thread.status).toBe(201);
    await waitFor(
      () => notices.some((n) => n.event === 'thread' && n.threadId === thread.body.id),
      'the new-thread notice on B',
    );
    // What the notice tells the client to fetch, B serves.
    const threads = await on(b, commentateur).get(`/api/cycles/${cycle.id}/threads`);
    expect(threads.status).toBe(200);
    expect(JSON.stringify(threads.body)).toContain('Posté sur A');

    // The reply goes through B; a client on A gets it live too.
    const onA = await connectTo(a, cycle.documentName, cycle.pilote);
    const noticesOnA: string[] = [];
    onA.provider.on('stateless', ({ payload }: { payload: string }) => {
      noticesOnA.push((JSON.parse(payload) as { event: string }).event);
    });
    const reply = await on(b, commentateur).post(`/api/threads/${thread.body.id}/messages`, {
      body: 'Répondu sur B',
    });
    expect(reply.status).toBe(201);
    await waitFor(() => noticesOnA.includes('message'), 'the reply notice on A');
  }, 60_000);

  it('freezes a version on A with what was typed on B; B lists it, serves it and restores it', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const onB = await connectTo(b, cycle.documentName, cycle.pilote);
    const rowId = readRows(onB.doc)[0]!.id;
    rowText(onB.doc, rowId, 'baseline').insert(0, 'Tapé sur B avant la version. ');
    await acknowledged(onB);

    const frozen = await cycle.pilote.post(`/api/cycles/${cycle.id}/versions`, {
      label: 'Version du CA',
      stage: 'board',
    });
    expect(frozen.status).toBe(201);
    const pilotOnB = on(b, cycle.pilote);
    const listed = await pilotOnB.get(`/api/cycles/${cycle.id}/versions`);
    expect(listed.status).toBe(200);
    expect((listed.body as { id: string }[]).map((v) => v.id)).toContain(frozen.body.id);
    const state = await fetch(`${b.httpUrl}/api/versions/${frozen.body.id}/state`, {
      headers: { cookie: cycle.pilote.cookie },
    });
    expect(state.status).toBe(200);
    const version = new Y.Doc();
    Y.applyUpdate(version, new Uint8Array(await state.arrayBuffer()));
    expect(rowText(version, rowId, 'baseline').toString()).toMatch(
      /^Tapé sur B avant la version\. /,
    );

    // Later typing on B, then a restore asked of B: the client on A sees the frozen text back.
    const onA = await connectTo(a, cycle.documentName, cycle.pilote);
    rowText(onB.doc, rowId, 'baseline').insert(0, 'Après la version. ');
    await waitFor(() => cell(onA, rowId, 'baseline').startsWith('Après'), 'the later edit on A');
    const restored = await pilotOnB.post(`/api/versions/${frozen.body.id}/restore`);
    expect(restored.status).toBe(200);
    await waitFor(
      () => cell(onA, rowId, 'baseline') === rowText(version, rowId, 'baseline').toString(),
      'the restored text on A',
    );
  }, 120_000);

  it('applies on B an import preview made on A, live on a client of A', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const onA = await connectTo(a, cycle.documentName, cycle.pilote);
    const upload = await fetch(`${a.httpUrl}/api/cycles/${cycle.id}/import`, {
      method: 'POST',
      headers: {
        cookie: cycle.pilote.cookie,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: new Blob([new Uint8Array(await agWorkbook('Feuilles d’émargement (import)'))]),
    });
    expect(upload.status).toBe(200);
    const preview = (await upload.json()) as { importId: string };
    const confirmed = await on(b, cycle.pilote).post(
      `/api/cycles/${cycle.id}/import/${preview.importId}/confirm`,
    );
    expect(confirmed.status).toBe(200);
    const agRow = () =>
      readCycle(onA.doc).rows.find((row) => row.label.startsWith('Le taux de participation'))!;
    await waitFor(() => agRow().sources !== '', 'the imported cell on A');
    expect(agRow().sources).toBe('Feuilles d’émargement (import)');
  }, 60_000);

  it('closes on B the socket of a membre whose role is changed on A', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const membre = await invite(cycle.pilote, cycle.organisationId, 'membre', 'Marc Membre');
    const onB = await connectTo(b, cycle.documentName, membre);
    const closes: number[] = [];
    onB.socket.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));
    const demoted = await cycle.pilote.patch(
      `/api/organisations/${cycle.organisationId}/members/${membre.user!.id}`,
      { role: 'lecteur' },
    );
    expect(demoted.status).toBe(200);
    await waitFor(
      () => closes.includes(MembershipChanged.code),
      'the membre’s socket on B to close',
    );
  }, 60_000);

  it('counts a brake on both instances together (comments per person and minute)', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const reader = await connectTo(a, cycle.documentName, cycle.pilote);
    const anchor = { kind: 'row', id: readRows(reader.doc)[0]!.id };
    const pilotOnB = on(b, cycle.pilote);
    const statuses: number[] = [];
    // 30 messages a minute per person: alternate instances until one says 429.
    for (let i = 0; i < 31; i++) {
      const person = i % 2 === 0 ? cycle.pilote : pilotOnB;
      statuses.push(
        (await person.post(`/api/cycles/${cycle.id}/threads`, { anchor, body: `n°${i}` })).status,
      );
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(201));
    expect(statuses[30]).toBe(429);
    expect(
      (await cycle.pilote.post(`/api/cycles/${cycle.id}/threads`, { anchor, body: 'encore' }))
        .status,
    ).toBe(429);
  }, 60_000);
});

/**
 * A TCP proxy, as a reverse proxy without sticky sessions forwards: each new connection goes to the
 * first target still up; connections to a target that dies are cut. `cut()` also severs every
 * open connection at once (a network failure).
 */
function failoverProxy(targets: { port: number; up: boolean }[]) {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const target = targets.find((t) => t.up);
    if (!target) return client.destroy();
    const upstream = connect(target.port, '127.0.0.1');
    open.add(client);
    const cut = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.pipe(upstream).pipe(client);
    client.on('error', cut);
    upstream.on('error', cut);
    upstream.on('close', cut);
    client.on('close', cut);
  });
  return new Promise<{ port: number; cut(): void; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const cut = () => {
        for (const socket of open) socket.destroy();
      };
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        cut,
        close: () =>
          new Promise((done) => {
            cut();
            server.close(() => done());
          }),
      });
    }),
  );
}

describe('one of two instances killed (SIGKILL) mid-session', () => {
  let storage: Storage;
  let a: Instance;
  let b: Instance;
  let proxy: Awaited<ReturnType<typeof failoverProxy>>;
  const targets: { port: number; up: boolean }[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    // A long store debounce: nothing is compacted before the kill, the update log holds the edits.
    const env = { STORE_DEBOUNCE_MS: '60000' };
    [a, b] = await Promise.all([spawnInstance(storage, env), spawnInstance(storage, env)]);
    targets.push({ port: a.port, up: true }, { port: b.port, up: true });
    proxy = await failoverProxy(targets);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.close();
    if (a && a.spawned.child.exitCode === null && a.spawned.child.signalCode === null) {
      a.spawned.child.kill('SIGKILL');
    }
    await b?.spawned.stop();
    await storage?.dispose();
  }, 60_000);

  it('loses no acknowledged edit: its clients reconnect to the other and everything converges', async () => {
    const proxied = `ws://127.0.0.1:${proxy.port}/collab${CLIENT_VERSION_QUERY}`;
    // A cycle open on both: two tabs reach A through the proxy (one stays, one closes with A), one
    // tab is on B, which holds the cycle in memory (A's edits reach it through Redis).
    const shared = await createCycle(a.httpUrl, 2026);
    const stays = await connectClient(proxied, shared.documentName, shared.pilote);
    const leaves = await connectClient(proxied, shared.documentName, shared.pilote);
    const onB = await connectClient(b.wsUrl, shared.documentName, shared.pilote);
    // A cycle open on A only, by one tab that closes with A: nothing holds its edits but the
    // database, from which B loads it afterwards (A's update log).
    const alone = await createCycle(a.httpUrl, 2027);
    const aloneTab = await connectClient(proxied, alone.documentName, alone.pilote);
    clients.push(stays, leaves, onB, aloneTab);
    const rows = readRows(stays.doc).map((row) => row.id);
    const aloneRow = readRows(aloneTab.doc)[0]!.id;

    const typed: string[] = [];
    const aloneTyped: string[] = [];
    const type = (client: TestClient, who: string, row: number, n: number) => {
      const marker = `«${who}-${n}»`;
      rowText(client.doc, rows[row]!, 'baseline').insert(0, marker);
      typed.push(marker);
    };

    // Acknowledged typing on every tab.
    for (let n = 0; n < 20; n++) {
      type(stays, 'stays', 0, n);
      type(leaves, 'leaves', 1, n);
      type(onB, 'onB', 2, n);
      rowText(aloneTab.doc, aloneRow, 'baseline').insert(0, `«seul-${n}»`);
      aloneTyped.push(`«seul-${n}»`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all([stays, leaves, onB, aloneTab].map(acknowledged));
    const acknowledgedBeforeKill = [...typed];

    // More typing in flight when A dies; the tabs that leave are closed for good at that moment.
    for (let n = 20; n < 30; n++) type(stays, 'stays', 0, n);
    targets[0]!.up = false;
    const exited = new Promise((resolve) => a.spawned.child.once('exit', resolve));
    a.spawned.child.kill('SIGKILL');
    await exited;
    leaves.destroy();
    aloneTab.destroy();

    // The tab that stays reconnects through the proxy, now to B, and keeps typing.
    await waitFor(
      () => stays.provider.isSynced && !stays.provider.hasUnsyncedChanges,
      'the tab of A to resync with B',
      30_000,
    );
    for (let n = 30; n < 35; n++) type(stays, 'stays', 0, n);
    type(onB, 'onB', 2, 20);
    await Promise.all([stays, onB].map(acknowledged));

    /** Markers of `expected` that the first rows of `doc` lack. */
    const missing = (doc: Y.Doc, expected: string[], rowIds = rows.slice(0, 3)) => {
      const text = rowIds.map((id) => rowText(doc, id, 'baseline').toString()).join('|');
      return expected.filter((marker) => !text.includes(marker));
    };
    // Every tab still open holds everything typed, acknowledged or in flight at the kill.
    await waitFor(
      () => missing(stays.doc, typed).length === 0 && missing(onB.doc, typed).length === 0,
      'every edit on every tab',
    );
    expect(readCycle(stays.doc)).toEqual(readCycle(onB.doc));
    // A tab opened now on B, with nothing of its own, reads every acknowledged edit, including
    // those of the tabs closed with A.
    const fresh = await connectClient(b.wsUrl, shared.documentName, shared.pilote);
    const aloneOnB = await connectClient(b.wsUrl, alone.documentName, alone.pilote);
    clients.push(fresh, aloneOnB);
    expect(missing(fresh.doc, acknowledgedBeforeKill)).toEqual([]);
    expect(readCycle(fresh.doc)).toEqual(readCycle(stays.doc));
    expect(missing(aloneOnB.doc, aloneTyped, [aloneRow])).toEqual([]);

    // And the database has them: every tab leaves, B stops, a new instance loads the documents.
    for (const client of clients.splice(0)) client.destroy();
    await b.spawned.stop();
    const c = await spawnInstance(storage);
    try {
      const reader = await connectClient(c.wsUrl, shared.documentName, shared.pilote);
      const aloneReader = await connectClient(c.wsUrl, alone.documentName, alone.pilote);
      clients.push(reader, aloneReader);
      expect(missing(reader.doc, typed)).toEqual([]);
      expect(missing(aloneReader.doc, aloneTyped, [aloneRow])).toEqual([]);
    } finally {
      for (const client of clients.splice(0)) client.destroy();
      await c.spawned.stop();
    }
  }, 120_000);
});

describe('Redis unreachable for a while', () => {
  let storage: Storage;
  let a: Instance;
  let b: Instance;
  // Each instance reaches Redis through its own link, so that they can come back one after the other.
  const links: {
    target: { port: number; up: boolean };
    proxy: Awaited<ReturnType<typeof failoverProxy>>;
  }[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage('postgres');
    for (let i = 0; i < 2; i++) {
      const target = { port: Number(new URL(REDIS_URL).port || 6379), up: true };
      links.push({ target, proxy: await failoverProxy([target]) });
    }
    const [first, second] = links.map(({ proxy }) => `redis://127.0.0.1:${proxy.port}`);
    [a, b] = await Promise.all([
      spawnInstance(storage, { REDIS_URL: first, LOGIN_FAILURES_PER_MINUTE: '3' }),
      spawnInstance(storage, { REDIS_URL: second }),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const link of links) link.target.up = true;
    await Promise.all([a?.spawned.stop(), b?.spawned.stop()]);
    await Promise.all(links.map((link) => link.proxy.close()));
    await storage?.dispose();
  }, 60_000);

  const status = async (instance: Instance, route: string) =>
    (await fetch(`${instance.httpUrl}/api/${route}`)).status;

  it('is not ready (still alive) without Redis, then ready again; what was typed meanwhile reaches the other instance', async () => {
    const cycle = await createCycle(a.httpUrl, 2026);
    const onA = await connectClient(a.wsUrl, cycle.documentName, cycle.pilote);
    const onB = await connectClient(b.wsUrl, cycle.documentName, cycle.pilote);
    clients.push(onA, onB);
    expect(await status(a, 'ready')).toBe(200);
    expect(await (await fetch(`${b.httpUrl}/api/ready`)).json()).toEqual({ status: 'ready' });

    for (const link of links) {
      link.target.up = false;
      link.proxy.cut();
    }
    await until(async () => (await status(a, 'ready')) === 503, 'A to say it is not ready');
    const response = await fetch(`${a.httpUrl}/api/ready`);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 503,
      body: { error: 'not_ready', message: 'Instance pas prête : Redis ne répond pas.' },
    });
    expect(await status(a, 'health')).toBe(200);

    // People already signed in go on; the brakes count on this instance meanwhile (no 500).
    const thread = await on(a, cycle.pilote).post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: readRows(onA.doc)[0]!.id },
      body: 'Posté pendant la coupure',
    });
    expect(thread.status).toBe(201);
    const failures: number[] = [];
    for (let i = 0; i < 4; i++) {
      const login = await new Person(a.httpUrl).post('/api/auth/login', {
        email: `inconnu.${Date.now()}@example.org`,
        password: 'pas le bon',
      });
      failures.push(login.status);
    }
    expect(failures).toEqual([401, 401, 401, 429]);

    // Typing on A goes on, acknowledged by A (the update log is in PostgreSQL).
    const rowId = readRows(onA.doc)[0]!.id;
    rowText(onA.doc, rowId, 'baseline').insert(0, 'pendant la coupure, sur A ');
    await acknowledged(onA);

    // A finds Redis again first, B a moment later; nobody types any more.
    links[0]!.target.up = true;
    await until(async () => (await status(a, 'ready')) === 200, 'A to be ready again');
    links[1]!.target.up = true;
    await until(async () => (await status(b, 'ready')) === 200, 'B to be ready again');
    await waitFor(
      () => cell(onB, rowId, 'baseline').startsWith('pendant la coupure, sur A '),
      'the edit made on A during the cut to reach B',
    );
    expect(readCycle(onA.doc)).toEqual(readCycle(onB.doc));
  }, 120_000);
});
