import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, artifact, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, CyclePage, HomePage, eventually, inviteAs } from '../fixtures/pages.ts';

describe('foundation: create a cycle and edit it live from two pages', () => {
  let server: PilotisServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a cycle from the home page, then two pages see each other’s edits without reload', async () => {
    // The pilote creates the organisation and the year's cycle.
    const piloteContext = await actorContext(browser, server.url, 'Pauline (pilote)');
    const home = new HomePage(await piloteContext.newPage());
    const homeErrors = watchErrors(home.page);
    await home.open();
    await home.page.screenshot({ path: artifact('home-empty.png') });
    await home.createOrganisation('Association Les Jardins Partagés');
    const cycleUrl = await home.createCycle('Association Les Jardins Partagés', 2026);
    const organisationId = (await (await piloteContext.request.get('/api/me')).json())
      .organisations[0].id;
    await home.page.close();

    // Two members open it, each in their own browser session.
    const membreContext = await actorContext(browser, server.url, 'Marc (membre)');
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    const pilote = await CyclePage.open(piloteContext, cycleUrl);
    const membre = await CyclePage.open(membreContext, cycleUrl);

    const label =
      'Le taux de participation à l’Assemblée Générale et son évolution sont-ils satisfaisants\u202f?';
    expect(await pilote.cell('Questions ou indicateurs', '1.3', 1).inputValue()).toBe(label);

    await pilote.typeAtEnd(
      pilote.cell('Questions ou indicateurs', '1.3', 1),
      ' (à suivre chaque année)',
    );
    await eventually(
      async () =>
        (await membre.cell('Questions ou indicateurs', '1.3', 1).inputValue()) ===
        `${label} (à suivre chaque année)`,
      'the pilote’s edit on the membre’s page',
    );

    await membre.typeAtEnd(
      membre.cell('État des lieux (N0)', '1.1', 1),
      'Comptes envoyés 15 jours avant l’AG',
    );
    await eventually(
      async () =>
        (await pilote.cell('État des lieux (N0)', '1.1', 1).inputValue()) ===
        'Comptes envoyés 15 jours avant l’AG',
      'the membre’s edit on the pilote’s page',
    );
    await pilote.expectSaved();
    await membre.expectSaved();
    await pilote.page.screenshot({ path: artifact('cycle-grid.png'), fullPage: false });

    // The app runs under its Content Security Policy without a single violation or error.
    expect(homeErrors).toEqual([]);
    expect(pilote.errors).toEqual([]);
    expect(membre.errors).toEqual([]);
    await piloteContext.close();
    await membreContext.close();
  });
});
