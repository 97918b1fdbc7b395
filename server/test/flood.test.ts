/**
 * Issue 18 #1 and #5: one socket flooding the collaboration endpoint (any role) must not slow down
 * anyone else. Acceptance thresholds of the attack (measured, not speed assertions on normal
 * code): a second client's edit propagation p95 under 1 s and /api/health within 1 s throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  connectClient,
  createCycle,
  createStorage,
  signUp,
  type Person,
  type Storage,
  type TestClient,
} from './helpers.ts';
import { launchPilotis, type PilotisProcess } from './spawn.ts';
import * as Y from 'yjs';
import {
  fillDocument,
  flood,
  fullStateRequest,
  measureDuring,
  rawPeer,
  updateMessage,
} from './flood-helpers.ts';

const ATTACK_MESSAGES = 5_000;

describe.each(BACKENDS)('a flooding socket on %s', (backend) => {
  let storage: Storage;
  // The server runs in its own process, as in production: the attacker's own work (here, in the
  // test process) is not counted as the server's.
  let server: PilotisProcess;
  let documentName: string;
  let lecteur: Person;
  let membre: Person;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await launchPilotis({
      DATA_DIR: storage.dataDir,
      DATABASE_URL: storage.databaseUrl ?? '',
      LOG_LEVEL: 'error',
      SIGNUPS_PER_HOUR: '1000',
    });
    const cycle = await createCycle(server.httpUrl);
    documentName = cycle.documentName;
    const join = async (role: string, name: string) => {
      const invitation = await cycle.pilote.post(
        `/api/organisations/${cycle.organisationId}/invitations`,
        { role },
      );
      const person = await signUp(server.httpUrl, name);
      await person.post(`/api/invitations/${invitation.body.token}/accept`);
      return person;
    };
    lecteur = await join('lecteur', 'Lecteur hostile');
    membre = await join('membre', 'Membre honnête');
    const writer = await connectClient(server.wsUrl, documentName, cycle.pilote);
    const reader = await connectClient(server.wsUrl, documentName, membre);
    clients.push(writer, reader);
    await fillDocument(writer, 150, 400); // ~60 KB: every full-state answer costs something
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await storage?.dispose();
  });

  it('a lecteur that stops reading and asks for the whole document 5 000 times is closed; others barely notice', async () => {
    const attacker = await rawPeer(server.wsUrl, documentName, lecteur);
    const request = fullStateRequest(documentName);
    attacker.stopReading();
    const experience = await measureDuring(server.httpUrl, clients[0]!, clients[1]!, () =>
      flood(attacker.socket, ATTACK_MESSAGES, () => request),
    );
    attacker.resumeReading();
    const code = await attacker.closed;
    console.info(`[${backend}] sync-request flood`, { ...experience, closeCode: code });
    expect(code).not.toBe(1000);
    expect(experience.propagationP95).toBeLessThan(1000);
    expect(experience.healthMax).toBeLessThan(1000);
  }, 180_000);

  it('a membre sending one-character updates as fast as possible is closed; others barely notice', async () => {
    const attacker = await rawPeer(server.wsUrl, documentName, membre);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(updateMessage(documentName, update)));
    for (let i = 0; i < ATTACK_MESSAGES; i++) source.getText('flood').insert(i, 'x');
    const experience = await measureDuring(server.httpUrl, clients[0]!, clients[1]!, () =>
      flood(attacker.socket, ATTACK_MESSAGES, (i) => updates[i]!),
    );
    const code = await attacker.closed;
    console.info(`[${backend}] update flood`, { ...experience, closeCode: code });
    expect(code).toBe(4429);
    expect(experience.propagationP95).toBeLessThan(1000);
    expect(experience.healthMax).toBeLessThan(1000);
  }, 180_000);
});
