/**
 * E-mail reminders of the stage dates (issue 17), through the fake SMTP server: a stage within the
 * coming week is mailed once to each member (French date, link from PUBLIC_URL, how to stop), a
 * later or past stage is not, a moved date is reminded again, a person who turned reminders off
 * gets none, and nothing is sent without SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStageDate, updateStageDate } from '@pilotis/shared';
import { sendStageReminders } from '../src/features/reminders/stage-reminders.ts';
import { fakeSmtp } from './fake-smtp.ts';
import {
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { join } from './comments-helpers.ts';

/** A received mail's recipient and its text, quoted-printable decoded. */
function decode(raw: string): { to: string; subject: string; text: string } {
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
    subject: /^Subject: (.*)$/m.exec(head)?.[1] ?? '',
    text: Buffer.from(bytes).toString('utf8'),
  };
}

describe('e-mail reminders of the stage dates', () => {
  let storage: Storage;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  const config = { smtpUrl: '', publicUrl: 'https://pilotis.example.org' };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    config.smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage, config));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('mails each member once a week ahead; not the ones who opted out; again for a moved date', async () => {
    const cycle = await createCycle(server.httpUrl, 2027);
    const pilote: Person = cycle.pilote;
    const membre = await join(server, pilote, cycle.organisationId, 'membre', 'Zoé N’Diaye');
    const silent = await join(server, pilote, cycle.organisationId, 'lecteur', 'Sam Silence');
    expect((await silent.get('/api/me/stage-reminders')).body).toEqual({ enabled: true });
    const off = await silent.request('PUT', '/api/me/stage-reminders', { enabled: false });
    expect(off.status).toBe(200);
    expect((await silent.get('/api/me/stage-reminders')).body).toEqual({ enabled: false });
    const bad = await silent.request('PUT', '/api/me/stage-reminders', { enabled: 'non' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.any(String));
    expect((await fetch(`${server.httpUrl}/api/me/stage-reminders`)).status).toBe(401);

    const client = await connectClient(server.wsUrl, cycle.documentName, pilote);
    const ag = addStageDate(client.doc, 'general-assembly', '2027-06-17', 'AG annuelle « 2027 »');
    addStageDate(client.doc, 'board', '2027-06-30'); // 20 days ahead: not yet
    addStageDate(client.doc, 'working-group', '2027-06-09'); // past: never
    await acknowledged(client);
    const deps = {
      db: server.app.db,
      documents: server.app.documents,
      hocuspocus: server.app.hocuspocus,
    };
    const day = new Date('2027-06-10T08:00:00Z');

    expect(await sendStageReminders(deps, { smtpUrl: '', publicUrl: config.publicUrl }, day)).toBe(
      0,
    );
    const before = smtp.messages.length;
    expect(await sendStageReminders(deps, config, day)).toBe(2);
    const mails = smtp.messages.slice(before).map(decode);
    expect(mails.map((mail) => mail.to).sort()).toEqual(
      [pilote.user!.email, membre.user!.email]
        .map((email) => expect.stringContaining(email))
        .sort(),
    );
    const mail = mails.find((m) => m.to.includes(membre.user!.email))!;
    expect(mail.text).toContain('Bonjour Zoé N’Diaye');
    expect(mail.text).toContain(
      'AG annuelle « 2027 » (Assemblée générale) a lieu dans 7 jours, le jeudi 17 juin 2027',
    );
    expect(mail.text).toContain(`https://pilotis.example.org/cycles/${cycle.id}/parametres`);
    expect(mail.text).toContain(
      'Pour ne plus recevoir ces rappels : https://pilotis.example.org/compte',
    );
    // Once only.
    expect(await sendStageReminders(deps, config, new Date('2027-06-12T08:00:00Z'))).toBe(0);
    // The AG moves to 15/06: reminded again; the silent lecteur still gets nothing.
    updateStageDate(client.doc, ag, { date: '2027-06-15' });
    await acknowledged(client);
    const again = smtp.messages.length;
    expect(await sendStageReminders(deps, config, new Date('2027-06-12T08:00:00Z'))).toBe(2);
    const moved = smtp.messages.slice(again).map(decode);
    expect(moved.every((m) => m.text.includes('dans 3 jours, le mardi 15 juin 2027'))).toBe(true);
    expect(smtp.messages.map(decode).some((m) => m.to.includes(silent.user!.email))).toBe(false);
    client.destroy();
  });
});
