import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { providerAs } from '../fixtures/provider.ts';
import { readCycle, rowText } from '@pilotis/shared';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, HomePage } from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';

/** Fill the sign-up form shown on `page` (sign-in page or invitation page). */
async function signUpThroughForm(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Créer un compte' }).click();
  await page.getByLabel('Nom et prénom').fill(name);
  await page
    .getByLabel('Adresse e-mail')
    .fill(`${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.org`);
  await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase de passe');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

describe('accounts, invitations and roles in the browser', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newContext = async () => {
    const context = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 1400, height: 900 },
      baseURL: server.url,
    });
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('a pilote invites a membre by link, the membre joins and edits; a lecteur reads but cannot write', async () => {
    // The pilote signs up, creates the organisation and the cycle.
    const piloteContext = await newContext();
    const home = new HomePage(await piloteContext.newPage());
    await home.page.goto('/');
    await home.page.waitForURL(/\/connexion/);
    await home.page.screenshot({ path: artifact('sign-in.png') });
    await signUpThroughForm(home.page, 'Pauline Pilote');
    await home.page.getByRole('button', { name: 'Créer l’organisation' }).waitFor();
    await home.createOrganisation('Fondation du Littoral');
    const cycleUrl = await home.createCycle('Fondation du Littoral', 2026);

    // Members page: one link per role.
    const invite = async (role: string) => {
      await home.page.goto('/');
      await home.page.getByRole('link', { name: 'Membres et invitations' }).click();
      await home.page.getByRole('heading', { name: 'Inviter par un lien' }).waitFor();
      const form = home.page.getByRole('form', { name: 'Inviter par un lien' });
      await form.getByLabel('Rôle').selectOption({ label: role });
      await form.getByRole('button', { name: 'Créer le lien' }).click();
      const link = home.page.getByLabel(/Lien d’invitation/);
      await link.waitFor();
      return link.inputValue();
    };
    const membreLink = await invite('Membre');
    await home.page.screenshot({ path: artifact('members-page.png') });
    const lecteurLink = await invite('Lecteur');
    expect(membreLink).toMatch(/\/invitation\//);

    // The membre opens the link, creates an account, joins, and edits.
    const membreContext = await newContext();
    const membrePage = await membreContext.newPage();
    await membrePage.goto(membreLink);
    await membrePage
      .getByText('Vous êtes invité·e à rejoindre Fondation du Littoral en tant que Membre.')
      .waitFor();
    await signUpThroughForm(membrePage, 'Marc Membre');
    await membrePage.getByRole('heading', { name: 'Fondation du Littoral', level: 1 }).waitFor();
    const membre = await CyclePage.open(membreContext, cycleUrl);
    const pilote = await CyclePage.open(piloteContext, cycleUrl);
    await membre.typeAtEnd(membre.cell(LABEL, '1.1', 1), ' (vu en bureau)');
    await eventually(
      async () => (await pilote.value(LABEL, '1.1', 1)).endsWith(' (vu en bureau)'),
      'the membre’s edit on the pilote’s page',
    );

    // The lecteur joins the same way and sees the grid, with no way to edit it.
    const lecteurContext = await newContext();
    const lecteurPage = await lecteurContext.newPage();
    await lecteurPage.goto(lecteurLink);
    await signUpThroughForm(lecteurPage, 'Léa Lectrice');
    await lecteurPage.getByRole('heading', { name: 'Fondation du Littoral', level: 1 }).waitFor();
    const lecteur = await CyclePage.open(lecteurContext, cycleUrl);
    await lecteur.page.getByText('Lecture seule (Lecteur)').waitFor();
    const cell = lecteur.cell(LABEL, '1.1', 1);
    expect(await cell.getAttribute('readonly')).not.toBeNull();
    const before = await cell.inputValue();
    await cell.click();
    await lecteur.page.keyboard.type('tentative');
    expect(await cell.inputValue()).toBe(before);
    expect(await lecteur.page.getByRole('button', { name: /Ligne$/ }).count()).toBe(0);
    expect(await lecteur.page.getByRole('button', { name: 'Annuler' }).count()).toBe(0);
    expect(
      await lecteur.page.getByRole('checkbox', { name: 'Retenu cette année' }).first().isDisabled(),
    ).toBe(true);
    await lecteur.page.screenshot({ path: artifact('grid-lecteur.png') });

    // And the server refuses a lecteur's update even from a client that ignores the UI.
    const documentName = `cycle.${cycleUrl.split('/').pop()}`;
    const raw = await providerAs(lecteurContext, server.url, documentName);
    const { doc, provider } = raw;
    try {
      await eventually(async () => provider.isSynced, 'the lecteur’s raw client to sync');
      const rowId = readCycle(doc).rows[0]!.id;
      rowText(doc, rowId, 'label').insert(0, 'PIRATÉ ');
      // A second change from the pilote after it: once it shows up on the lecteur's raw client,
      // the server has handled the lecteur's message (one socket, in order).
      provider.setAwarenessField('user', { name: 'x', color: '#000' });
      await pilote.typeAtEnd(pilote.cell(LABEL, '1.1', 2), '.');
      await eventually(
        async () => rowText(doc, readCycle(doc).rows[1]!.id, 'label').toString().endsWith('.'),
        'pilote edit',
      );
      expect(await pilote.value(LABEL, '1.1', 1)).not.toContain('PIRATÉ');
      expect(await membre.value(LABEL, '1.1', 1)).not.toContain('PIRATÉ');
    } finally {
      raw.destroy();
    }
  });

  it('tells a person whose session ended, on the open cycle page, to sign in again', async () => {
    const context = await actorContext(browser, server.url, 'Sam Session');
    contexts.push(context);
    const { url } = await createCycleAs(context, 2028);
    const page = await CyclePage.open(context, url);
    // Signed out from another tab: the server closes this page's socket at once.
    await context.request.post('/api/auth/logout');
    const banner = page.page.getByRole('alert').filter({ hasText: 'Votre session a pris fin' });
    await banner.waitFor();
    // The grid stays (session-end.spec.ts types on and signs in again in place).
    await page.cell(LABEL, '1.1', 1).waitFor();
    await banner.getByRole('button', { name: 'Se reconnecter' }).waitFor();
  });
});
