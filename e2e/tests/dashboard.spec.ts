import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type * as Y from 'yjs';
import {
  createAction,
  dashboardFigures,
  formatEurosFr,
  readCycle,
  readOneYearReviews,
  rowText,
  setActionAmount,
  setActionStatus,
  setReferent,
  setRowField,
  setThemeRetained,
  todayIso,
} from '@pilotis/shared';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { expectAccessible } from '../fixtures/axe.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

/** The first row of the grid (domain 1.1, n° 1). */
const firstRowId = (doc: Y.Doc) => {
  const model = readCycle(doc);
  const domain = model.domains
    .filter((d) => model.themes.find((t) => t.id === d.themeId)?.number === 1)
    .sort((a, b) => (a.order < b.order ? -1 : 1))[0]!;
  return model.rows
    .filter((row) => row.domainId === domain.id)
    .sort((a, b) => (a.order < b.order ? -1 : 1))[0]!.id;
};

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
      await expectAccessible(page, 'dashboard');
      expect(errors).toEqual([]);
    } finally {
      raw.destroy();
    }
  }, 120_000);

  it('shows in the dashboard the one-year review answered on a carried row', async () => {
    const context = await actorContext(browser, server.url, 'Noé', { width: 1280, height: 720 });
    contexts.push(context);
    const { url, organisationId } = await createCycleAs(context, 2026);
    const me = (
      (await (await context.request.get('/api/me')).json()) as {
        user: { id: string; name: string };
      }
    ).user;
    const soon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const raw = await providerAs(context, server.url, `cycle.${url.split('/').pop()}`);
    try {
      await eventually(async () => raw.provider.isSynced, 'the raw client to sync');
      const rows = readCycle(raw.doc).rows;
      rowText(raw.doc, rows[0]!.id, 'target1y').insert(0, 'Atteindre 45 % d’ici l’AG');
      rowText(raw.doc, rows[1]!.id, 'target1y').insert(0, '3 réunions');
      // A referent whose mandate runs into 2027 and ends within three months: carried to 2027,
      // where the dashboard warns it is to be renewed.
      setReferent(raw.doc, {
        theme: 2,
        userId: me.id,
        name: me.name,
        from: '2026-01-01',
        to: soon,
      });
      await eventually(async () => !raw.provider.hasUnsyncedChanges, 'the objectives stored');
    } finally {
      raw.destroy();
    }
    const next = await context.request.post(`/api/organisations/${organisationId}/cycles`, {
      data: { year: 2027, from: url.split('/').pop() },
    });
    expect(next.status()).toBe(201);
    const cycleId = (await next.json()).id as string;

    const cycle = await CyclePage.open(context, `/cycles/${cycleId}`);
    const { page } = cycle;
    await page.getByRole('gridcell', { name: 'Questions ou indicateurs, ligne 1.1 n° 1' }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Enter');
    const review = page.getByRole('group', { name: 'Revue 2027 : objectif atteint ?' });
    await review.waitFor();
    expect(await review.innerText()).toContain('Atteindre 45 % d’ici l’AG');
    await review.getByRole('radio', { name: 'Partiellement' }).check();
    const comment = review.getByRole('textbox', { name: 'Commentaire de la revue à un an' });
    await comment.click();
    await page.keyboard.type('Faute de budget, à l’été ✨');
    await page.screenshot({ path: artifact('one-year-review.png') });

    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord 2027' }).waitFor();
    const live = await providerAs(context, server.url, `cycle.${cycleId}`);
    try {
      await eventually(async () => live.provider.isSynced, 'the raw client to sync');
      await eventually(
        async () => readOneYearReviews(live.doc).get(firstRowId(live.doc))?.answer === 'partly',
        'the answer to reach the server',
      );
      const { overall, themes } = dashboardFigures(
        readCycle(live.doc),
        todayIso(),
        readOneYearReviews(live.doc),
      );
      const r = overall.reviews!;
      expect(r.partly).toBe(1);
      expect(r.yes + r.no).toBe(0);
      expect(r.pending).toBeGreaterThanOrEqual(1);
      const key = page.getByTestId('dashboard-key-reviews');
      await key.waitFor();
      const total = r.yes + r.partly + r.no + r.pending;
      expect((await key.innerText()).replace(/\s+/g, ' ')).toBe(
        `0 / ${total} objectifs de l’an dernier atteints (1 en partie, 0 non, ${r.pending} à revoir)`,
      );
      const cell = (testId: string) =>
        page.getByTestId(testId).locator('[data-cell="reviews"]').innerText();
      expect(await cell('dashboard-row-total')).toBe(`0 / 1 / 0 / ${r.pending}`);
      const t1 = themes.find((theme) => theme.number === 1)!.reviews!;
      expect(await cell('dashboard-row-theme-1')).toBe(
        `${t1.yes} / ${t1.partly} / ${t1.no} / ${t1.pending}`,
      );
      expect(readOneYearReviews(live.doc).get(firstRowId(live.doc))?.comment).toBe(
        'Faute de budget, à l’été ✨',
      );
    } finally {
      live.destroy();
    }
    const [y, m, d] = soon.split('-');
    expect((await page.getByTestId('mandate-warnings').innerText()).replace(/\s+/g, ' ')).toContain(
      `Noé (thème 2) : mandat jusqu’au ${d}/${m}/${y}`,
    );
    // Year after year: 2026 then 2027, the partly-reached objective counted as reviewed.
    const years = page.getByTestId('dashboard-years');
    await years.waitFor();
    expect(await years.locator('tbody th').allInnerTexts()).toEqual(['2026', '2027']);
    expect(await years.locator('tbody tr').nth(1).innerText()).toContain('0 sur 1 revu');
    await page.screenshot({ path: artifact('dashboard-review-1280x720.png'), fullPage: true });
    expect(cycle.errors).toEqual([]);
  }, 180_000);
});
