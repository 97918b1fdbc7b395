/**
 * Issue 18 #3: a password-reset link made by a pilote is re-checked when used, and every other
 * outstanding link dies when the password changes, when the person's memberships change, or when
 * any link is used. Links live one hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  Person,
  signUp,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
  createStorage,
} from './helpers.ts';

describe.each(BACKENDS)('password-reset links on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  /** An attacker running a throw-away organisation that `victim` joined as lecteur. */
  async function trap(victim: Person) {
    const attacker = await signUp(server.httpUrl, 'Attaquant');
    const orgId = (await attacker.post('/api/organisations', { name: 'Piège' })).body.id as string;
    const invite = await attacker.post(`/api/organisations/${orgId}/invitations`, {
      role: 'lecteur',
    });
    expect((await victim.post(`/api/invitations/${invite.body.token}/accept`)).status).toBe(200);
    const makeLink = async () => {
      const reply = await attacker.post(
        `/api/organisations/${orgId}/members/${victim.user!.id}/password-reset`,
      );
      expect(reply.status).toBe(201);
      return String(reply.body.url).split('/mot-de-passe/')[1]!;
    };
    return { attacker, orgId, makeLink };
  }

  const use = (token: string, newPassword = 'mot de passe de l’attaquant') =>
    new Person(server.httpUrl).post('/api/auth/password-reset', { token, newPassword });

  it('refuses an old link once the person joined an organisation the link’s maker does not run', async () => {
    const victim = await signUp(server.httpUrl, 'Victime');
    const { makeLink } = await trap(victim);
    const token = await makeLink();
    const real = await signUp(server.httpUrl, 'Vraie pilote');
    const realOrg = (await real.post('/api/organisations', { name: 'Vraie asso' })).body.id;
    const invite = await real.post(`/api/organisations/${realOrg}/invitations`, { role: 'membre' });
    await victim.post(`/api/invitations/${invite.body.token}/accept`);
    const reply = await use(token);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/plus valable/);
  });

  it('refuses a link once the person was removed from the organisation, or left it', async () => {
    const victim = await signUp(server.httpUrl, 'Retirée');
    const { attacker, orgId, makeLink } = await trap(victim);
    const token = await makeLink();
    expect(
      (await attacker.delete(`/api/organisations/${orgId}/members/${victim.user!.id}`)).status,
    ).toBe(204);
    expect((await use(token)).status).toBe(400);

    const other = await signUp(server.httpUrl, 'Partie seule');
    const second = await trap(other);
    const token2 = await second.makeLink();
    await other.delete(`/api/organisations/${second.orgId}/members/${other.user!.id}`);
    expect((await use(token2)).status).toBe(400);
  });

  it('refuses a link after a role change of the person', async () => {
    const victim = await signUp(server.httpUrl, 'Promue');
    const { attacker, orgId, makeLink } = await trap(victim);
    const token = await makeLink();
    await attacker.patch(`/api/organisations/${orgId}/members/${victim.user!.id}`, {
      role: 'membre',
    });
    expect((await use(token)).status).toBe(400);
  });

  it('refuses a link once its maker is no longer pilote', async () => {
    const victim = await signUp(server.httpUrl, 'Cible');
    const { attacker, orgId, makeLink } = await trap(victim);
    const token = await makeLink();
    const other = await signUp(server.httpUrl, 'Nouvelle pilote');
    const invite = await attacker.post(`/api/organisations/${orgId}/invitations`, {
      role: 'pilote',
    });
    await other.post(`/api/invitations/${invite.body.token}/accept`);
    await other.patch(`/api/organisations/${orgId}/members/${attacker.user!.id}`, {
      role: 'lecteur',
    });
    expect((await use(token)).status).toBe(400);
  });

  it('the use of one link kills every other outstanding link', async () => {
    const victim = await signUp(server.httpUrl, 'Deux liens');
    const { makeLink } = await trap(victim);
    const first = await makeLink();
    const second = await makeLink();
    expect((await use(first, 'premier nouveau')).status).toBe(204);
    expect((await use(second)).status).toBe(400);
  });

  it('the person’s own password change kills outstanding links', async () => {
    const victim = await signUp(server.httpUrl, 'Prudente');
    const { makeLink } = await trap(victim);
    const token = await makeLink();
    expect(
      (
        await victim.post('/api/auth/password', {
          currentPassword: 'un mot de passe solide',
          newPassword: 'un autre secret',
        })
      ).status,
    ).toBe(204);
    expect((await use(token)).status).toBe(400);
  });

  it('a link lives one hour', async () => {
    const victim = await signUp(server.httpUrl, 'Lente');
    const { makeLink } = await trap(victim);
    const token = await makeLink();
    const [row] = await server.app.db.query<{ seconds: string | number }>(
      `SELECT extract(epoch FROM expires_at - created_at) AS seconds FROM password_resets
        WHERE user_id = $1`,
      [victim.user!.id],
    );
    expect(Number(row!.seconds)).toBeLessThanOrEqual(3600);
    await server.app.db.query(
      `UPDATE password_resets SET created_at = created_at - interval '61 minutes',
         expires_at = expires_at - interval '61 minutes' WHERE user_id = $1`,
      [victim.user!.id],
    );
    expect((await use(token)).status).toBe(400);
  });

  it('a valid link still works, once', async () => {
    const victim = await signUp(server.httpUrl, 'Oublieuse');
    const { makeLink } = await trap(victim);
    const token = await makeLink();
    expect((await use(token, 'retrouvé enfin')).status).toBe(204);
    expect((await use(token)).status).toBe(400);
    const login = await new Person(server.httpUrl).post('/api/auth/login', {
      email: victim.user!.email,
      password: 'retrouvé enfin',
    });
    expect(login.status).toBe(200);
  });

  it('tells, without using it, whether a link is still valid: bogus, used and expired ones are not', async () => {
    const check = (token: string) =>
      new Person(server.httpUrl).post('/api/auth/password-reset/check', { token });
    const victim = await signUp(server.httpUrl, 'Hésitante');
    const { makeLink } = await trap(victim);
    const token = await makeLink();
    const valid = await check(token);
    expect(valid.status).toBe(200);
    expect(Date.parse(valid.body.expiresAt)).toBeGreaterThan(Date.now());
    // Checking does not use it up.
    expect((await check(token)).status).toBe(200);

    const bogus = await check('n’importe quoi, l’été 🌞');
    expect(bogus.status).toBe(400);
    expect(bogus.body).toMatchObject({ error: 'invalid_reset_link' });
    expect(bogus.body.message).toMatch(/n’est plus valable.*Demandez-en un nouveau/);
    expect((await check('')).status).toBe(400);
    expect((await check('x'.repeat(101))).status).toBe(400);

    expect((await use(token, 'nouveau secret')).status).toBe(204);
    expect((await check(token)).status).toBe(400);

    const late = await makeLink();
    await server.app.db.query(
      `UPDATE password_resets SET created_at = created_at - interval '61 minutes',
         expires_at = expires_at - interval '61 minutes' WHERE user_id = $1`,
      [victim.user!.id],
    );
    expect((await check(late)).status).toBe(400);
  });
});
