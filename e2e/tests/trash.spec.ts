import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';
const BASELINE = 'État des lieux (N0)';

describe('a row deleted while someone types in it', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('keeps every character the typist wrote; the deleter is warned first; restore brings it all back', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline');
    const membreContext = await actorContext(browser, server.url, 'Marc');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, 2026);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    const pilote = await CyclePage.open(piloteContext, url);
    const membre = await CyclePage.open(membreContext, url);
    const label = await pilote.value(LABEL, '1.1', 1);

    // A (Marc) types in the row's état des lieux.
    const cell = membre.cell(BASELINE, '1.1', 1);
    await membre.typeAtEnd(cell, 'Début de phrase 😀');
    await eventually(
      async () => (await pilote.value(BASELINE, '1.1', 1)) === 'Début de phrase 😀',
      'the typing on the pilote’s page',
    );
    // Marc's presence reaches the pilote's page.
    const piloteCell = pilote.gridCell(BASELINE, '1.1', 1);
    await eventually(
      async () => ((await piloteCell.getAttribute('data-presence')) ?? '').includes('Marc'),
      'Marc’s presence in the row',
    );

    // B (Pauline) deletes the row with Ctrl+Suppr: she is warned that Marc is in it.
    let warning = '';
    pilote.page.once('dialog', (dialog) => {
      warning = dialog.message();
      void dialog.accept();
    });
    await pilote.gridCell(LABEL, '1.1', 1).focus();
    await pilote.page.keyboard.press('Control+Delete');
    await eventually(async () => warning !== '', 'the warning before deleting');
    expect(warning).toContain('Marc');

    // Marc sees who deleted it, and keeps typing: the rest of the sentence goes into the row.
    const notice = membre.page.getByRole('alert').filter({ hasText: 'a supprimé cette ligne' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Pauline a supprimé cette ligne');
    await membre.page.keyboard.type(', et la suite écrite après.');
    await membre.page.screenshot({ path: artifact('row-deleted-notice.png') });
    await notice.getByRole('button', { name: 'Restaurer' }).click();
    await notice.waitFor({ state: 'detached' });

    const full = 'Début de phrase 😀, et la suite écrite après.';
    for (const page of [pilote, membre]) {
      await eventually(
        async () =>
          (await page.cell(LABEL, '1.1', 1).count()) > 0 &&
          (await page.value(BASELINE, '1.1', 1)) === full,
        'the restored row with every character',
      );
      expect(await page.value(LABEL, '1.1', 1)).toBe(label);
      expect(page.errors).toEqual([]);
    }
  });

  it('lists deleted rows in the Corbeille, where anyone who edits restores them', async () => {
    const context = await actorContext(browser, server.url, 'Nadia');
    contexts.push(context);
    const { url } = await createCycleAs(context, 2027);
    const page = await CyclePage.open(context, url);
    const label = await page.value(LABEL, '1.1', 1);
    await page.gridCell(LABEL, '1.1', 1).focus();
    await page.page.keyboard.press('Control+Delete');
    await eventually(async () => (await page.value(LABEL, '1.1', 1)) !== label, 'the delete');
    await page.page.getByRole('button', { name: /Corbeille/ }).click();
    const dialog = page.page.getByRole('dialog', { name: 'Corbeille du cycle' });
    await dialog.getByText(label).waitFor();
    await page.page.screenshot({ path: artifact('trash-dialog.png') });
    await dialog.getByRole('button', { name: 'Restaurer' }).click();
    await dialog.getByText('La corbeille est vide.').waitFor();
    await eventually(async () => (await page.value(LABEL, '1.1', 1)) === label, 'the restore');
  });
});
