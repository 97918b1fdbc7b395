import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

const LABEL = 'Questions ou indicateurs';

/** The line of row `domain` n° `index`, once revealed in the virtualised grid. */
async function rowLine(page: CyclePage, domain: string, index: number): Promise<Locator> {
  const cell = page.cell(LABEL, domain, index);
  if ((await cell.count()) === 0) await page.reveal(cell);
  return page.page.locator('[data-row-id]').filter({ has: cell });
}

describe('comment threads, live for everyone present', () => {
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

  it('a commentateur comments row 1.3 n°1; the membre sees it, replies and resolves; the commentateur sees both live and cannot change the grid', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline Pilote');
    const membreContext = await actorContext(browser, server.url, 'Marc Membre');
    const commentContext = await actorContext(browser, server.url, 'Chloé Commentatrice', {
      width: 1366,
      height: 768,
    });
    contexts.push(piloteContext, membreContext, commentContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2026);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    await inviteAs(piloteContext, commentContext, organisationId, 'commentateur');
    // The membre says their qualité (step 1): their messages show it beside their name.
    const membreId = (
      (await (await membreContext.request.get('/api/me')).json()) as {
        user: { id: string };
      }
    ).user.id;
    const said = await membreContext.request.put(
      `/api/organisations/${organisationId}/members/${membreId}/qualite`,
      { data: { qualite: 'elu' } },
    );
    expect(said.ok()).toBe(true);

    const pilote = await CyclePage.open(piloteContext, url);
    const membre = await CyclePage.open(membreContext, url);
    const commentateur = await CyclePage.open(commentContext, url);

    // The commentateur opens the comments of row 1.3 n°1 and posts, mentioning the membre.
    const line = await rowLine(commentateur, '1.3', 1);
    await line.getByRole('button', { name: 'Commenter cette ligne' }).click();
    const panel = commentateur.page.getByRole('complementary', {
      name: /Commentaires — Ligne 1\.3 n° 1/,
    });
    await panel.waitFor();
    const box = panel.getByRole('combobox', { name: 'Votre commentaire' });
    await box.click();
    await commentateur.page.keyboard.type('Faut-il compter les bénévoles ? @Mar');
    await panel.getByRole('option', { name: 'Marc Membre' }).waitFor();
    await commentateur.page.keyboard.press('Enter');
    await commentateur.page.keyboard.press('Shift+Enter');
    await commentateur.page.keyboard.type('<b>pas du HTML</b> 38,5 % l’an dernier 🙂');
    expect(await box.inputValue()).toBe(
      'Faut-il compter les bénévoles ? @Marc Membre \n<b>pas du HTML</b> 38,5 % l’an dernier 🙂',
    );
    await panel.getByRole('button', { name: 'Publier le commentaire' }).click();
    await panel.getByText('<b>pas du HTML</b> 38,5 % l’an dernier 🙂', { exact: false }).waitFor();

    // The membre (and the pilote) see the count on the row, live.
    for (const page of [membre, pilote]) {
      const theirLine = await rowLine(page, '1.3', 1);
      await eventually(
        async () =>
          (await theirLine.locator('.thread-badge').getAttribute('data-thread-count')) === '1',
        'the open-thread count on row 1.3 n°1',
      );
    }
    await membre.page.screenshot({ path: artifact('comments-badge-membre.png') });

    // The membre opens it, replies and resolves.
    const membreLine = await rowLine(membre, '1.3', 1);
    await membreLine.getByRole('button', { name: /1 fil\(s\) ouvert\(s\)/ }).click();
    const membrePanel = membre.page.getByRole('complementary', {
      name: /Commentaires — Ligne 1\.3/,
    });
    await membrePanel.getByText('Faut-il compter les bénévoles ?', { exact: false }).waitFor();
    expect(await membrePanel.locator('b').count()).toBe(0);
    await membrePanel.getByRole('combobox', { name: 'Votre réponse' }).fill('Oui, au prorata.');
    await membrePanel.getByRole('button', { name: 'Répondre' }).click();
    await membrePanel.getByText('Oui, au prorata.').waitFor();
    await membrePanel.getByRole('button', { name: 'Marquer comme résolu' }).click();
    await membrePanel.getByText('Résolu', { exact: true }).waitFor();

    // The commentateur sees the reply and the resolution without reloading, the reply with the
    // membre's qualité; the commentateur, who said none, shows none.
    await panel.getByText('Oui, au prorata.').waitFor();
    const reply = panel.locator('.comment-message').filter({ hasText: 'Oui, au prorata.' });
    await eventually(
      async () =>
        (await reply.getByTestId('comment-qualite').allTextContents()).join() ===
        'Administrateur·rice / élu·e',
      'the membre’s qualité beside their reply',
    );
    const question = panel
      .locator('.comment-message')
      .filter({ hasText: 'Faut-il compter les bénévoles' });
    expect(await question.getByTestId('comment-qualite').count()).toBe(0);
    await panel.getByText('Résolu', { exact: true }).waitFor();
    await eventually(
      async () => (await line.locator('.thread-badge').getAttribute('data-thread-count')) === '0',
      'the count to drop once resolved',
    );
    await commentateur.page.screenshot({ path: artifact('comments-panel-commentateur.png') });

    // The commentateur's typing in a grid cell changes nothing on the server.
    const documentName = `cycle.${url.split('/').pop()}`;
    const observer = await providerAs(membreContext, server.url, documentName);
    try {
      await eventually(async () => observer.provider.isSynced, 'the observer to sync');
      const before = Buffer.from(Y.encodeStateAsUpdate(observer.doc));
      await panel.getByRole('button', { name: 'Fermer les commentaires' }).click();
      await commentateur.typeAtEnd(
        commentateur.cell('État des lieux (N0)', '1.3', 1),
        'écrit par la commentatrice',
      );
      // Then moves to the next cell: the presence update travels on the same socket after anything typed, so
      // once the observer sees it, the server has handled whatever the typing sent.
      const next = commentateur.cell('Objectif à 1 an (N+1)', '1.3', 1);
      if ((await next.count()) === 0) await commentateur.reveal(next);
      await next.click();
      await eventually(
        async () =>
          [...observer.provider.awareness!.getStates().values()].some((state) => {
            const who = state.user as { name?: string } | undefined;
            const where = state.cell as { field?: string } | null | undefined;
            return who?.name === 'Chloé Commentatrice' && where?.field === 'target1y';
          }),
        'the commentateur’s presence in the next cell',
      );
      const after = Buffer.from(Y.encodeStateAsUpdate(observer.doc));
      expect(after.equals(before)).toBe(true);
      expect(JSON.stringify(observer.doc.toJSON())).not.toContain('commentatrice');
    } finally {
      observer.destroy();
    }

    // The pilote reads it in the threads view, filtered on resolved threads.
    await pilote.page.getByRole('link', { name: 'Fils de discussion' }).click();
    await pilote.page.getByRole('heading', { name: /Fils de discussion du cycle/ }).waitFor();
    await pilote.page.getByRole('button', { name: 'Résolus' }).click();
    await pilote.page.locator('.thread-item').first().click();
    await pilote.page.getByText('Oui, au prorata.').waitFor();
    await pilote.page.screenshot({ path: artifact('comments-threads-view.png') });

    for (const page of [pilote, membre, commentateur]) expect(page.errors).toEqual([]);
  });
});
