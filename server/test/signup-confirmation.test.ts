/**
 * Sign-up does not reveal whether an address has an account (issue 18 #15, decision 0020). With
 * SMTP (the fake server), a sign-up answers the same for a new and a taken address; the new one
 * receives a one-time, short-lived link that creates the account and the session, the taken one
 * a note with a way to sign in and a reset link. Without SMTP, the behaviour of the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSmtp, takeMail } from './fake-smtp.ts';
import {
  BACKENDS,
  createStorage,
  Person,
  signUp,
  signupLinkToken,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { SIGNUP_MAILS_PER_HOUR } from '../src/features/auth/auth.routes.ts';

const PASSWORD = 'un mot de passe solide';
let counter = 0;
const freshAddress = (who: string) => `${who}.${Date.now()}.${(counter += 1)}@example.org`;

describe.each(BACKENDS)('sign-up confirmed by e-mail (SMTP_URL set) on %s', (backend) => {
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

  it('answers a taken and a new address alike; mails a note to the first, a link to the second', async () => {
    const owner = await signUp(server.httpUrl, 'Olivia Déjà-Inscrite');
    const newcomer = freshAddress('nouvelle');
    const attempts = [
      { email: owner.user!.email.toUpperCase(), name: 'Quelqu’un' },
      { email: newcomer, name: 'Nina Nouvelle' },
    ];
    const replies = [];
    for (const attempt of attempts) {
      const anonymous = new Person(server.httpUrl);
      const reply = await anonymous.post('/api/auth/signup', { ...attempt, password: PASSWORD });
      replies.push({ status: reply.status, body: reply.body, cookie: anonymous.cookie });
      // No session before the link is followed.
      expect((await anonymous.get('/api/me')).status).toBe(401);
    }
    expect(replies[0]).toEqual({ status: 202, body: { status: 'confirmation_sent' }, cookie: '' });
    expect(replies[1]).toEqual(replies[0]);

    const note = await takeMail(owner.user!.email, 'Vous avez déjà un compte');
    expect(note).toContain('Vous avez déjà un compte');
    expect(note).toContain('https://pilotis.example.org/connexion');
    expect(note).not.toContain('/inscription/');
    const reset = /https:\/\/pilotis\.example\.org\/mot-de-passe\/([\w-]+)/.exec(note)?.[1];
    expect(reset).toBeTruthy();
    // The reset link of the note works (the existing reset flow), and the account is untouched
    // until then: the old password still signs in.
    expect(
      (await owner.post('/api/auth/login', { email: owner.user!.email, password: PASSWORD }))
        .status,
    ).toBe(200);
    const anonymous = new Person(server.httpUrl);
    expect(
      (await anonymous.post('/api/auth/password-reset', { token: reset, newPassword: 'nouveau !' }))
        .status,
    ).toBe(204);

    // The new address has no account until the link is followed.
    expect(
      (
        await new Person(server.httpUrl).post('/api/auth/login', {
          email: newcomer,
          password: PASSWORD,
        })
      ).status,
    ).toBe(401);
    const token = await signupLinkToken(newcomer);
    expect(token.length).toBeGreaterThan(30);
  });

  it('creates the account and the session once, with the password chosen at sign-up', async () => {
    const email = freshAddress('camille');
    const anonymous = new Person(server.httpUrl);
    await anonymous.post('/api/auth/signup', { email, password: PASSWORD, name: 'Camille' });
    const token = await signupLinkToken(email);
    expect((await anonymous.post('/api/auth/signup/check', { token })).status).toBe(200);

    // Someone who signed up another person's address cannot have them confirm it blindly.
    const wrong = await anonymous.post('/api/auth/signup/confirm', {
      token,
      password: 'autre chose',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'wrong_password', message: expect.any(String) });
    expect(anonymous.cookie).toBe('');

    const confirmed = await anonymous.post('/api/auth/signup/confirm', {
      token,
      password: PASSWORD,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({
      user: { id: expect.any(String), email, name: 'Camille' },
      organisationId: null,
    });
    expect((await anonymous.get('/api/me')).body.user.email).toBe(email);

    // Used once: the link is refused afterwards, and by the check.
    const again = await new Person(server.httpUrl).post('/api/auth/signup/confirm', {
      token,
      password: PASSWORD,
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_signup_link', message: expect.any(String) });
    expect((await anonymous.post('/api/auth/signup/check', { token })).status).toBe(400);
  });

  it('refuses an expired link; a new sign-up re-sends one, limited per address', async () => {
    const email = freshAddress('lente');
    const anonymous = new Person(server.httpUrl);
    await anonymous.post('/api/auth/signup', { email, password: PASSWORD, name: 'Léa Lente' });
    const first = await signupLinkToken(email);
    await server.app.db.query(
      `UPDATE signup_confirmations SET expires_at = now() - interval '1 second'
        WHERE lower(email) = lower($1)`,
      [email],
    );
    const expired = await anonymous.post('/api/auth/signup/confirm', {
      token: first,
      password: PASSWORD,
    });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('invalid_signup_link');

    // Re-requested: a new link each time, up to the limit; beyond it the same answer, no mail.
    const tokens: string[] = [];
    for (let sent = 1; sent < SIGNUP_MAILS_PER_HOUR; sent++) {
      const reply = await anonymous.post('/api/auth/signup', {
        email,
        password: PASSWORD,
        name: 'Léa',
      });
      expect(reply.status).toBe(202);
      tokens.push(await signupLinkToken(email));
    }
    const over = await anonymous.post('/api/auth/signup', {
      email,
      password: PASSWORD,
      name: 'Léa',
    });
    expect(over).toMatchObject({ status: 202, body: { status: 'confirmation_sent' } });
    const stored = await server.app.db.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM signup_confirmations
        WHERE lower(email) = lower($1) AND expires_at > now()`,
      [email],
    );
    expect(Number(stored[0]!.count)).toBe(SIGNUP_MAILS_PER_HOUR - 1);
    expect(new Set(tokens).size).toBe(tokens.length);

    // Any live link works; then every other link of the address dies.
    expect(
      (await anonymous.post('/api/auth/signup/confirm', { token: tokens[0], password: PASSWORD }))
        .status,
    ).toBe(200);
    const other = await new Person(server.httpUrl).post('/api/auth/signup/confirm', {
      token: tokens[1],
      password: PASSWORD,
    });
    expect(other.body.error).toBe('invalid_signup_link');
  });

  it('joins the organisation of the invitation the sign-up came through', async () => {
    const pilote = await signUp(server.httpUrl, 'Pauline Pilote');
    const organisation = await pilote.post('/api/organisations', { name: 'Coopérative l’Envol' });
    const invitation = await pilote.post(`/api/organisations/${organisation.body.id}/invitations`, {
      role: 'membre',
    });
    const invitationToken = invitation.body.token as string;

    const bogus = await new Person(server.httpUrl).post('/api/auth/signup', {
      email: freshAddress('x'),
      password: PASSWORD,
      name: 'X',
      invitation: 'pas-une-invitation',
    });
    expect(bogus.status).toBe(404);

    const email = freshAddress('invitee');
    const anonymous = new Person(server.httpUrl);
    const reply = await anonymous.post('/api/auth/signup', {
      email,
      password: PASSWORD,
      name: 'Inès Invitée',
      invitation: invitationToken,
    });
    expect(reply.status).toBe(202);
    const confirmed = await anonymous.post('/api/auth/signup/confirm', {
      token: await signupLinkToken(email),
      password: PASSWORD,
    });
    expect(confirmed.body.organisationId).toBe(organisation.body.id);
    expect((await anonymous.get('/api/me')).body.organisations).toEqual([
      { id: organisation.body.id, name: 'Coopérative l’Envol', role: 'membre' },
    ]);

    // A taken address signing up through the invitation is told to sign in, then reopen it.
    const existing = await new Person(server.httpUrl).post('/api/auth/signup', {
      email: pilote.user!.email,
      password: PASSWORD,
      name: 'Pauline',
      invitation: invitationToken,
    });
    expect(existing.body).toEqual(reply.body);
    const note = await takeMail(pilote.user!.email, 'Vous avez déjà un compte');
    expect(note).toContain(`https://pilotis.example.org/invitation/${invitationToken}`);
  });
});

describe('sign-up without SMTP (decision 0020: the contract’s immediate account)', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('creates the account and its session at once, and refuses a taken address', async () => {
    const email = freshAddress('locale');
    const first = new Person(server.httpUrl);
    const created = await first.post('/api/auth/signup', {
      email,
      password: PASSWORD,
      name: 'Lou',
    });
    expect(created.status).toBe(201);
    expect(created.body.user.email).toBe(email);
    expect((await first.get('/api/me')).status).toBe(200);
    const taken = await new Person(server.httpUrl).post('/api/auth/signup', {
      email,
      password: PASSWORD,
      name: 'Lou',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('email_taken');
    // No confirmation links exist on a server that cannot send them.
    expect(
      (await first.post('/api/auth/signup/confirm', { token: 'x'.repeat(43), password: PASSWORD }))
        .status,
    ).toBe(400);
  });
});
