/**
 * Sign-up confirmed by e-mail (issue 18 #15, decision 0020), in the browser, with the server
 * sending through the fake SMTP server of the server tests: the sign-up card says « Vérifiez
 * votre boîte aux lettres » with the address and re-sends; the mailed link's page asks for the
 * password and opens the session; a taken address sees the very same card and gets a note; a used
 * link says so. Keyboard only on the confirmation page; axe clean at 1280×720.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fakeSmtp, takeMail } from '../../server/test/fake-smtp.ts';
import { expectAccessible } from '../fixtures/axe.ts';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';

const PASSWORD = 'une phrase de passe';

describe('sign-up confirmed by e-mail in the browser', () => {
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 1280, height: 720 },
      baseURL: server.url,
    });
    contexts.push(context);
    return context.newPage();
  };

  /** Fill the sign-up form of /inscription and send it. */
  const signUp = async (page: Page, name: string, email: string) => {
    await page.goto('/inscription');
    await page.getByLabel('Nom et prénom').fill(name);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre boîte aux lettres' }).waitFor();
  };

  /** The path of the mailed link (PUBLIC_URL is a fixed name; the server's port is not). */
  const linkIn = (mail: string) => {
    const link = /https:\/\/pilotis\.test(\/inscription\/[\w-]+)/.exec(mail)?.[1];
    if (!link) throw new Error(`no confirmation link in: ${mail}`);
    return link;
  };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    server = await startPilotis({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PUBLIC_URL: 'https://pilotis.test',
      COOKIE_SECURE: 'false',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    smtp?.server.close();
  });

  it('waits for the mailed link, re-sends it, and opens the session once the link is followed', async () => {
    const page = await newPage();
    const errors = watchErrors(page);
    const email = `nina.${Date.now()}@example.org`;
    await signUp(page, 'Nina Nouvelle', email);
    await page.getByText(email).first().waitFor();
    // The news has the focus, so that keyboard and screen-reader users land on it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await expectAccessible(page, 'the « check your mailbox » card');
    await page.screenshot({ path: artifact('signup-check-mailbox.png') });
    // No session yet.
    expect((await page.request.get('/api/me')).status()).toBe(401);

    const first = linkIn(await takeMail(email, '/inscription/'));
    await page.getByRole('button', { name: 'Renvoyer le message' }).click();
    await page.getByRole('status').filter({ hasText: 'Un nouveau message est parti' }).waitFor();
    const second = linkIn(await takeMail(email, '/inscription/'));
    expect(second).not.toBe(first);

    // The link's page, with the keyboard alone: the password, then Enter.
    await page.goto(second);
    const password = page.getByLabel('Mot de passe choisi à l’inscription');
    await password.waitFor();
    await expectAccessible(page, 'the confirmation page');
    await page.keyboard.press('Tab');
    for (
      let step = 0;
      step < 20 && !(await password.evaluate((el) => el === document.activeElement));
      step++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('pas le bon');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'pas le mot de passe choisi' }).waitFor();
    await password.fill('');
    await password.focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Créer l’organisation' }).waitFor();
    const me = await (await page.request.get('/api/me')).json();
    expect(me.user).toMatchObject({ email, name: 'Nina Nouvelle' });

    // Used: the other link of the address died with it, and says so.
    await page.goto(first);
    await page
      .getByRole('heading', { name: 'Ce lien de confirmation n’est plus valable' })
      .waitFor();
    await expectAccessible(page, 'a used confirmation link');
    // 401 (/api/me before the session) and 400 (wrong password, used link) are answers, not bugs.
    expect(errors.filter((e) => !/status of 40[01]/.test(e))).toEqual([]);
  });

  it('shows a taken address the very same card, and mails it a note instead of a link', async () => {
    const owner = await newPage();
    const email = `olivia.${Date.now()}@example.org`;
    await signUp(owner, 'Olivia', email);
    await owner.goto(linkIn(await takeMail(email, '/inscription/')));
    await owner.getByLabel('Mot de passe choisi à l’inscription').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await owner.getByRole('button', { name: 'Créer l’organisation' }).waitFor();

    const stranger = await newPage();
    await signUp(stranger, 'Quelqu’un', email.toUpperCase());
    const card = await stranger.locator('main').innerText();
    expect(card.replace(email.toUpperCase(), email)).toContain(
      `Un message vient de partir vers ${email}`,
    );
    expect((await stranger.request.get('/api/me')).status()).toBe(401);
    const note = await takeMail(email, 'Vous avez déjà un compte');
    expect(note).toContain('/connexion');
    expect(note).toMatch(/\/mot-de-passe\/[\w-]+/);
  });

  it('joins the organisation of the invitation link the sign-up started from', async () => {
    const owner = await newPage();
    const ownerEmail = `pauline.${Date.now()}@example.org`;
    await signUp(owner, 'Pauline Pilote', ownerEmail);
    await owner.goto(linkIn(await takeMail(ownerEmail, '/inscription/')));
    await owner.getByLabel('Mot de passe choisi à l’inscription').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await owner.getByRole('button', { name: 'Créer l’organisation' }).waitFor();
    const organisation = await (
      await owner.request.post('/api/organisations', { data: { name: 'Coopérative des Invités' } })
    ).json();
    const invitation = await (
      await owner.request.post(`/api/organisations/${organisation.id}/invitations`, {
        data: { role: 'membre' },
      })
    ).json();

    const guest = await newPage();
    const email = `ines.${Date.now()}@example.org`;
    await guest.goto(`/invitation/${invitation.token}`);
    await guest.getByLabel('Nom et prénom').fill('Inès Invitée');
    await guest.getByLabel('Adresse e-mail').fill(email);
    await guest.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await guest.getByRole('button', { name: 'Créer mon compte' }).click();
    await guest.getByRole('heading', { name: 'Vérifiez votre boîte aux lettres' }).waitFor();
    await expectAccessible(guest, 'the invitation page waiting for the mailed link');

    await guest.goto(linkIn(await takeMail(email, '/inscription/')));
    await guest.getByLabel('Mot de passe choisi à l’inscription').fill(PASSWORD);
    await guest.getByRole('button', { name: 'Confirmer mon inscription' }).click();
    await guest.waitForURL((url) => url.pathname === '/');
    const me = await (await guest.request.get('/api/me')).json();
    expect(me.organisations).toEqual([
      { id: organisation.id, name: 'Coopérative des Invités', role: 'membre' },
    ]);
  });
});
