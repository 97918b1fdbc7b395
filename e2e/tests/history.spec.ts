import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { readCycle, rowText, setRowField } from '@pilotis/shared';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

describe('Indicator history across cycles', () => {
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

  it('shows a quantitative indicator over three cycles as three points with their values', async () => {
    const context = await actorContext(browser, server.url, 'Maëlle', { width: 1280, height: 720 });
    contexts.push(context);
    const { url, organisationId } = await createCycleAs(context, 2026);
    const measures = [
      { year: 2026, value: 38.5, target: '45 %' },
      { year: 2027, value: 41, target: '50 %' },
      { year: 2028, value: 1234.5, target: '60 %' },
    ];
    let cycleId = url.split('/').pop()!;
    for (const [index, measure] of measures.entries()) {
      if (index > 0) {
        const reply = await context.request.post(`/api/organisations/${organisationId}/cycles`, {
          data: { year: measure.year, from: cycleId },
        });
        expect(reply.status()).toBe(201);
        cycleId = (await reply.json()).id;
      }
      const raw = await providerAs(context, server.url, `cycle.${cycleId}`);
      try {
        await eventually(async () => raw.provider.isSynced, 'the raw client to sync');
        const row = readCycle(raw.doc).rows[0]!;
        setRowField(raw.doc, row.id, 'nature', 'quantitative');
        setRowField(raw.doc, row.id, 'unit', '%');
        setRowField(raw.doc, row.id, 'baselineValue', measure.value);
        rowText(raw.doc, row.id, 'target1y').insert(0, measure.target);
        await eventually(
          async () => !raw.provider.hasUnsyncedChanges,
          'the measurement to reach the server',
        );
      } finally {
        raw.destroy();
      }
    }

    const cycle = await CyclePage.open(context, `/cycles/${cycleId}`);
    const { page } = cycle;
    await page.getByRole('gridcell', { name: 'Questions ou indicateurs, ligne 1.1 n° 1' }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Enter');
    const history = page.getByRole('region', { name: 'Historique d’une année sur l’autre' });
    await history.waitFor();
    const table = history.getByRole('table', { name: 'Valeurs et objectifs par année' });
    await table.waitFor();
    const lines = table.locator('tbody tr');
    expect(await lines.count()).toBe(3);
    const read = await lines.evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector('th')?.textContent ?? '',
        row.querySelector('[data-cell="value"]')?.textContent?.replace(/\s/g, ' ') ?? '',
        row.querySelectorAll('td')[1]?.textContent ?? '',
      ]),
    );
    expect(read).toEqual([
      ['2026', '38,5 %', '45 %'],
      ['2027', '41 %', '50 %'],
      ['2028', '1 234,5 %', '60 %'],
    ]);
    const chart = history.getByRole('img', { name: /^Courbe des valeurs mesurées/ });
    await chart.waitFor();
    expect(((await chart.getAttribute('aria-label')) ?? '').replace(/\s/g, ' ')).toBe(
      'Courbe des valeurs mesurées : 2026 : 38,5 % ; 2027 : 41 % ; 2028 : 1 234,5 %.',
    );
    await history.scrollIntoViewIfNeeded();
    await eventually(
      async () =>
        chart.evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL().length > 3000),
      'the line chart to be drawn',
    );
    await page.screenshot({ path: artifact('indicator-history.png') });
    expect(cycle.errors).toEqual([]);
  }, 180_000);
});
