/**
 * axe-core on every page and state of the meeting (issue 9): 0 serious or critical violations.
 * Each state is checked and reported together, so one run lists everything to fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { seriousViolations } from '../fixtures/axe.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

describe('accessibility of every page and state', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const found: string[] = [];

  /** Records the serious/critical violations of `page` now, under `what`. */
  const check = async (page: Page, what: string) => {
    for (const v of await seriousViolations(page)) {
      found.push(
        `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
      );
    }
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

  it('has no serious or critical violation anywhere', async () => {
    // Signed out: sign-in, sign-up, a bogus reset link, an unknown address.
    const anonymous = await browser.newContext({ locale: 'fr-FR', baseURL: server.url });
    contexts.push(anonymous);
    const signIn = await anonymous.newPage();
    await signIn.goto('/connexion');
    await signIn.getByRole('button', { name: 'Se connecter' }).first().waitFor();
    await check(signIn, 'sign-in');
    await signIn.getByRole('tab', { name: 'Créer un compte' }).click();
    await check(signIn, 'sign-up');

    // A bogus reset link says so, in French, and leads to a new link or back to signing in.
    await signIn.goto('/mot-de-passe/jeton-bidon-ou-expir%C3%A9');
    await signIn.getByRole('heading', { level: 1, name: 'Ce lien n’est plus valable' }).waitFor();
    expect(await signIn.getByLabel('Nouveau mot de passe').count()).toBe(0);
    expect(await signIn.getByRole('link', { name: 'Retour à la connexion' }).count()).toBe(1);
    await check(signIn, 'bogus reset link');
    await signIn.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await signIn.getByRole('alert').filter({ hasText: 'adresse e-mail' }).waitFor();
    await signIn.getByLabel('Adresse e-mail').fill('lea.elue@example.org');
    await signIn.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
    await signIn.getByRole('status').filter({ hasText: 'pilote' }).waitFor();
    await check(signIn, 'bogus reset link, new link asked');
    await signIn.screenshot({ path: artifact('reset-link-invalid-1280x720.png') });

    const pilote = await actorContext(browser, server.url, 'Pauline');
    const lecteur = await actorContext(browser, server.url, 'Léa');
    contexts.push(pilote, lecteur);
    const { url, organisationId } = await createCycleAs(pilote, 2070);
    await inviteAs(pilote, lecteur, organisationId, 'lecteur');

    const home = await pilote.newPage();
    await home.goto('/');
    await home.getByRole('button', { name: 'Créer l’organisation' }).waitFor();
    await check(home, 'home');

    await home.goto(`/organisations/${organisationId}/membres`);
    await home.getByRole('heading', { level: 1 }).waitFor();
    await eventually(async () => (await home.getByText('Léa').count()) > 0, 'the members list');
    await check(home, 'members');

    // Addresses that lead nowhere say so, with a way back.
    await home.goto('/cette-page-n-existe-pas');
    await home.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    await check(home, '404');
    await home.goto('/organisations/00000000-0000-4000-8000-000000000000/membres');
    await home.getByText('Organisation introuvable.').waitFor();
    expect(await home.getByRole('link', { name: 'Retour à l’accueil' }).count()).toBeGreaterThan(0);

    // The cycle, as pilote, with a lecteur present.
    const cycle = await CyclePage.open(pilote, url);
    const reader = await CyclePage.open(lecteur, url);
    await check(reader.page, 'cycle (lecteur)');
    await cycle.typeAtEnd(cycle.cell('Questions ou indicateurs', '1.1', 1), ' ');
    await eventually(
      async () => (await cycle.page.locator('.participants .avatar').count()) === 2,
      'both present',
    );
    await check(cycle.page, 'cycle (pilote, with presence)');
    await eventually(
      async () => (await reader.page.locator('.presence-tag').count()) > 0,
      'the pilote’s name tag on the lecteur’s screen',
    );
    await check(reader.page, 'cycle (lecteur, with presence)');

    // Row menu open.
    await cycle.page
      .getByRole('button', { name: 'Actions de la ligne 1.1 n° 1', exact: true })
      .click();
    await cycle.page.getByRole('menu').waitFor();
    await check(cycle.page, 'cycle (row menu open)');
    await cycle.page.keyboard.press('Escape');

    // Export menu open.
    await cycle.page.getByRole('button', { name: /^Exporter/ }).click();
    await cycle.page.getByRole('menu').waitFor();
    await check(cycle.page, 'cycle (export menu open)');
    await cycle.page.keyboard.press('Escape');

    // Side panel.
    await cycle.page
      .getByRole('gridcell', { name: 'Questions ou indicateurs, ligne 1.1 n° 1' })
      .click();
    await cycle.page.keyboard.press('Escape');
    await cycle.page.keyboard.press('Alt+Enter');
    await cycle.page.locator('.row-panel').waitFor();
    await check(cycle.page, 'cycle (side panel)');

    // Dialogs: domain deletion, import, versions.
    await cycle.page
      .getByRole('gridcell', { name: 'Supprimer le domaine' })
      .first()
      .getByRole('button')
      .click();
    await cycle.page.getByRole('alertdialog').waitFor();
    await check(cycle.page, 'dialog (delete a domain)');
    await cycle.page.keyboard.press('Escape');
    await cycle.page.getByRole('button', { name: 'Importer' }).click();
    await cycle.page.getByRole('dialog').waitFor();
    await check(cycle.page, 'dialog (import)');
    await cycle.page.keyboard.press('Escape');
    await cycle.page.getByRole('button', { name: 'Versions' }).click();
    await cycle.page.getByRole('dialog').waitFor();
    await check(cycle.page, 'dialog (versions)');
    await cycle.page.keyboard.press('Escape');

    // Presentation mode.
    await cycle.page.getByRole('button', { name: 'Présenter' }).click();
    await cycle.page.getByRole('region', { name: 'Présentation' }).waitFor();
    await check(cycle.page, 'presentation mode');
    await cycle.page.keyboard.press('Escape');

    expect(found).toEqual([]);
  });
});
