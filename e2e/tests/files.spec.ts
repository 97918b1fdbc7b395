import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, CyclePage, eventually } from '../fixtures/pages.ts';

describe('exports, import and versions from the cycle page', () => {
  let server: PilotisServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
    context = await actorContext(browser, server.url, 'Pauline Pilote');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('downloads the workbook with progress, imports it into another cycle, and freezes a version', async () => {
    const source = await createCycleAs(context, 2026);
    const target = await createCycleAs(context, 2027);
    const pilote = await CyclePage.open(context, source.url);
    await pilote.typeAtEnd(
      pilote.cell('État des lieux (N0)', '1.1', 1),
      'Comptes envoyés 15 jours avant l’AG — 1 234,50 €',
    );
    await pilote.expectSaved();

    const { page } = pilote;
    await page.getByRole('button', { name: 'Exporter' }).click();
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Tableau de pilotage (Excel)' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = artifact('export-from-ui.xlsx');
    await download.saveAs(path);
    expect((await readFile(path)).subarray(0, 2).toString()).toBe('PK');
    await page.getByRole('status').filter({ hasText: 'Fichier prêt' }).waitFor();

    // Import it into the other cycle: preview first, nothing changes until confirmed.
    const other = await CyclePage.open(context, target.url);
    await other.page.getByRole('button', { name: 'Importer un tableau' }).click();
    await other.page.getByLabel('Fichier Excel').setInputFiles(path);
    await other.page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await other.page.getByText(/lignes reconnues/).waitFor();
    await other.page.screenshot({ path: artifact('import-preview.png') });
    expect(await other.value('État des lieux (N0)', '1.1', 1)).toBe('');
    await other.page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await other.page.getByText('Import terminé').waitFor();
    await eventually(
      async () =>
        (await other.value('État des lieux (N0)', '1.1', 1)) ===
        'Comptes envoyés 15 jours avant l’AG — 1 234,50 €',
      'the imported text in the grid',
    );

    // Freeze a version of the source cycle for the bureau.
    await page.getByRole('button', { name: 'Versions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Versions figées' });
    await dialog.getByLabel('Nom de la version').fill('Version présentée au CA du 12/03/2027');
    await dialog.getByRole('combobox', { name: 'Étape' }).selectOption('board');
    await dialog.getByRole('button', { name: 'Figer la version' }).click();
    await dialog.getByText('Version présentée au CA du 12/03/2027').waitFor();
    // The cycle moved to that stage, for everyone.
    await page.getByText(/Étape\s*:\s*Bureau \/ CA/).waitFor();
    await page.screenshot({ path: artifact('versions.png') });
    const pdfPromise = page.waitForEvent('download');
    await dialog.getByRole('link', { name: 'PDF' }).click();
    expect((await pdfPromise).suggestedFilename()).toMatch(/Version présentée au CA.*\.pdf$/);
  });

  it('says in French why a file that is not a workbook cannot be imported', async () => {
    const cycle = await createCycleAs(context, 2030);
    const page = (await CyclePage.open(context, cycle.url)).page;
    await page.getByRole('button', { name: 'Importer un tableau' }).click();
    await page.getByLabel('Fichier Excel').setInputFiles({
      name: 'notes.xlsx',
      mimeType: 'text/plain',
      buffer: Buffer.from('pas un classeur'),
    });
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/classeur Excel/);
  });
});
