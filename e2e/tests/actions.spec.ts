import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  actionText,
  createAction,
  deleteRow,
  readCycle,
  rowReferences,
  setActionAmount,
  setActionDate,
  setActionOwner,
  setActionStatus,
} from '@pilotis/shared';
import { artifact, launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, createCycleAs, eventually, inviteAs } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

/** The live document of a cycle, through `context`'s session, once synced. */
async function liveDoc(context: BrowserContext, baseUrl: string, cycleUrl: string) {
  const cycle = await (await context.request.get(`/api${cycleUrl}`)).json();
  const live = await providerAs(context, baseUrl, cycle.documentName);
  await eventually(async () => live.provider.isSynced, 'the test client synced');
  await eventually(async () => readCycle(live.doc).rows.length > 0, 'the cycle content');
  return live;
}

async function openView(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(path);
  return page;
}

describe('action plan: live co-editing, calendar, links, screenshots', () => {
  let server: PilotisServer;
  let browser: Browser;
  let pilote: BrowserContext;
  let membre: BrowserContext;

  beforeAll(async () => {
    // On this shared 2-core machine the database plugin can miss Fastify's start-up timeout:
    // try again rather than fail the whole file on the machine's load.
    for (let attempt = 1; ; attempt++) {
      try {
        server = await startPilotis();
        break;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
    browser = await launchBrowser();
    pilote = await actorContext(browser, server.url, 'Pauline Pilote');
    membre = await actorContext(browser, server.url, 'Marc Membre');
    // Starting the server takes long on a loaded machine; this waits, it asserts nothing.
  }, 240_000);

  afterAll(async () => {
    await pilote?.close();
    await membre?.close();
    await browser?.close();
    await server?.stop();
  });

  it('two people type in the same description at once; a status change shows live on the other’s calendar', async () => {
    const { url, organisationId } = await createCycleAs(pilote, 2026);
    await inviteAs(pilote, membre, organisationId, 'membre');
    const a = await openView(pilote, `${url}/actions`);
    await a.getByRole('button', { name: 'Nouvelle action' }).click();
    await a.waitForURL(/\?action=/);
    const actionId = new URL(a.url()).searchParams.get('action')!;
    const panelA = a.getByRole('complementary');
    await panelA.getByLabel('Action', { exact: true }).fill('Former les administrateurs');
    await panelA.getByLabel('Début').fill('05/01/2027');
    await panelA.getByLabel('Début').press('Enter');
    await panelA.getByLabel('Échéance').fill('30/06/2027');
    await panelA.getByLabel('Échéance').press('Enter');

    const b = await openView(membre, `${url}/actions?action=${actionId}`);
    const panelB = b.getByRole('complementary');
    const descA = panelA.getByLabel('Description');
    const descB = panelB.getByLabel('Description');
    await descB.waitFor();
    await descA.click();
    await descB.click();
    const textA = 'Deux sessions avec l’URSCOP — 1 234,50 € 🎓';
    const textB = 'Élu·es et salarié·es ensemble\n';
    await Promise.all([
      descA.pressSequentially(textA, { delay: 15 }),
      descB.pressSequentially(textB, { delay: 15 }),
    ]);
    for (const description of [descA, descB]) {
      await eventually(async () => {
        const value = await description.inputValue();
        return value.includes(textA) && value.includes(textB);
      }, 'both texts in both pages');
    }

    // A refused amount says why in French and is not stored.
    await panelA.getByLabel('Budget prévu (€)').fill('-300');
    await panelA.getByLabel('Budget prévu (€)').press('Enter');
    await panelA
      .getByRole('alert')
      .filter({ hasText: 'Un montant ne peut pas être négatif.' })
      .waitFor();
    await panelA.getByLabel('Échéance').fill('01/01/2027');
    await panelA.getByLabel('Échéance').press('Enter');
    await panelA
      .getByRole('alert')
      .filter({ hasText: 'L’échéance ne peut pas précéder la date de début.' })
      .waitFor();
    const live = await liveDoc(pilote, server.url, url);
    const stored = readCycle(live.doc).actions.find((x) => x.id === actionId)!;
    expect(stored).toMatchObject({ budget: null, startDate: '2027-01-05', dueDate: '2027-06-30' });
    live.destroy();
    await panelA.getByLabel('Échéance').press('Escape');

    // The member watches the calendar while the pilote changes the status.
    await b.goto(`${url}/calendrier`);
    const bar = b.locator(`[data-action-id="${actionId}"] .bar-status`);
    await bar.waitFor();
    expect(await bar.textContent()).toBe('À lancer');
    await panelA.getByLabel('Statut').selectOption('in-progress');
    await eventually(
      async () => (await bar.textContent()) === 'En cours',
      'the status on the calendar',
    );
    expect(await bar.getAttribute('data-action-status')).toBe('in-progress');

    // Abandoning asks for a reason first.
    await panelA.getByLabel('Statut').selectOption('abandoned');
    await panelA
      .getByRole('alert')
      .filter({ hasText: 'Indiquez en quelques mots pourquoi l’action est abandonnée.' })
      .waitFor();
    expect(await bar.textContent()).toBe('En cours');
    await a.close();
    await b.close();
  });

  it('creates an action from a grid row; a deleted row leaves the other links and says it is gone', async () => {
    const { url } = await createCycleAs(pilote, 2027);
    const page = await openView(pilote, url);
    const cell = page.getByRole('textbox', {
      name: 'Questions ou indicateurs, ligne 1.1 n° 1',
      exact: true,
    });
    await cell.click();
    await page.keyboard.press('Alt+Enter');
    const panel = page.getByRole('complementary');
    await panel.getByRole('button', { name: 'Créer une action pour cette ligne' }).click();
    await page.waitForURL(/\/actions\?action=/);
    const actionId = new URL(page.url()).searchParams.get('action')!;

    const live = await liveDoc(pilote, server.url, url);
    const model = readCycle(live.doc);
    const [first, second] = model.rows;
    const references = rowReferences(model);
    expect(model.actions.find((x) => x.id === actionId)?.rowIds).toEqual([first!.id]);
    const actionPanel = page.getByRole('complementary');
    await actionPanel.getByLabel('Lier une question ou un indicateur…').selectOption(second!.id);
    await actionPanel.getByText(references.get(second!.id)!, { exact: true }).waitFor();

    // Someone deletes the first row: the link says so, the other one stays.
    live.doc.transact(() => deleteRow(live.doc, first!.id));
    await actionPanel
      .getByText(
        `Lien perdu : la ligne « ${references.get(first!.id)} — ${first!.label} » a été supprimée`,
      )
      .waitFor();
    const after = rowReferences(readCycle(live.doc)).get(second!.id)!;
    await actionPanel.getByText(after, { exact: true }).waitFor();
    await page.locator(`tr[data-action-id="${actionId}"] .ref-gone`).waitFor();
    live.destroy();
    await page.close();
  });

  it('shows forty actions over a year in the table and the calendar at 1280×720', async () => {
    const { url } = await createCycleAs(pilote, 2026);
    const live = await liveDoc(pilote, server.url, url);
    const model = readCycle(live.doc);
    const owners = [
      'Pauline Pilote',
      'Marc Membre',
      'Zoé Lefèvre',
      'Noël Cœurdacier',
      'Aïcha Benali',
    ];
    const titles = [
      'Former les administrateurs à la lecture des comptes',
      'Refaire le questionnaire aux usagers',
      'Publier le rapport d’activité en ligne',
      'Organiser une AG ouverte aux bénévoles',
      'Mettre en place un entretien annuel',
      'Mesurer la participation aux instances',
      'Rédiger la charte d’achats responsables',
      'Bilan carbone simplifié',
    ];
    live.doc.transact(() => {
      for (let i = 0; i < 40; i++) {
        const row = model.rows[(i * 7) % model.rows.length]!;
        const id = createAction(live.doc, {
          title: `${titles[i % titles.length]}${i >= titles.length ? ` (${Math.floor(i / titles.length) + 1})` : ''}`,
          rowIds: [row.id],
        });
        setActionOwner(live.doc, id, { id: null, name: owners[i % owners.length]! });
        // Three months of autumn 2026 (some now late) then the whole of 2027.
        const startMonth = 9 + Math.floor((i * 15) / 40);
        const year = 2026 + Math.floor((startMonth - 1) / 12);
        const month = ((startMonth - 1) % 12) + 1;
        const start = `0${(i % 20) + 1}`.slice(-2);
        setActionDate(live.doc, id, 'startDate', `${start}/${`0${month}`.slice(-2)}/${year}`);
        const dueMonth = startMonth + 1 + (i % 4);
        const dueYear = 2026 + Math.floor((dueMonth - 1) / 12);
        setActionDate(
          live.doc,
          id,
          'dueDate',
          `28/${`0${((dueMonth - 1) % 12) + 1}`.slice(-2)}/${dueYear}`,
        );
        setActionAmount(live.doc, id, 'budget', `${(i % 6) * 750 + 250},50`);
        setActionAmount(live.doc, id, 'budgetSpent', `${(i % 3) * 125}`);
        if (i % 5 === 1) setActionStatus(live.doc, id, 'in-progress');
        if (i % 7 === 3) setActionStatus(live.doc, id, 'done');
        if (i === 11)
          setActionStatus(
            live.doc,
            id,
            'abandoned',
            undefined,
            'Remplacée par une formation CRESS',
          );
        actionText(live.doc, id, 'description').insert(0, 'Action d’exemple');
      }
    });
    live.destroy();
    const view = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 1280, height: 720 },
      baseURL: server.url,
      storageState: await pilote.storageState(),
    });
    const page = await openView(view, `${url}/actions`);
    await page.locator('tr[data-action-id]').nth(39).waitFor();
    expect(await page.locator('tr[data-action-id]').count()).toBe(40);
    await page.getByText('Total général').waitFor();
    await page.screenshot({ path: artifact('actions-table-1280x720.png') });
    await page.getByRole('link', { name: 'Calendrier', exact: true }).click();
    await page.locator('.timeline-row[data-action-id]').nth(39).waitFor();
    expect(await page.locator('.bar-late').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('actions-calendar-1280x720.png') });
    await page.getByRole('radio', { name: 'Par trimestre' }).click();
    await page.screenshot({ path: artifact('actions-quarters-1280x720.png') });
    await page.getByRole('link', { name: 'Étapes' }).click();
    await page.getByText(/point\(s\) à compléter avant l’étape suivante/).waitFor();
    await page.screenshot({ path: artifact('actions-steps-1280x720.png') });
    // Each item links to the place to fix it: a row opens in the grid's side panel.
    await page.locator('.missing-list summary').filter({ hasText: 'Étape 5' }).click();
    await page
      .getByRole('link', { name: /^Ligne retenue sans état des lieux : 1\.1 n°1 — / })
      .click();
    await page.getByRole('complementary').getByText('Actions de cette ligne').waitFor();

    // A quarterly review records every action's status, with a comment typed live.
    await page.getByRole('link', { name: 'Points trimestriels' }).click();
    await page.getByLabel('Date du point').fill('31/12/2026');
    await page.getByLabel('Date du point').press('Enter');
    await page.getByRole('button', { name: 'Faire le point' }).click();
    await page.getByRole('columnheader', { name: /Point du 31\/12\/2026/ }).waitFor();
    const comment = page.getByLabel(/^Commentaire sur « Refaire le questionnaire aux usagers »/);
    await comment.fill('Questionnaire envoyé, 42 % de réponses 👍');
    await page.getByText('Toutes les modifications sont enregistrées').waitFor();
    expect(await page.locator('.reviews-table tbody tr').count()).toBe(40);
    await page.screenshot({ path: artifact('actions-reviews-1280x720.png') });
    await view.close();
  });
});
