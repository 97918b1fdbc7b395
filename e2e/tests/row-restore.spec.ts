/**
 * Issue 13: restoring one row from a version, with a preview, from the grid's row menu (and, for a
 * row deleted since, from the Corbeille). Two browsers: the pilote restores, the membre sees it
 * live and keeps what they typed meanwhile in another row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { expectAccessible } from '../fixtures/axe.ts';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';
const BASELINE = 'État des lieux (N0)';
const FROZEN = 'Comptes envoyés 15 jours avant l’AG';
const MENU_ITEM = 'Restaurer depuis une version…';

describe('restoring one row from a version', () => {
  let server: PilotisServer;
  let browser: Browser;
  let pilote: BrowserContext;
  let membre: BrowserContext;

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
    pilote = await actorContext(browser, server.url, 'Pauline Pilote', {
      width: 1280,
      height: 720,
    });
    membre = await actorContext(browser, server.url, 'Maëlle Membre');
  }, 180_000);

  afterAll(async () => {
    await pilote?.close();
    await membre?.close();
    await browser?.close();
    await server?.stop();
  });

  it('previews and restores one row: seen live by the other page, other rows and a concurrent edit kept; a membre has no entry', async () => {
    const cycle = await createCycleAs(pilote, 2026);
    await inviteAs(pilote, membre, cycle.organisationId, 'membre');
    const cycleId = cycle.url.split('/').pop()!;
    const own = await CyclePage.open(pilote, cycle.url);
    await own.typeAtEnd(own.cell(BASELINE, '1.1', 1), FROZEN);
    await own.expectSaved();
    const version = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version présentée au CA du 12/03/2027', stage: 'board' },
      })
    ).json();

    // After the version: the row is edited, and so is another row (which must stay as it is now).
    await own.typeAtEnd(own.cell(BASELINE, '1.1', 1), ' — puis réécrit après le CA');
    await own.typeAtEnd(own.cell(BASELINE, '1.2', 1), 'Autre ligne écrite après le CA');
    await own.expectSaved();
    const other = await CyclePage.open(membre, cycle.url);
    await eventually(
      async () => (await other.value(BASELINE, '1.1', 1)).endsWith('puis réécrit après le CA'),
      'the edit on the membre’s page',
    );
    const labelsBefore = await Promise.all([1, 2].map((n) => other.value(LABEL, '1.1', n)));

    // The membre's row menu has no restore entry; the server refuses them anyway.
    await other.page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1' }).click();
    await other.page.getByRole('menu').waitFor();
    expect(await other.page.getByRole('menuitem', { name: 'Supprimer la ligne' }).count()).toBe(1);
    expect(await other.page.getByRole('menuitem', { name: MENU_ITEM }).count()).toBe(0);
    await other.page.keyboard.press('Escape');
    const rowId = await own.page
      .locator('[role="row"]', { has: own.cell(BASELINE, '1.1', 1) })
      .getAttribute('data-row-id');
    const refused = await membre.request.post(`/api/versions/${version.id}/restore`, {
      data: { scope: { kind: 'row', id: rowId } },
    });
    expect([403, 404]).toContain(refused.status());

    // The pilote, by keyboard: the row's menu → « Restaurer depuis une version… ».
    const { page } = own;
    await page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1' }).click();
    const item = page.getByRole('menuitem', { name: MENU_ITEM });
    await item.waitFor();
    await item.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', {
      name: 'Restaurer la ligne 1.1 n° 1 depuis une version',
    });
    await dialog.waitFor();
    const select = dialog.getByLabel('Version', { exact: true });
    // The first step has the focus once the versions are listed: choosing one.
    await eventually(
      async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'SELECT',
      'the focus on the version choice',
    );
    await select.selectOption({ value: version.id });

    // The preview: one cell differs, the words written since are struck out.
    await dialog.getByText('1 cellule(s) reprendront la valeur de la version').waitFor();
    const changed = dialog.getByRole('row', { name: /^État des lieux \(N0\)/ });
    expect(await changed.locator('del').innerText()).toContain('puis réécrit après le CA');
    expect(await changed.locator('td').last().innerText()).toBe(FROZEN);
    const unchanged = dialog.getByRole('row', { name: /^Question ou indicateur — identique/ });
    expect(await unchanged.count()).toBe(1);
    await expectAccessible(page, 'the row restore preview');
    await page.screenshot({ path: artifact('row-restore-preview.png') });

    await dialog.getByRole('button', { name: 'Restaurer cette ligne' }).click();
    // Once the state before has been frozen, the membre types in another row.
    await eventually(
      async () =>
        (
          (await (await pilote.request.get(`/api/cycles/${cycleId}/versions`)).json()) as {
            kind: string;
          }[]
        ).some((v) => v.kind === 'safety'),
      'the state before the restore to be frozen',
    );
    await other.typeAtEnd(other.cell(BASELINE, '1.1', 2), 'Saisi pendant la restauration ’😀');
    await dialog
      .getByText(
        /^Ligne restaurée\. L’état d’avant est enregistré dans la version « Avant restauration du/,
      )
      .waitFor();
    // The keyboard is on the next step: the way back.
    await eventually(
      async () =>
        (await page.evaluate(() => document.activeElement?.textContent)) === 'Revenir en arrière…',
      'the focus on « Revenir en arrière… »',
    );
    await expectAccessible(page, 'the row restore dialog once done');

    // Live on the other page, without reload; the other rows as they were; the typing kept.
    await eventually(
      async () => (await other.value(BASELINE, '1.1', 1)) === FROZEN,
      'the restored row on the membre’s page',
    );
    await other.expectSaved();
    expect(await other.value(BASELINE, '1.1', 2)).toBe('Saisi pendant la restauration ’😀');
    expect(await other.value(BASELINE, '1.2', 1)).toBe('Autre ligne écrite après le CA');
    expect(await Promise.all([1, 2].map((n) => other.value(LABEL, '1.1', n)))).toEqual(
      labelsBefore,
    );
    await eventually(
      async () => (await own.value(BASELINE, '1.1', 2)) === 'Saisi pendant la restauration ’😀',
      'the membre’s typing on the pilote’s page',
    );
    await page.screenshot({ path: artifact('row-restore-done.png') });

    // The way back: the « Avant restauration » version, proposed in the same dialog.
    await dialog.getByRole('button', { name: 'Revenir en arrière…' }).click();
    await dialog
      .getByText('1 cellule(s) reprendront la valeur de la version « Avant restauration du')
      .waitFor();
    await dialog.getByRole('button', { name: 'Restaurer cette ligne' }).click();
    await eventually(
      async () => (await other.value(BASELINE, '1.1', 1)).endsWith('puis réécrit après le CA'),
      'the row back as it was before the restore',
    );
    expect(await other.value(BASELINE, '1.1', 2)).toBe('Saisi pendant la restauration ’😀');
    await dialog.getByRole('button', { name: 'Fermer', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });

    expect(own.errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 300_000);

  it('restores a row deleted since from the Corbeille, with the same preview', async () => {
    const cycle = await createCycleAs(pilote, 2027);
    const cycleId = cycle.url.split('/').pop()!;
    const own = await CyclePage.open(pilote, cycle.url);
    await own.typeAtEnd(own.cell(BASELINE, '1.1', 1), FROZEN);
    await own.expectSaved();
    const label = await own.value(LABEL, '1.1', 1);
    const version = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version de travail', stage: 'working-group' },
      })
    ).json();
    const { page } = own;
    await page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1' }).click();
    await page.getByRole('menuitem', { name: 'Supprimer la ligne' }).click();
    await eventually(async () => (await own.value(LABEL, '1.1', 1)) !== label, 'the row deleted');

    await page.getByRole('button', { name: 'Corbeille' }).click();
    const trash = page.getByRole('dialog', { name: 'Corbeille du cycle' });
    await trash.getByRole('button', { name: 'Depuis une version…' }).click();
    const dialog = page.getByRole('dialog', {
      name: /^Restaurer la ligne « .* » \(domaine 1\.1\)/,
    });
    await dialog.getByLabel('Version', { exact: true }).selectOption({ value: version.id });
    await dialog
      .getByText('Cette ligne a été supprimée depuis (elle est dans la corbeille)')
      .waitFor();
    await expectAccessible(page, 'the preview of a deleted row');
    await dialog.getByRole('button', { name: 'Restaurer cette ligne' }).click();
    await dialog.getByText(/^Ligne restaurée\./).waitFor();
    await eventually(
      async () =>
        (await own.value(LABEL, '1.1', 1)) === label &&
        (await own.value(BASELINE, '1.1', 1)) === FROZEN,
      'the deleted row back in the grid',
    );
    expect(own.errors).toEqual([]);
  }, 300_000);

  it('offers the same preview from the comparison of a version, for a row deleted since', async () => {
    const cycle = await createCycleAs(pilote, 2028);
    const cycleId = cycle.url.split('/').pop()!;
    const own = await CyclePage.open(pilote, cycle.url);
    const label = await own.value(LABEL, '1.1', 1);
    const version = await (
      await pilote.request.post(`/api/cycles/${cycleId}/versions`, {
        data: { label: 'Version du groupe de travail', stage: 'working-group' },
      })
    ).json();
    const { page } = own;
    await page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1' }).click();
    await page.getByRole('menuitem', { name: 'Supprimer la ligne' }).click();
    await eventually(async () => (await own.value(LABEL, '1.1', 1)) !== label, 'the row deleted');
    await own.expectSaved();

    await page.goto(`${cycle.url}/versions?version=${version.id}`);
    await page.getByRole('tab', { name: 'Ce qui a changé' }).click();
    const removed = page.locator('.changed-row').filter({ hasText: 'ligne supprimée' });
    await removed.getByRole('button', { name: MENU_ITEM }).click();
    const dialog = page.getByRole('dialog', {
      name: /^Restaurer la ligne « .* » \(domaine 1\.1\)/,
    });
    await dialog
      .getByText('Cette ligne a été supprimée depuis (elle est dans la corbeille)')
      .waitFor();
    expect(await dialog.getByLabel('Version', { exact: true }).inputValue()).toBe(version.id);
    await expectAccessible(page, 'the preview opened from the comparison');
    await dialog.getByRole('button', { name: 'Restaurer cette ligne' }).click();
    await dialog.getByText(/^Ligne restaurée\./).waitFor();
    // The comparison follows: nothing is left to list for that row.
    await eventually(
      async () =>
        (await page.getByText('Aucun changement').count()) > 0 || (await removed.count()) === 0,
      'the comparison refreshed',
    );
    expect(own.errors).toEqual([]);
  }, 300_000);
});
