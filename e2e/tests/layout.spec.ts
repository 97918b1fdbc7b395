/**
 * The grid on laptops (issue 9): at 1366×768 every column fits; at 1024×768 rows become cards.
 * Screenshots in e2e/artifacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage } from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';

describe('the grid on laptops', () => {
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

  it('shows every column at 1366×768, the row menu included', async () => {
    const context = await actorContext(browser, server.url, 'Pauline', {
      width: 1366,
      height: 768,
    });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2060);
    const cycle = await CyclePage.open(context, url);
    const { page } = cycle;
    const grid = await page.locator('.grid-scroll').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { left: box.left, right: box.left + element.clientWidth };
    });
    const headers = await page
      .getByRole('columnheader')
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().right));
    expect(headers).toHaveLength(10);
    for (const right of headers) expect(right).toBeLessThanOrEqual(grid.right + 1);
    const menu = await page
      .getByRole('button', { name: 'Actions de la ligne 1.1 n° 1', exact: true })
      .boundingBox();
    expect(menu && menu.x + menu.width <= grid.right).toBe(true);
    await page.screenshot({ path: artifact('grid-1366x768.png') });
    expect(cycle.errors).toEqual([]);
  });

  it('hides and shows columns from the keyboard, remembered on reload, the row label always kept', async () => {
    const context = await actorContext(browser, server.url, 'Pauline', {
      width: 1280,
      height: 720,
    });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2062);
    const cycle = await CyclePage.open(context, url);
    const { page } = cycle;
    const headerNames = () =>
      page.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => c.textContent));
    const menuButton = page.getByRole('button', { name: 'Colonnes affichées' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Colonnes affichées' });
    await menu.waitFor();
    const items = await menu.getByRole('menuitemcheckbox').allTextContents();
    expect(items.join('|')).not.toContain(LABEL);
    // Thème is the first item: Entrée unchecks it; ↓ to Sources (the last), Entrée again.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Thème');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Sources');
    await page.keyboard.press('Enter');
    expect(
      await menu.getByRole('menuitemcheckbox', { name: /Sources/ }).getAttribute('aria-checked'),
    ).toBe('false');
    await page.screenshot({ path: artifact('grid-columns-menu-1280x720.png') });
    await page.keyboard.press('Escape');
    const names = await headerNames();
    expect(names).not.toContain('Thème');
    expect(names).not.toContain('Sources');
    expect(names).toHaveLength(8);
    expect(await cycle.gridCell('Sources', '1.1', 1).isVisible()).toBe(false);
    expect(await cycle.cell(LABEL, '1.1', 1).isVisible()).toBe(true);
    await page.screenshot({ path: artifact('grid-columns-hidden-1280x720.png') });

    // The arrows step over the hidden Sources column: from Traitée straight to the row menu.
    const treated = page
      .locator('[data-row-id]')
      .filter({ has: cycle.cell(LABEL, '1.1', 1) })
      .locator('[data-col="7"]');
    await treated.focus();
    await page.keyboard.press('ArrowRight');
    expect(await cycle.focusedLabel()).toBe('Actions de la ligne 1.1 n° 1');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.col)).toBe(
      '7',
    );

    // Remembered for this person on this computer.
    await page.reload();
    await cycle.cell(LABEL, '1.1', 1).waitFor();
    expect(await headerNames()).toHaveLength(8);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: artifact('grid-columns-hidden-1366x768.png') });
    // And shown again.
    await menuButton.click();
    await menu.getByRole('menuitemcheckbox', { name: /Sources/ }).click();
    await page.keyboard.press('Escape');
    expect(await headerNames()).toContain('Sources');
    expect(cycle.errors).toEqual([]);
  });

  it('lays rows out as cards at 1024×768, the grid high on the page', async () => {
    const context = await actorContext(browser, server.url, 'Pauline', {
      width: 1024,
      height: 768,
    });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2061);
    const cycle = await CyclePage.open(context, url);
    const { page } = cycle;
    expect(await page.locator('.grid-header').isVisible()).toBe(false);
    const label = await cycle.cell(LABEL, '1.1', 1).boundingBox();
    const baseline = await cycle.cell('État des lieux (N0)', '1.1', 1).boundingBox();
    // A card: the label spans the width, the state of play is below it.
    expect(label && baseline && baseline.y > label.y).toBe(true);
    expect(label && label.width > 600).toBe(true);
    const gridTop = await page
      .locator('.grid-scroll')
      .evaluate((e) => e.getBoundingClientRect().top);
    expect(gridTop).toBeLessThan(768 / 2);
    await page.screenshot({ path: artifact('grid-1024x768.png') });
    expect(cycle.errors).toEqual([]);
  });
});
