/**
 * Presentation mode on a 1280×720 projector (issue 9): fullscreen, at least 5 rows, PageDown and
 * theme jumps, "Non retenu", blank empty fields, followers at the same position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { readCycle, setThemeRetained } from '@pilotis/shared';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { providerAs } from '../fixtures/provider.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';

describe('presentation mode on a projector', () => {
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

  it('fits 5 rows at 1280×720 in fullscreen, pages, jumps to theme 8, and the follower sees the same place', async () => {
    const projector = await actorContext(browser, server.url, 'Pauline', {
      width: 1280,
      height: 720,
    });
    const laptop = await actorContext(browser, server.url, 'Marc', { width: 1366, height: 768 });
    contexts.push(projector, laptop);
    const { url, organisationId } = await createCycleAs(projector, 2050);
    await inviteAs(projector, laptop, organisationId, 'membre');

    // Theme 5 is not retained this year.
    const raw = await providerAs(projector, server.url, `cycle.${url.split('/').pop()}`);
    try {
      await eventually(async () => raw.provider.isSynced, 'the raw client to sync');
      const theme5 = readCycle(raw.doc).themes.find((theme) => theme.number === 5)!;
      setThemeRetained(raw.doc, theme5.id, false, 'Pas cette année, faute de temps');
      await eventually(async () => !raw.provider.hasUnsyncedChanges, 'the change to be saved');
    } finally {
      raw.destroy();
    }

    const pilote = await CyclePage.open(projector, url);
    // The membre is in the cycle too, on a laptop.
    const membre = await CyclePage.open(laptop, url);
    const { page } = pilote;
    await page.getByRole('button', { name: 'Présenter' }).click();
    const view = page.getByRole('region', { name: 'Présentation' });
    await view.waitFor();
    await page.screenshot({ path: artifact('presentation-1280x720.png') });
    expect(await page.evaluate(() => document.fullscreenElement !== null)).toBe(true);

    const body = page.locator('.presentation-body');
    const visibleRows = () =>
      body.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return Array.from(element.querySelectorAll('.presentation-row')).filter((row) => {
          const r = row.getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom;
        }).length;
      });
    expect(await visibleRows()).toBeGreaterThanOrEqual(5);
    // Empty fields stay blank: no editor, no placeholder text projected.
    expect(await view.locator('textarea, input, [placeholder]').count()).toBe(0);
    expect(await view.innerText()).not.toContain('Bonnes pratiques actuelles');
    // The exit control is in the bar: it covers no cell.
    const exit = await page.getByRole('button', { name: /^Quitter/ }).boundingBox();
    const bodyBox = await body.boundingBox();
    expect(exit && bodyBox && exit.y + exit.height <= bodyBox.y).toBe(true);

    const scrollTop = () => body.evaluate((element) => element.scrollTop);
    await page.keyboard.press('PageDown');
    await eventually(async () => (await scrollTop()) > 300, 'PageDown to move the view');
    const afterPage = await scrollTop();
    await page.keyboard.press(' ');
    await eventually(async () => (await scrollTop()) > afterPage, 'Space to move the view');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await eventually(async () => (await scrollTop()) === 0, 'back at the top');

    // T jumps theme to theme; the bar names the theme on screen, which starts at the top.
    const bar = page.locator('.presentation-theme');
    const headingTop = (number: number) =>
      page
        .getByRole('heading', { level: 2, name: new RegExp(`^Thème ${number} `) })
        .evaluate((heading) => heading.getBoundingClientRect().top);
    const columnsBottom = () =>
      page
        .locator('.presentation-columns')
        .evaluate((columns) => columns.getBoundingClientRect().bottom);
    for (let number = 2; number <= 8; number++) {
      await page.keyboard.press('t');
      await eventually(
        async () => (await bar.innerText()).startsWith(`Thème ${number} ·`),
        `theme ${number} in the bar`,
      );
      expect(Math.abs((await headingTop(number)) - (await columnsBottom()))).toBeLessThan(40);
      if (number === 5) {
        const block = page.locator('.presentation-theme-block.dropped');
        expect(await block.innerText()).toContain('Non retenu');
        expect(await block.innerText()).toContain('Pas cette année, faute de temps');
      }
    }
    await page.screenshot({ path: artifact('presentation-theme8.png') });
    await page.keyboard.press('Shift+T');
    await eventually(async () => (await bar.innerText()).startsWith('Thème 7 ·'), 'back to 7');
    await page.keyboard.press('t');
    await eventually(async () => (await bar.innerText()).startsWith('Thème 8 ·'), 'theme 8');

    // The membre follows the presenter: their grid shows the first row of theme 8.
    await membre.page.getByRole('button', { name: 'Suivre Pauline' }).click();
    const target = membre.cell(LABEL, '8.1', 1);
    await eventually(async () => {
      if ((await target.count()) === 0) return false;
      const box = await target.boundingBox();
      const grid = await membre.page.locator('.grid-scroll').boundingBox();
      return !!box && !!grid && box.y >= grid.y && box.y + 10 <= grid.y + grid.height;
    }, 'the presenter’s position on the follower’s screen');
    await membre.page.screenshot({ path: artifact('presentation-follower-1366x768.png') });

    await page.keyboard.press('Escape');
    await eventually(async () => (await view.count()) === 0, 'leaving the presentation');
    await eventually(
      async () => page.evaluate(() => document.fullscreenElement === null),
      'leaving fullscreen',
    );
    expect(pilote.errors).toEqual([]);
  });
});
