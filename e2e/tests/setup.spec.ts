import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, eventually, HomePage, inviteAs } from '../fixtures/pages.ts';

const run = promisify(execFile);

/** Every sheet of a workbook as LibreOffice reads it (UTF-8 CSV, one file per sheet). */
async function libreOfficeSheets(dir: string, workbook: Buffer): Promise<Map<string, string>> {
  const file = path.join(dir, 'classeur.xlsx');
  await writeFile(file, workbook);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      dir,
      file,
    ],
    { timeout: 180_000 },
  );
  const sheets = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const match = /^classeur-(.+)\.csv$/.exec(name);
    if (match) sheets.set(match[1]!, await readFile(path.join(dir, name), 'utf8'));
  }
  return sheets;
}

/** An ISO day `days` from today (the browser and this process share the machine's clock). */
function isoIn(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

describe('step 1 of the guide: pilots, working group and the road to the AG', () => {
  let server: PilotisServer;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-setup-'));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a pilote names a salariée and an élue as pilots and dates the AG; a membre sees the timeline; the exports name the pilots', async () => {
    const pauline = await actorContext(browser, server.url, 'Pauline Martin', {
      width: 1366,
      height: 768,
    });
    const elodie = await actorContext(browser, server.url, 'Élodie N’Diaye');
    const marc = await actorContext(browser, server.url, 'Marc Lefèvre', {
      width: 1280,
      height: 720,
    });
    contexts.push(pauline, elodie, marc);

    // The pilote creates the organisation and its 2027 cycle from the home page.
    const page = await pauline.newPage();
    const errors = watchErrors(page);
    const home = new HomePage(page);
    await home.open();
    await home.createOrganisation('Coopérative l’Envol');
    const cycleUrl = await home.createCycle('Coopérative l’Envol', 2027);
    const organisationId = (
      (await (await pauline.request.get('/api/me')).json()) as {
        organisations: { id: string; name: string }[];
      }
    ).organisations.find((o) => o.name === 'Coopérative l’Envol')!.id;
    await inviteAs(pauline, elodie, organisationId, 'membre');
    await inviteAs(pauline, marc, organisationId, 'membre');

    // The new cycle's set-up is one tab away.
    await page.getByRole('link', { name: 'Pilotage et calendrier' }).click();
    await page.getByRole('heading', { name: 'Pilotage du cycle 2027' }).waitFor();
    expect(page.url()).toBe(`${cycleUrl}/parametres`);

    // Qualités: the pilote is salariée; alone in the group, the views do not cross.
    await page
      .getByRole('combobox', { name: 'Qualité de Pauline Martin' })
      .selectOption({ label: 'Salarié·e' });
    await page.getByText('Qualité de Pauline Martin enregistrée.').waitFor();
    await page
      .getByRole('checkbox', { name: 'Pauline Martin fait partie du groupe de travail' })
      .check();
    const warning = page.getByRole('note').filter({ hasText: 'ne compte que des salariés' });
    await warning.waitFor();

    await page
      .getByRole('combobox', { name: 'Qualité de Élodie N’Diaye' })
      .selectOption({ label: 'Administrateur·rice / élu·e' });
    await page.getByText('Qualité de Élodie N’Diaye enregistrée.').waitFor();
    await page
      .getByRole('combobox', { name: 'Qualité de Marc Lefèvre' })
      .selectOption({ label: 'Bénévole' });
    await page.getByText('Qualité de Marc Lefèvre enregistrée.').waitFor();
    // The binôme salarié / élu is suggested.
    await page
      .getByRole('button', {
        name: 'Nommer le binôme Pauline Martin (salarié·e) et Élodie N’Diaye (élu·e)',
      })
      .click();
    const pilotedBy =
      'Piloté par Pauline Martin (Salarié·e), Élodie N’Diaye (Administrateur·rice / élu·e)';
    await page.getByText(pilotedBy).waitFor();
    await eventually(async () => (await warning.count()) === 0, 'the warning gone');

    // Marc joins the group for his expertise on theme 3.
    await page
      .getByRole('checkbox', { name: 'Marc Lefèvre fait partie du groupe de travail' })
      .check();
    await page
      .getByRole('group', { name: 'Thèmes où l’expertise de Marc Lefèvre est attendue' })
      .getByRole('button', { name: /^Thème 3 :/ })
      .click();

    // The stages: the bureau in three days (a reminder), the AG on 12/06/2027.
    const dates = page.getByRole('region', { name: 'Calendrier jusqu’à l’assemblée générale' });
    await dates.getByLabel('Étape').selectOption({ label: 'Bureau / CA' });
    await dates.getByLabel('Date', { exact: true }).fill(isoIn(3));
    await dates.getByLabel('Précision (facultative)').fill('Bureau d’avant l’AG');
    await dates.getByRole('button', { name: 'Ajouter la date' }).click();
    await dates.getByLabel('Étape').selectOption({ label: 'Assemblée générale' });
    await dates.getByLabel('Date', { exact: true }).fill('2027-06-12');
    await dates.getByRole('button', { name: 'Ajouter la date' }).click();
    const timeline = page.locator('.setup-timeline');
    await timeline.getByText('12/06/2027').waitFor();
    await page.locator('.sync-status[data-status="saved"]').waitFor();
    await page.screenshot({ path: artifact('setup-page.png'), fullPage: true });

    // A membre sees the timeline and the pilots, and the pilote's qualité in presence.
    const marcPage = await marc.newPage();
    const marcErrors = watchErrors(marcPage);
    await marcPage.goto(cycleUrl);
    await marcPage.getByRole('note').filter({ hasText: 'Rappel : Bureau / CA' }).waitFor();
    await marcPage.getByRole('link', { name: 'Pilotage et calendrier' }).click();
    await marcPage.getByText(pilotedBy).waitFor();
    const marcTimeline = marcPage.locator('.setup-timeline li');
    await eventually(async () => (await marcTimeline.count()) === 2, 'two stages on the timeline');
    expect(await marcTimeline.nth(1).innerText()).toContain('12/06/2027');
    expect(await marcTimeline.nth(1).innerText()).toContain('Assemblée générale');
    expect(await marcTimeline.nth(0).innerText()).toContain('Bureau d’avant l’AG');
    const chips = marcPage.getByRole('region', { name: 'Participants' });
    await eventually(
      async () => (await chips.innerText()).includes('Salarié·e'),
      'the pilote’s qualité beside her name',
    );
    await marcPage.locator('.setup-timeline').scrollIntoViewIfNeeded();
    await marcPage.screenshot({ path: artifact('setup-timeline.png'), fullPage: true });

    // The exports: the xlsx À propos sheet (read back by LibreOffice) and the PDF cover.
    const cycleId = cycleUrl.split('/').pop()!;
    const xlsx = await pauline.request.get(`/api/cycles/${cycleId}/export.xlsx`, {
      timeout: 240_000,
    });
    expect(xlsx.status()).toBe(200);
    const sheets = await libreOfficeSheets(dir, await xlsx.body());
    const about = [...sheets.entries()].find(([name]) => /propos/i.test(name))?.[1] ?? '';
    expect(about).toContain('Pilotes');
    expect(about).toContain('Pauline Martin (Salarié·e)');
    expect(about).toContain('Élodie N’Diaye (Administrateur·rice / élu·e)');
    expect(about).toContain('Marc Lefèvre (Bénévole) — thèmes 3');

    const pdf = await pauline.request.get(`/api/cycles/${cycleId}/export.pdf`, {
      timeout: 240_000,
    });
    expect(pdf.status()).toBe(200);
    const pdfFile = path.join(dir, 'dossier.pdf');
    await writeFile(pdfFile, await pdf.body());
    const { stdout: cover } = await run('pdftotext', [
      '-enc',
      'UTF-8',
      '-f',
      '1',
      '-l',
      '1',
      pdfFile,
      '-',
    ]);
    const flat = cover.replace(/\s+/g, ' ');
    expect(flat).toContain('Piloté par');
    expect(flat).toContain('Pauline Martin (Salarié·e)');
    expect(flat).toMatch(/Élodie N’Diaye \(Administrateur·rice \/ ?élu·e\)/);

    expect(errors).toEqual([]);
    expect(marcErrors).toEqual([]);
  });
});
