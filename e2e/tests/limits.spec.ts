/**
 * Issue 18 #4 in the browser: an edit that would make the cycle larger than the server allows is
 * refused; the page says so in French, stays read-only, keeps everything saved before, and can
 * drop the refused edit and reload what the server holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const BASELINE = 'État des lieux (N0)';

describe('a document size limit, seen from the page', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A new cycle is about 31 KB: 40 KB leaves room for typing, not for a 20 KB paste.
    process.env.MAX_DOCUMENT_BYTES = String(40 * 1024);
    try {
      server = await startPilotis();
    } finally {
      delete process.env.MAX_DOCUMENT_BYTES;
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('refuses a paste that would make the cycle too large, says so, and keeps what was saved', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline');
    const membreContext = await actorContext(browser, server.url, 'Marc');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2027);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');

    const pilote = await CyclePage.open(piloteContext, url);
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), 'Taux : 38,5 % l’été');
    await pilote.expectSaved();

    // A long paste (20 KB of French text) at the end of the same cell.
    const huge = 'Compte rendu d’assemblée générale — « été » 🌿 '.repeat(400);
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), ' ');
    await pilote.page.keyboard.insertText(huge);
    const banner = pilote.page.getByTestId('limit-banner');
    await eventually(async () => (await banner.count()) === 1, 'the limit banner');
    expect(await banner.innerText()).toMatch(/n’a pas été enregistrée.*taille autorisée/s);
    expect(await banner.getAttribute('role')).toBe('alert');
    await pilote.page.screenshot({ path: artifact('limits-too-large.png') });
    // Read-only from now on: nothing more is sent.
    expect(await pilote.page.getByText('Lecture seule (Pilote)').count()).toBe(1);

    // Someone else sees what was saved, not the refused paste.
    const membre = await CyclePage.open(membreContext, url);
    await eventually(
      async () => (await membre.value(BASELINE, '1.1', 1)).includes('Taux : 38,5 % l’été'),
      'the saved text on another page',
    );
    expect(await membre.value(BASELINE, '1.1', 1)).not.toContain('Compte rendu d’assemblée');

    // Dropping the refused edit reloads the cycle from the server, editable again.
    await banner.getByRole('button', { name: /Abandonner cette modification/ }).click();
    await eventually(
      async () =>
        (await pilote.page.getByText('Lecture seule (Pilote)').count()) === 0 &&
        (await pilote.page.getByRole('textbox').count()) > 0,
      'the cycle reloaded from the server, editable',
    );
    expect(await pilote.page.getByTestId('limit-banner').count()).toBe(0);
    await pilote.reveal(pilote.cell(BASELINE, '1.1', 1));
    expect(await pilote.value(BASELINE, '1.1', 1)).not.toContain('Compte rendu');
    expect(await pilote.value(BASELINE, '1.1', 1)).toContain('Taux : 38,5 % l’été');
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), ' ; repris');
    await pilote.expectSaved();
    await eventually(
      async () => (await membre.value(BASELINE, '1.1', 1)).includes('repris'),
      'the next edit reaching the other page',
    );
  });
});
