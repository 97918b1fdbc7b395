/**
 * A frozen version shows its narrative sections and its comment threads as they were when it was
 * frozen (issues 11–13), read-only; its public link shows the texts too, never the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs } from '../fixtures/pages.ts';
import { expectAccessible } from '../fixtures/axe.ts';

const METHOD = 'Notre démarche';
const TEXT = 'Le binôme salarié élu pilote la démarche ; 38,5 % des bénévoles ont répondu.';
const LATER = 'Ajout après le gel';

const editorOf = (page: Page) => page.getByRole('textbox', { name: METHOD, exact: true });

describe('a frozen version’s texts and threads', () => {
  let server: PilotisServer;
  let browser: Browser;
  let pilote: BrowserContext;

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
    pilote = await actorContext(browser, server.url, 'Pauline Pilote');
  });

  afterAll(async () => {
    await pilote?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the texts and threads as frozen, read-only; the public link shows the texts and no comment', async () => {
    const { url } = await createCycleAs(pilote, 2026);
    const cycleId = url.split('/').pop()!;
    const page = await pilote.newPage();
    watchErrors(page);
    await page.goto(`${url}/textes`);
    await editorOf(page).click();
    await page.keyboard.type(TEXT);
    await page.getByText('Toutes les modifications sont enregistrées').waitFor();
    // A thread on the cycle (on the method section), then the version is frozen.
    const href = await page
      .locator('.sections-outline a[aria-current="true"]')
      .getAttribute('href');
    const methodId = decodeURIComponent(href!.replace('#section-', ''));
    const thread = await (
      await pilote.request.post(`/api/cycles/${cycleId}/threads`, {
        data: { anchor: { kind: 'section', id: methodId }, body: 'Chiffre à vérifier avant l’AG' },
      })
    ).json();
    expect(thread.id).toBeTruthy();
    const version = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version présentée au CA du 12/03/2027', stage: 'board' },
      })
    ).json();

    // After the freeze: more text, a reply.
    await editorOf(page).click();
    await page.keyboard.press('End');
    await page.keyboard.type(` ${LATER}.`);
    await page.getByText('Toutes les modifications sont enregistrées').waitFor();
    await pilote.request.post(`/api/threads/${thread.id}/messages`, {
      data: { body: 'Réponse donnée après le gel' },
    });

    // The version view: texts and threads as frozen.
    await page.goto(`${url}/versions?version=${version.id}`);
    await page.getByRole('region', { name: 'Version figée' }).waitFor();
    await page.getByRole('tab', { name: 'Textes' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('heading', { name: METHOD }).waitFor();
    await panel.getByText(TEXT).waitFor();
    expect(await panel.getByText(LATER).count()).toBe(0);
    expect(await panel.getByRole('textbox').count()).toBe(0);
    await page.screenshot({ path: artifact('version-texts.png') });

    await page.getByRole('tab', { name: 'Fils de discussion' }).click();
    await panel.getByText('Chiffre à vérifier avant l’AG').waitFor();
    expect(await panel.getByText('Réponse donnée après le gel').count()).toBe(0);
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await panel.getByRole('combobox').count()).toBe(0);
    await page.screenshot({ path: artifact('version-threads.png') });
    await expectAccessible(page, 'the threads of a frozen version');

    // The public link: texts, no comment.
    const link = await (
      await pilote.request.post(`/api/versions/${version.id}/links`, { data: {} })
    ).json();
    const guest = await browser.newContext({
      locale: 'fr-FR',
      baseURL: server.url,
      viewport: { width: 1280, height: 720 },
    });
    try {
      const visitor = await guest.newPage();
      watchErrors(visitor);
      await visitor.goto(link.url);
      await visitor.getByText('Version présentée au CA du 12/03/2027').waitFor();
      expect(await visitor.getByRole('tab', { name: 'Fils de discussion' }).count()).toBe(0);
      await visitor.getByRole('tab', { name: 'Textes' }).click();
      await visitor.getByText(TEXT).waitFor();
      expect(await visitor.getByText(LATER).count()).toBe(0);
      expect(await visitor.getByText('Chiffre à vérifier', { exact: false }).count()).toBe(0);
      await visitor.screenshot({ path: artifact('version-public-texts.png') });
      await expectAccessible(visitor, 'the texts of a public version');
    } finally {
      await guest.close();
    }
  });
});
