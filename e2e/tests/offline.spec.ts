import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const BASELINE = 'État des lieux (N0)';
const TARGET1 = 'Objectif à 1 an (N+1)';

describe('opening Pilotis without the network', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('reopens a cycle opened before, editable, counts the waiting edits and sends them once back online', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline');
    const membreContext = await actorContext(browser, server.url, 'Marc');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2027);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    const cycleId = url.split('/').pop()!;

    const pilote = await CyclePage.open(piloteContext, url);
    const { page } = pilote;
    // The service worker takes over the page and keeps the shell and this cycle's metadata.
    await eventually(
      () => page.evaluate(() => navigator.serviceWorker.controller !== null),
      'the service worker controlling the page',
    );
    await eventually(
      () =>
        page.evaluate(
          async (id) =>
            Boolean((await caches.match('/api/me')) && (await caches.match(`/api/cycles/${id}`))),
          cycleId,
        ),
      'the cycle’s metadata kept for offline use',
    );
    expect(await page.locator('link[rel="manifest"]').count()).toBe(1);
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), 'En ligne ; ');
    await pilote.expectSaved();

    // The meeting room's Wi-Fi goes down.
    await piloteContext.setOffline(true);
    await eventually(async () => (await pilote.status()) === 'offline', 'the offline indicator');
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), 'hors ligne : 38,5 % l’été 🙂');
    const pending = page.locator('.sync-pending');
    await eventually(async () => (await pending.count()) === 1, 'the count of waiting edits');
    expect(await pending.innerText()).toMatch(/\d+ modifications? en attente d’envoi/);

    // Reloading asks first (edits are waiting), then the page opens from the service worker.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    const reloaded = await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    expect(reloaded?.fromServiceWorker()).toBe(true);
    const cell = pilote.cell(BASELINE, '1.1', 1);
    await cell.waitFor();
    await eventually(
      async () => (await cell.inputValue()) === 'En ligne ; hors ligne : 38,5 % l’été 🙂',
      'the offline text back after the reload',
    );
    await eventually(async () => (await pilote.status()) === 'offline', 'offline after reload');
    await eventually(async () => (await pending.count()) === 1, 'the waiting count after reload');
    const waitingBefore = Number(await pending.getAttribute('data-pending'));
    expect(waitingBefore).toBeGreaterThan(0);

    // Still editable offline, after the reload.
    await pilote.typeAtEnd(pilote.cell(TARGET1, '1.1', 2), 'Objectif « révisé »');
    await eventually(
      async () => Number(await pending.getAttribute('data-pending')) > waitingBefore,
      'the waiting count to grow',
    );
    await page.screenshot({ path: artifact('offline-reloaded.png') });

    // Back online: everything typed reaches the server, and another person sees it.
    await piloteContext.setOffline(false);
    await pilote.expectSaved();
    expect(await pending.count()).toBe(0);
    const membre = await CyclePage.open(membreContext, url);
    await eventually(
      async () =>
        (await membre.value(BASELINE, '1.1', 1)) === 'En ligne ; hors ligne : 38,5 % l’été 🙂',
      'the offline text on the server',
    );
    await eventually(
      async () => (await membre.value(TARGET1, '1.1', 2)) === 'Objectif « révisé »',
      'the text typed after the offline reload on the server',
    );
    expect(pilote.errors).toEqual([]);
    expect(membre.errors).toEqual([]);
  });
});
