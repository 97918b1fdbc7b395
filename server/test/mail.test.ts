import { fakeSmtp } from './fake-smtp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  Person,
  createStorage,
  signUp,
  startServer,
  testConfig,
  waitFor,
  type RunningServer,
  type Storage,
} from './helpers.ts';

describe.each(BACKENDS)('password reset by e-mail (SMTP_URL set) on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    storage = await createStorage(backend);
    server = await startServer(
      testConfig(storage, {
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        publicUrl: 'https://pilotis.example.org',
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('mails a one-time link built from PUBLIC_URL, whatever Host the request claims', async () => {
    const person = await signUp(server.httpUrl, 'Oubli');
    const anonymous = new Person(server.httpUrl);
    const reply = await anonymous.request(
      'POST',
      '/api/auth/password-reset/request',
      { email: person.user!.email },
      { host: 'evil.example' },
    );
    expect(reply.status).toBe(202);
    await waitFor(() => smtp.messages.length > 0, 'the e-mail');
    const mail = smtp.messages.at(-1)!.replace(/=\r?\n/g, '');
    const link = /https:\/\/pilotis\.example\.org\/mot-de-passe\/([A-Za-z0-9_-]+)/.exec(mail);
    expect(link?.[1]).toBeTruthy();
    expect(mail).not.toContain('evil.example');
    expect(
      (
        await anonymous.post('/api/auth/password-reset', {
          token: link![1],
          newPassword: 'tout nouveau',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await anonymous.post('/api/auth/login', {
          email: person.user!.email,
          password: 'tout nouveau',
        })
      ).status,
    ).toBe(200);

    // An unknown address gets the same answer and no e-mail.
    smtp.messages.length = 0;
    expect(
      (await anonymous.post('/api/auth/password-reset/request', { email: 'personne@example.org' }))
        .status,
    ).toBe(202);
    expect(smtp.messages).toEqual([]);
  });
});

describe.each(BACKENDS)('invitations by e-mail (SMTP_URL set) on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    storage = await createStorage(backend);
    server = await startServer(
      testConfig(storage, {
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        publicUrl: 'https://pilotis.example.org',
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('mails a link from PUBLIC_URL with the role; pending until accepted; accepting sets role and qualité', async () => {
    const pilote = await signUp(server.httpUrl, 'Pauline Pilote');
    const organisation = await pilote.post('/api/organisations', { name: 'Coopérative l’Envol' });
    const orgId = organisation.body.id as string;
    const invited = await pilote.request(
      'POST',
      `/api/organisations/${orgId}/invitations/email`,
      { email: 'elodie.ndiaye@example.org', role: 'commentateur', qualite: 'elu' },
      { host: 'evil.example' },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'elodie.ndiaye@example.org',
      role: 'commentateur',
      qualite: 'elu',
      mailed: true,
    });
    // The link is still shown for copying, and built from PUBLIC_URL.
    expect(invited.body.url).toMatch(/^https:\/\/pilotis\.example\.org\/invitation\/[\w-]+$/);

    await waitFor(() => smtp.messages.length > 0, 'the invitation e-mail');
    const mail = smtp.messages.at(-1)!.replace(/=\r?\n/g, '');
    expect(mail).toContain('elodie.ndiaye@example.org');
    expect(mail).not.toContain('evil.example');
    const token = /https:\/\/pilotis\.example\.org\/invitation\/([A-Za-z0-9_-]+)/.exec(mail)?.[1];
    expect(token).toBeTruthy();
    expect(invited.body.url).toContain(token);
    expect(mail).toMatch(/Commentateur/);

    const pending = await pilote.get(`/api/organisations/${orgId}/invitations/pending`);
    expect(pending.body).toEqual([
      expect.objectContaining({ email: 'elodie.ndiaye@example.org', role: 'commentateur' }),
    ]);

    const elodie = await signUp(server.httpUrl, 'Élodie N’Diaye');
    expect((await elodie.post(`/api/invitations/${token}/accept`)).body).toEqual({
      organisationId: orgId,
      role: 'commentateur',
    });
    const me = await elodie.get('/api/me');
    expect(me.body.organisations).toContainEqual({
      id: orgId,
      name: 'Coopérative l’Envol',
      role: 'commentateur',
    });
    expect((await elodie.get(`/api/organisations/${orgId}/profiles`)).body).toContainEqual({
      userId: elodie.user!.id,
      name: 'Élodie N’Diaye',
      qualite: 'elu',
    });
    expect((await pilote.get(`/api/organisations/${orgId}/invitations/pending`)).body).toEqual([]);

    // A malformed address, and a membre trying, are refused with the usual errors.
    const bad = await pilote.post(`/api/organisations/${orgId}/invitations/email`, {
      email: 'pas une adresse',
      role: 'membre',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'invalid_email', message: expect.any(String) });
    expect(
      (
        await elodie.post(`/api/organisations/${orgId}/invitations/email`, {
          email: 'x@example.org',
          role: 'pilote',
        })
      ).status,
    ).toBe(403);
  });
});

describe.each(BACKENDS)('changing one’s e-mail address (SMTP_URL set) on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    storage = await createStorage(backend);
    server = await startServer(
      testConfig(storage, {
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        publicUrl: 'https://pilotis.example.org',
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
    smtp?.server.close();
  });

  it('needs the link sent to the new address; until then the old address signs in', async () => {
    const person = await signUp(server.httpUrl, 'Zoé Changement');
    const oldEmail = person.user!.email;
    const newEmail = `zoe.${Date.now()}@nouvelle.example.org`;
    const password = 'un mot de passe solide';
    const anonymous = new Person(server.httpUrl);
    const signIn = (email: string) => anonymous.post('/api/auth/login', { email, password });

    const wrong = await person.post('/api/account/email', {
      email: newEmail,
      password: 'pas le bon',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: 'wrong_password', message: expect.any(String) });

    smtp.messages.length = 0;
    const asked = await person.post('/api/account/email', { email: newEmail, password });
    expect(asked.status).toBe(202);
    await waitFor(() => smtp.messages.length > 0, 'the confirmation e-mail');
    const mail = smtp.messages.at(-1)!.replace(/=\r?\n/g, '');
    expect(mail).toContain(newEmail);
    const token = /https:\/\/pilotis\.example\.org\/compte\/adresse\/([A-Za-z0-9_-]+)/.exec(
      mail,
    )?.[1];
    expect(token).toBeTruthy();

    // Not confirmed yet: the old address signs in, the new one does not.
    expect((await signIn(oldEmail)).status).toBe(200);
    expect((await signIn(newEmail)).status).toBe(401);
    expect((await person.get('/api/me')).body.user.email).toBe(oldEmail);

    const confirmed = await anonymous.post('/api/account/email/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ email: newEmail });
    expect((await signIn(newEmail)).status).toBe(200);
    expect((await signIn(oldEmail)).status).toBe(401);
    // A link serves once.
    expect((await anonymous.post('/api/account/email/confirm', { token })).status).toBe(404);
  });
});
