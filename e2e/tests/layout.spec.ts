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
