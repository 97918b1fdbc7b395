import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  createAction,
  dashboardFigures,
  formatEurosFr,
  readCycle,
  rowText,
  setActionAmount,
  setActionStatus,
  setRowField,
  setThemeRetained,
  todayIso,
} from '@pilotis/shared';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, eventually } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

describe('Dashboard of a cycle', () => {
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

  it('shows, in its accessible table and text, the figures the model gives', async () => {
    const context = await actorContext(browser, server.url, 'Élodie', {
      width: 1280,
      height: 720,
    });
    contexts.push(context);
    const { url } = await createCycleAs(context, 2027);
    const raw = await providerAs(context, server.url, `cycle.${url.split('/').pop()}`);
    try {
      await eventually(async () => raw.provider.isSynced, 'the raw client to sync');
      const model = readCycle(raw.doc);
      const rows = model.rows.slice(0, 9);
      // Some measured, some with objectives, a theme left out, actions in every state.
      rows.forEach((row, index) => {
        if (index % 2 === 0) rowText(raw.doc, row.id, 'baseline').insert(0, 'Mesuré : 38,5 % ’été');
        if (index % 3 === 0) {
          rowText(raw.doc, row.id, 'target1y').insert(0, '45 %');
          rowText(raw.doc, row.id, 'target3y').insert(0, '60 %');
        }
        if (index === 1) setRowField(raw.doc, row.id, 'baselineValue', 1234.5);
      });
      const lastTheme = model.themes.find((theme) => theme.number === 8)!;
      setThemeRetained(raw.doc, lastTheme.id, false, 'Pas cette année');
      const first = createAction(raw.doc, {
        title: 'Former l’équipe',
        rowIds: [rows[0]!.id],
        dueDate: '2020-01-31',
      });
      setActionAmount(raw.doc, first, 'budget', '1 234,50');
      setActionAmount(raw.doc, first, 'budgetSpent', '200');
      const second = createAction(raw.doc, { title: 'Charte 🌱', rowIds: [rows[4]!.id] });
      setActionStatus(raw.doc, second, 'done');
      createAction(raw.doc, { title: 'Sans lien' });

      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${url}/tableau-de-bord`);
      await page.getByRole('heading', { name: 'Tableau de bord 2027' }).waitFor();
      const expected = dashboardFigures(readCycle(raw.doc), todayIso());
      expect(expected.overall.actionsLate).toBe(1);
      expect(expected.overall.withBaseline).toBe(6);

      const table = page.getByRole('table', { name: 'Les chiffres par thème' });
      await table.waitFor();
      for (const theme of expected.themes) {
        const line = table.getByRole('row', { name: new RegExp(`^${theme.number}\\. `) });
        const cell = (name: string) => line.locator(`[data-cell="${name}"]`).innerText();
        expect(await cell('retained')).toBe(theme.retained ? 'Oui' : 'Non');
        expect(await cell('rows')).toBe(String(theme.rows));
        expect(await cell('baseline')).toMatch(new RegExp(`^${theme.withBaseline} \\(`));
        expect(await cell('objectives')).toMatch(new RegExp(`^${theme.withObjectives} \\(`));
        expect(await cell('balance')).toBe(`${theme.quantitative} / ${theme.qualitative}`);
        expect(await cell('actions')).toBe(
          `${theme.actionsDone} sur ${theme.actions} (${theme.actionsLate} en retard)`,
        );
      }
      const total = page.getByTestId('dashboard-row-total');
      const overall = expected.overall;
      expect(await total.locator('[data-cell="budget"]').innerText()).toBe(
        `${formatEurosFr(overall.budgetSpent)} / ${formatEurosFr(overall.budgetPlanned)}`,
      );
      expect((await total.locator('[data-cell="budget"]').innerText()).replace(/\s/g, ' ')).toBe(
        '200,00 € / 1 234,50 €',
      );
      expect(
        await page
          .getByTestId('dashboard-row-no-theme')
          .locator('[data-cell="actions"]')
          .innerText(),
      ).toBe('0 sur 1 (0 en retard)');

      // The charts are images with their numbers in words.
      const ring = page.getByRole('img', { name: /^Actions réalisées/ });
      await ring.waitFor();
      expect(await ring.getAttribute('aria-label')).toBe(
        `Actions réalisées : ${overall.actionsDone} sur ${overall.actions} ; en retard : ${overall.actionsLate}.`,
      );
      const bars = page.getByTestId('dashboard-coverage');
      const barsLabel = (await bars.getAttribute('aria-label')) ?? '';
      for (const theme of expected.themes) {
        const pct = (n: number) => (theme.rows ? Math.round((n / theme.rows) * 100) : 0);
        expect(barsLabel).toContain(
          `thème ${theme.number}, état des lieux ${pct(theme.withBaseline)} %, objectifs ${pct(theme.withObjectives)} %`,
        );
      }
      // Chart.js drew something (the canvas is sized and not blank).
      await eventually(
        async () =>
          bars.evaluate((canvas) => {
            const c = canvas as HTMLCanvasElement;
            return c.width > 0 && c.toDataURL().length > 5000;
          }),
        'the bar chart to be drawn',
      );
      await page.screenshot({ path: artifact('dashboard-1280x720.png') });
      expect(errors).toEqual([]);
    } finally {
      raw.destroy();
    }
  }, 120_000);
});
