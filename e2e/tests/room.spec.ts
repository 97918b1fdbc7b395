/**
 * The meeting room (issue 9): menus and dialogs that work with a mouse and with the keyboard, the
 * domain line's keyboard order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { readCycle } from '@pilotis/shared';
import { actorContext, createCycleAs, CyclePage, eventually, inviteAs } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';
import { artifact, watchErrors } from '../fixtures/browser.ts';
import { expectAccessible } from '../fixtures/axe.ts';

const LABEL = 'Questions ou indicateurs';

describe('menus and dialogs in the meeting room', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const openCycle = async (year: number) => {
    const context = await actorContext(browser, server.url, 'Pauline');
    contexts.push(context);
    const { url } = await createCycleAs(context, year);
    return CyclePage.open(context, url);
  };

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('runs Dupliquer, Monter, Descendre and Supprimer from the row menu with a real mouse', async () => {
    const cycle = await openCycle(2040);
    const { page } = cycle;
    const rowMenu = (index: number) =>
      page.getByRole('button', { name: `Actions de la ligne 1.1 n° ${index}`, exact: true });
    const labels = async () => {
      const values: string[] = [];
      for (let i = 1; (await cycle.cell(LABEL, '1.1', i).count()) > 0; i++)
        values.push(await cycle.value(LABEL, '1.1', i));
      return values;
    };
    const before = await labels();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const [first, second] = before as [string, string];

    // Dupliquer: a real click on the menu item (Playwright refuses if something covers it).
    await rowMenu(1).click();
    const menu = page.getByRole('menu', { name: 'Actions de la ligne 1.1 n° 1' });
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: 'Dupliquer' }).click();
    await eventually(async () => (await labels()).length === before.length + 1, 'the copy');
    expect((await labels()).slice(0, 3)).toEqual([first, first, second]);
    expect(await menu.count()).toBe(0);

    // Descendre the copy (row 2) below the former second row.
    await rowMenu(2).click();
    await page.getByRole('menuitem', { name: /^Descendre/ }).click();
    await eventually(
      async () => (await labels()).slice(0, 3).join('|') === [first, second, first].join('|'),
      'the row moved down',
    );
    // Monter it back.
    await rowMenu(3).click();
    await page.getByRole('menuitem', { name: /^Monter/ }).click();
    await eventually(
      async () => (await labels()).slice(0, 3).join('|') === [first, first, second].join('|'),
      'the row moved up',
    );
    // Supprimer the copy.
    await rowMenu(2).click();
    await page.getByRole('menuitem', { name: /^Supprimer la ligne/ }).click();
    await eventually(async () => (await labels()).join('|') === before.join('|'), 'the copy gone');

    // The toast offers to undo; Ctrl+Z undoes and the toast goes.
    const toast = page.locator('.toast', { hasText: 'Ligne supprimée' });
    expect(await toast.isVisible()).toBe(true);
    await cycle.gridCell(LABEL, '1.1', 1).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await eventually(async () => (await labels()).length === before.length + 1, 'the row back');
    await eventually(async () => (await toast.count()) === 0, 'the toast gone after Ctrl+Z');
    expect(cycle.errors).toEqual([]);
  });

  it('moves inside the row menu with the arrows, and Esc gives the focus back to ⋯', async () => {
    const cycle = await openCycle(2041);
    const { page } = cycle;
    const button = page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1', exact: true });
    await button.scrollIntoViewIfNeeded();
    const scrollLeft = () => page.locator('.grid-scroll').evaluate((el) => el.scrollLeft);
    const before = await scrollLeft();
    await button.click();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await eventually(async () => (await focusedText()) === 'Ouvrir en grand', 'the first item');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText()).toMatch(/^Insérer une ligne dessous/);
    await page.keyboard.press('ArrowDown');
    expect(await focusedText()).toBe('Dupliquer');
    await page.keyboard.press('End');
    expect(await focusedText()).toMatch(/^Supprimer la ligne/);
    await page.keyboard.press('ArrowDown'); // wraps
    expect(await focusedText()).toBe('Ouvrir en grand');
    await page.keyboard.press('Escape');
    await eventually(async () => (await page.getByRole('menu').count()) === 0, 'menu closed');
    // Back on the grid cell of the button, so the arrows go on moving in the grid.
    await eventually(
      async () => (await cycle.focusedLabel()) === 'Actions de la ligne 1.1 n° 1',
      'the focus back on the actions cell',
    );
    // The grid did not scroll sideways to open the menu.
    expect(await scrollLeft()).toBe(before);

    // The export menu too.
    const exportButton = page.getByRole('button', { name: /^Exporter/ });
    await exportButton.click();
    await page.getByRole('menu', { name: 'Exporter' }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(
      async () => (await page.evaluate(() => document.activeElement?.textContent)) === 'Exporter ▾',
      'the focus back on Exporter',
    );
  });

  it('adds a row at the bottom of a domain, keeps arrows off its delete button, and confirms its deletion in a dialog', async () => {
    const cycle = await openCycle(2042);
    const { page } = cycle;
    let count = 0;
    while ((await cycle.cell(LABEL, '1.1', count + 1).count()) > 0) count += 1;
    const firstLabel = await cycle.value(LABEL, '1.1', 1);

    await page
      .getByRole('gridcell', { name: 'Ajouter une ligne au domaine 1.1' })
      .getByRole('button')
      .click();
    await eventually(
      async () => (await cycle.cell(LABEL, '1.1', count + 1).count()) === 1,
      'the new row',
    );
    expect(await cycle.value(LABEL, '1.1', count + 1)).toBe('');
    expect(await cycle.value(LABEL, '1.1', 1)).toBe(firstLabel);

    // From the last column of the first row, ↑ lands on the domain title, not on its buttons.
    await page.getByRole('button', { name: 'Actions de la ligne 1.1 n° 1', exact: true }).click();
    await page.keyboard.press('Escape');
    await eventually(
      async () => (await cycle.focusedLabel()) === 'Actions de la ligne 1.1 n° 1',
      'the actions cell focused',
    );
    await page.keyboard.press('ArrowUp');
    expect(await cycle.focusedLabel()).toBe('Titre du domaine 1.1');
    await page.keyboard.press('ArrowDown');
    expect(await cycle.focusedLabel()).toBe('Actions de la ligne 1.1 n° 1');

    // Deleting the domain asks in an accessible dialog; Annuler (focused first) keeps it.
    const deleteButton = page
      .getByRole('gridcell', { name: 'Supprimer le domaine' })
      .first()
      .getByRole('button');
    await deleteButton.click();
    const dialog = page.getByRole('alertdialog', { name: 'Supprimer le domaine' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${count + 1} lignes`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annuler');
    // Tab stays inside the dialog.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await eventually(async () => (await dialog.count()) === 0, 'the dialog closed');
    await eventually(
      async () =>
        (await page.evaluate(() => document.activeElement?.getAttribute('title'))) ===
        'Supprimer le domaine',
      'the focus back on the delete button',
    );
    expect(await cycle.cell(LABEL, '1.1', 1).count()).toBe(1);

    await deleteButton.click();
    await dialog.getByRole('button', { name: 'Supprimer le domaine' }).click();
    await eventually(
      async () =>
        (await page
          .getByRole('textbox', { name: 'Titre du domaine 1.1', exact: true })
          .inputValue()) !== 'Transparence',
      'the domain deleted',
    );
    expect(cycle.errors).toEqual([]);
  });

  it('gives 8 participants 8 different colours, each name tag readable (≥ 4.5:1)', async () => {
    const hostContext = await actorContext(browser, server.url, 'Hôte');
    contexts.push(hostContext);
    const { url, organisationId } = await createCycleAs(hostContext, 2043);
    const documentName = `cycle.${url.split('/').pop()}`;
    const others = [];
    try {
      for (let i = 1; i <= 7; i++) {
        const context = await actorContext(browser, server.url, `Personne ${i}`);
        contexts.push(context);
        await inviteAs(hostContext, context, organisationId, 'membre');
        const raw = await providerAs(context, server.url, documentName);
        others.push(raw);
      }
      for (const raw of others) {
        await eventually(async () => raw.provider.isSynced, 'a participant to sync');
      }
      const rows = readCycle(others[0]!.doc).rows;
      others.forEach((raw, i) => {
        const me = raw.provider.awareness!;
        // What the app publishes: the account id (here, a per-person stand-in) and a colour.
        me.setLocalStateField('user', { id: `personne-${i}`, name: 'x', color: '#ff7f0e' });
        me.setLocalStateField('cell', { id: rows[i]!.id, field: 'label' });
      });
      const cycle = await CyclePage.open(hostContext, url);
      const avatars = cycle.page.locator('.participants .avatar');
      await eventually(async () => (await avatars.count()) === 8, '8 participants');
      const colors = await avatars.evaluateAll((elements) =>
        elements.map((element) => getComputedStyle(element).backgroundColor),
      );
      expect(new Set(colors).size).toBe(8);
      // The name tags in the cells: white on each colour, contrast ≥ 4.5:1.
      const tags = cycle.page.locator('.presence-tag');
      await eventually(async () => (await tags.count()) >= 3, 'name tags in the cells');
      const pairs = await tags.evaluateAll((elements) =>
        elements.map((element) => {
          const style = getComputedStyle(element);
          return [style.color, style.backgroundColor];
        }),
      );
      const luminance = (rgb: string) => {
        const [r, g, b] = (rgb.match(/\d+/g) ?? []).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      for (const [text, background] of pairs) {
        const [a, b] = [luminance(text!), luminance(background!)].sort((x, y) => y - x);
        expect((a! + 0.05) / (b! + 0.05)).toBeGreaterThanOrEqual(4.5);
      }
      await cycle.page.screenshot({ path: artifact('presence-8.png') });
    } finally {
      for (const raw of others) raw.destroy();
    }
  });

  it('copies every active invitation link again, confirms a revocation, names the role in the audit, hides e-mails from non-pilotes', async () => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline', {
      width: 1366,
      height: 768,
    });
    const lecteurContext = await actorContext(browser, server.url, 'Léa', {
      width: 1280,
      height: 720,
    });
    contexts.push(piloteContext, lecteurContext);
    await piloteContext.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { organisationId } = await createCycleAs(piloteContext, 2044);
    await inviteAs(piloteContext, lecteurContext, organisationId, 'lecteur');
    const page = await piloteContext.newPage();
    const errors = watchErrors(page);
    await page.goto(`/organisations/${organisationId}/membres`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // Two links made on the page, one for a membre then one for a commentateur.
    const form = page.getByRole('form', { name: 'Inviter par un lien' });
    const box = page.locator('.copy-box input');
    const shown = async () => ((await box.count()) > 0 ? box.inputValue() : '');
    const makeLink = async (role: string) => {
      const before = await shown();
      await form.getByLabel('Rôle').selectOption({ label: role });
      await form.getByRole('button', { name: 'Créer le lien' }).click();
      // The new link replaces the one shown before (if any).
      await eventually(async () => {
        const value = await shown();
        return value.includes('/invitation/') && value !== before;
      }, `the ${role} link`);
      return shown();
    };
    const membreLink = await makeLink('Membre');
    const commentateurLink = await makeLink('Commentateur');
    expect(commentateurLink).not.toBe(membreLink);

    // Each active link has its own copy button; the older one copies the older link.
    const copy = (role: string) =>
      page.getByRole('button', { name: new RegExp(`^(Copier le lien|Copié) : Lien ${role},`) });
    await eventually(async () => (await copy('Membre').count()) === 1, 'the membre link listed');
    expect(await copy('Lecteur').count()).toBe(1);
    await copy('Membre').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(membreLink);
    await copy('Commentateur').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(commentateurLink);
    await page.screenshot({ path: artifact('members-1366x768.png'), fullPage: true });

    // Revoking asks first; Annuler keeps the link, Révoquer revokes it.
    const revoke = page.getByRole('button', { name: /^Révoquer : Lien Membre,/ });
    await revoke.click();
    const dialog = page.getByRole('alertdialog', { name: 'Révoquer l’invitation' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Membre');
    await page.screenshot({ path: artifact('members-revoke-dialog-1366x768.png') });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await eventually(async () => (await dialog.count()) === 0, 'the dialog closed');
    expect(await copy('Membre').count()).toBe(1);
    await revoke.click();
    await dialog.getByRole('button', { name: 'Révoquer' }).click();
    await page.getByRole('status').filter({ hasText: 'Invitation révoquée.' }).waitFor();
    await eventually(async () => (await copy('Membre').count()) === 0, 'the revoked link gone');
    expect(await copy('Commentateur').count()).toBe(1);
    await expectAccessible(page, 'members page (pilote)');

    // The audit says which role each link gave.
    const audit = page.locator('.audit');
    expect(await audit.innerText()).toContain('a révoqué une invitation (rôle : Membre)');
    expect(await audit.innerText()).toContain('a créé une invitation (rôle : Commentateur)');
    expect(await page.getByRole('columnheader', { name: 'E-mail' }).count()).toBe(1);

    // A lecteur sees the members, not their addresses.
    const reader = await lecteurContext.newPage();
    await reader.goto(`/organisations/${organisationId}/membres`);
    await reader.getByRole('cell', { name: 'Pauline' }).waitFor();
    expect(await reader.getByRole('columnheader', { name: 'E-mail' }).count()).toBe(0);
    expect(await reader.locator('main').innerText()).not.toContain('@');
    await reader.screenshot({ path: artifact('members-lecteur-1280x720.png') });
    expect(errors).toEqual([]);
  });
});
