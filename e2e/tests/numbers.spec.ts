import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { readCycle } from '@pilotis/shared';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

const LABEL = 'Questions ou indicateurs';

describe('French numbers in the grid', () => {
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

  it('stores "38,5" as 38.5, accepts "1 234,5" and refuses "abc" with a message', async () => {
    const context = await actorContext(browser, server.url, 'Nadia');
    contexts.push(context);
    const { url } = await createCycleAs(context, 2026);
    const cycle = await CyclePage.open(context, url);
    const { page } = cycle;
    const row = page.locator('[data-row-id]').filter({ has: cycle.cell(LABEL, '1.1', 1) });
    const rowId = (await row.getAttribute('data-row-id'))!;
    await row.getByRole('combobox', { name: 'Nature' }).selectOption('quantitative');
    const field = row.getByRole('textbox', { name: 'Valeur' });

    const raw = await providerAs(context, server.url, `cycle.${url.split('/').pop()}`);
    const stored = () => readCycle(raw.doc).rows.find((r) => r.id === rowId)?.baselineValue;
    try {
      await eventually(async () => raw.provider.isSynced, 'the raw client to sync');

      await field.click();
      await page.keyboard.type('38,5');
      await page.keyboard.press('Tab');
      await eventually(async () => stored() === 38.5, 'the value 38.5 stored');
      expect(await field.inputValue()).toBe('38,5');

      await field.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('1 234,5');
      await page.keyboard.press('Tab');
      await eventually(async () => stored() === 1234.5, 'the value 1234.5 stored');
      expect((await field.inputValue()).replace(/\s/g, ' ')).toBe('1 234,5');
      expect(await field.getAttribute('aria-invalid')).toBeNull();

      await field.click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('abc');
      const message = row.getByRole('alert');
      await message.waitFor();
      expect(await message.innerText()).toContain('Ce n’est pas un nombre');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await page.screenshot({ path: artifact('number-field-invalid.png') });
      await page.keyboard.press('Tab');
      // Nothing invalid is stored: the last valid value stays, for everyone.
      expect(stored()).toBe(1234.5);
      expect(await field.inputValue()).toBe('abc');
      expect(cycle.errors).toEqual([]);
    } finally {
      raw.destroy();
    }
  });
});
