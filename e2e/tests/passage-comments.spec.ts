/**
 * Comments on a passage of a section (issue 12), in real browsers: a commentateur (who cannot
 * write in the text) selects a passage of « Notre démarche » and comments it; the membre's page
 * shows the passage highlighted and the thread live; the membre erases the passage and the thread
 * stays, détaché, with its quote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, eventually, inviteAs } from '../fixtures/pages.ts';
import { expectAccessible } from '../fixtures/axe.ts';

const METHOD = 'Notre démarche';
const TEXT = 'Le binôme salarié élu pilote la démarche ; 38,5 % des bénévoles ont répondu.';
const PASSAGE = '38,5 % des bénévoles';

async function openTexts(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(`${url}/textes`);
  await editorOf(page).waitFor();
  return page;
}

const editorOf = (page: Page) => page.getByRole('textbox', { name: METHOD, exact: true });
const commentsOf = (page: Page) =>
  page.getByRole('complementary', { name: 'Commentaires du texte' });

/** Select `words` in the section's text, as a mouse drag would. */
async function select(page: Page, words: string): Promise<void> {
  await editorOf(page).evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let offset = 0;
    const nodes: { node: Text; start: number }[] = [];
    let all = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node as Text, start: offset });
      all += node.textContent ?? '';
      offset += node.textContent?.length ?? 0;
    }
    const from = all.indexOf(wanted);
    if (from < 0) throw new Error(`"${wanted}" is not in the text`);
    const to = from + wanted.length;
    const at = (position: number, end: boolean) => {
      const found = nodes.findLast((n) => (end ? n.start < position : n.start <= position))!;
      return { node: found.node, offset: position - found.start };
    };
    const start = at(from, false);
    const finish = at(to, true);
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(finish.node, finish.offset);
    (element as HTMLElement).focus();
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, words);
}

describe('comments on a passage of a section', () => {
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

  it('a commentateur comments a passage; the membre sees it highlighted live; erasing it leaves the thread détaché with its quote', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline Pilote');
    const membreContext = await actorContext(browser, server.url, 'Marc Membre');
    const commentContext = await actorContext(browser, server.url, 'Chloé Commentatrice', {
      width: 1280,
      height: 720,
    });
    contexts.push(piloteContext, membreContext, commentContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2026);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    await inviteAs(piloteContext, commentContext, organisationId, 'commentateur');

    const membre = await openTexts(membreContext, url);
    await editorOf(membre).click();
    await membre.keyboard.type(TEXT);

    const commentateur = await openTexts(commentContext, url);
    await eventually(
      async () => ((await editorOf(commentateur).textContent()) ?? '').includes('38,5 %'),
      'the membre’s text on the commentateur’s page',
    );
    // Read-only for her: no formatting toolbar, but « Commenter » once something is selected.
    expect(await commentateur.getByRole('toolbar', { name: /Mise en forme/ }).count()).toBe(0);
    const comment = commentateur.getByRole('button', { name: /Commenter/ });
    expect(await comment.isDisabled()).toBe(true);
    await select(commentateur, PASSAGE);
    await eventually(async () => !(await comment.isDisabled()), '« Commenter » to be offered');
    await comment.click();

    const aside = commentsOf(commentateur);
    await aside.getByText(`« ${PASSAGE} »`).waitFor();
    const box = aside.getByRole('combobox', { name: 'Votre commentaire sur ce passage' });
    await box.waitFor();
    await commentateur.keyboard.type('D’où vient ce chiffre ? <b>pas du HTML</b> 🙂');
    await aside.getByRole('button', { name: 'Publier le commentaire' }).click();
    await aside
      .locator('.thread-card')
      .getByText('D’où vient ce chiffre ?', { exact: false })
      .waitFor();

    // The passage is highlighted on both pages, and the membre sees the thread, live.
    for (const page of [commentateur, membre]) {
      await eventually(
        async () =>
          (await editorOf(page).locator('.comment-anchor').allTextContents()).join('') === PASSAGE,
        'the highlighted passage',
      );
    }
    const membreAside = commentsOf(membre);
    await membreAside.getByText('D’où vient ce chiffre ?', { exact: false }).waitFor();
    expect(await membreAside.locator('b').count()).toBe(0);
    await commentateur.screenshot({ path: artifact('passage-comment-commentateur.png') });
    await membre.screenshot({ path: artifact('passage-comment-membre.png') });
    await expectAccessible(membre, 'Textes with a passage comment');

    // Clicking the highlighted passage brings its thread into focus.
    await editorOf(membre).locator('.comment-anchor').first().click();
    await eventually(
      async () =>
        membre.evaluate(
          () => !!document.activeElement?.closest('.passage-comments .passage-thread'),
        ),
      'the thread to take the focus',
    );

    // The membre erases the passage: the thread stays, détaché, with its quote — on both pages.
    await select(membre, PASSAGE);
    await membre.keyboard.press('Backspace');
    await eventually(
      async () => !((await editorOf(membre).textContent()) ?? '').includes('38,5 %'),
      'the passage to be erased',
    );
    // Live on both pages: the passage left the text, the thread says so at once.
    for (const page of [membre, commentateur]) {
      await commentsOf(page)
        .locator('.thread-card')
        .getByText('Détaché', { exact: true })
        .waitFor();
    }
    for (const page of [membre, commentateur]) {
      // Threads are re-read (and their anchors checked) when the list is loaded again.
      await page.reload();
      await editorOf(page).waitFor();
      const card = commentsOf(page).locator('.thread-card');
      await card.getByText('Détaché', { exact: true }).waitFor();
      await card.getByText(PASSAGE, { exact: false }).first().waitFor();
    }
    await membre.screenshot({ path: artifact('passage-comment-detached.png') });
  });
});
