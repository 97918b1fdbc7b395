import { fakeSmtp } from './fake-smtp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCycle, type CycleModel } from '@pilotis/shared';
import { sendDueDigests } from '../src/features/comments/comments.notifications.ts';
import {
  BACKENDS,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { join, rowId } from './comments-helpers.ts';

/** A received mail's headers and its quoted-printable text, decoded. */
function decode(raw: string): { to: string; text: string } {
  const [head = '', ...rest] = raw.split('\n\n');
  const body = rest.join('\n\n').replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const hex = /^=([0-9A-F]{2})/.exec(body.slice(i, i + 3));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 2;
    } else bytes.push(...Buffer.from(body[i]!, 'utf8'));
  }
  return {
    to: /^To: (.*)$/m.exec(head)?.[1] ?? '',
    text: Buffer.from(bytes).toString('utf8'),
  };
}

describe.each(BACKENDS)('comment notifications and e-mail digests on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let pilote: Person;
  let membre: Person;
  let lecteur: Person;
  let silent: Person;
  let cycle: { id: string; organisationId: string; documentName: string };
  let model: CycleModel;
  const config = { smtpUrl: '', publicUrl: 'https://pilotis.example.org' };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    config.smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage, config));
    const created = await createCycle(server.httpUrl, 2026);
    pilote = created.pilote;
    cycle = created;
    membre = await join(server, pilote, cycle.organisationId, 'membre', 'Marc Membre');
    lecteur = await join(server, pilote, cycle.organisationId, 'lecteur', 'Léa Lectrice');
    silent = await join(server, pilote, cycle.organisationId, 'membre', 'Sam Silence');
    model = readCycle(await server.app.documents.loadDoc(cycle.documentName));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('gives each mentioned member one inbox entry and one batched e-mail linking to the thread', async () => {
    expect((await silent.request('PUT', '/api/me/comment-settings', { mail: false })).body).toEqual(
      { mail: false },
    );
    const thread = await pilote.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId(model, '1.3', 1) },
      body: 'Bonjour @Marc Membre, @Léa Lectrice et @Sam Silence : qu’en dites-vous ?',
    });
    expect(thread.status).toBe(201);
    await pilote.post(`/api/threads/${thread.body.id}/messages`, {
      body: '@Marc Membre, un second point.',
    });

    const entries = async (person: Person) =>
      (await person.get('/api/me/notifications')).body.items.filter(
        (item: { threadId: string }) => item.threadId === thread.body.id,
      );
    expect(await entries(membre)).toHaveLength(2);
    expect(await entries(lecteur)).toHaveLength(1);
    expect(await entries(silent)).toHaveLength(1);
    expect(await entries(pilote)).toHaveLength(0);

    // Entries wait a little so that a burst goes out together; none is due yet.
    expect(await sendDueDigests(server.app.db, config)).toBe(0);
    expect(await sendDueDigests(server.app.db, config, { delayMs: 0 })).toBe(2);
    const mails = smtp.messages.map(decode);
    expect(mails).toHaveLength(2);
    const toMarc = mails.find((mail) => mail.to.includes(membre.user!.email))!;
    expect(toMarc.text).toContain('Pauline Pilote vous a mentionné');
    expect(toMarc.text).toContain('un second point.');
    expect(toMarc.text.match(/vous a mentionné/g)).toHaveLength(2);
    expect(toMarc.text).toContain(
      `https://pilotis.example.org/cycles/${cycle.id}/fils?fil=${thread.body.id}`,
    );
    expect(mails.some((mail) => mail.to.includes(lecteur.user!.email))).toBe(true);
    expect(mails.some((mail) => mail.to.includes(silent.user!.email))).toBe(false);

    // At most one mail per person and cycle in 15 minutes: the next mention waits.
    await pilote.post(`/api/threads/${thread.body.id}/messages`, { body: '@Marc Membre encore' });
    expect(await sendDueDigests(server.app.db, config, { delayMs: 0 })).toBe(0);
    expect(smtp.messages).toHaveLength(2);
    // Once the window has passed, the waiting entry goes out alone.
    expect(await sendDueDigests(server.app.db, config, { delayMs: 0, intervalMs: 0 })).toBe(1);
    const last = decode(smtp.messages.at(-1)!);
    expect(last.to).toContain(membre.user!.email);
    expect(last.text).toContain('encore');
    expect(last.text).not.toContain('un second point.');
  });
});

describe('e-mail digests with two instances on one PostgreSQL', () => {
  let storage: Storage;
  let one: RunningServer;
  let two: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  const config = { smtpUrl: '', publicUrl: 'https://pilotis.example.org' };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    config.smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    storage = await createStorage('postgres');
    one = await startServer(testConfig(storage, config));
    two = await startServer(testConfig(storage, config));
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('sends a digest once when both instances sweep at the same moment', async () => {
    const { pilote, ...cycle } = await createCycle(one.httpUrl, 2026);
    const membre = await join(one, pilote, cycle.organisationId, 'membre', 'Marc Membre');
    const model = readCycle(await one.app.documents.loadDoc(cycle.documentName));
    for (let i = 0; i < 3; i++) {
      const thread = await pilote.post(`/api/cycles/${cycle.id}/threads`, {
        anchor: { kind: 'row', id: rowId(model, '1.3', 1) },
        body: `@Marc Membre, point n°${i}`,
      });
      expect(thread.status).toBe(201);
    }
    // Each instance runs the sweep on its own timer: here both run it together, several times.
    const sent = await Promise.all([
      sendDueDigests(one.app.db, config, { delayMs: 0 }),
      sendDueDigests(two.app.db, config, { delayMs: 0 }),
      sendDueDigests(one.app.db, config, { delayMs: 0 }),
      sendDueDigests(two.app.db, config, { delayMs: 0 }),
    ]);
    expect(sent.reduce((sum, n) => sum + n, 0)).toBe(1);
    const mails = smtp.messages.map(decode);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain(membre.user!.email);
    expect(mails[0]!.text.match(/vous a mentionné/g)).toHaveLength(3);
  });
});
