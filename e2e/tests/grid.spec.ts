import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { artifact, launchBrowser } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import {
  actorContext,
  createCycleAs,
  CyclePage,
  eventually,
  inviteAs,
  mouseDrag,
} from '../fixtures/pages.ts';

const LABEL = 'Questions ou indicateurs';
const BASELINE = 'État des lieux (N0)';
const TARGET1 = 'Objectif à 1 an (N+1)';
const TARGET3 = 'Objectif à 3 ans (N+3)';

describe('the steering grid, co-edited live', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A pilote with a new cycle of `year`, and a membre invited to it; both open it. */
  const meeting = async (year: number) => {
    const piloteContext = await actorContext(browser, server.url, 'Pauline');
    const membreContext = await actorContext(browser, server.url, 'Marc');
    contexts.push(piloteContext, membreContext);
    const { url, organisationId } = await createCycleAs(piloteContext, year);
    await inviteAs(piloteContext, membreContext, organisationId, 'membre');
    return {
      pilote: await CyclePage.open(piloteContext, url),
      membre: await CyclePage.open(membreContext, url),
    };
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

  it('keeps both insertions, character for character, when two people type in the same cell at once', async () => {
    const { pilote, membre } = await meeting(2026);
    const cellA = pilote.cell(BASELINE, '1.2', 1);
    const cellB = membre.cell(BASELINE, '1.2', 1);
    await pilote.typeAtEnd(cellA, 'Début ');
    await eventually(
      async () => (await cellB.inputValue()) === 'Début ',
      'the first words on both pages',
    );
    await cellB.scrollIntoViewIfNeeded();
    await cellB.click();
    await membre.page.keyboard.press('Control+End');

    await Promise.all([
      pilote.page.keyboard.type('abcdefghij', { delay: 25 }),
      membre.page.keyboard.type('QRSTUVWXYZ', { delay: 25 }),
    ]);

    await eventually(async () => {
      const [a, b] = [await cellA.inputValue(), await cellB.inputValue()];
      return a === b && a.length === 'Début '.length + 20;
    }, 'both pages to converge');
    const merged = await cellA.inputValue();
    expect(merged.startsWith('Début ')).toBe(true);
    const typed = merged.slice('Début '.length);
    expect(typed.replace(/[^a-j]/g, '')).toBe('abcdefghij');
    expect(typed.replace(/[^Q-Z]/g, '')).toBe('QRSTUVWXYZ');
    expect(await cellB.inputValue()).toBe(merged);
  });

  it('keeps what was typed offline and merges it with what others typed meanwhile', async () => {
    const { pilote, membre } = await meeting(2027);

    await membre.page.context().setOffline(true);
    await eventually(async () => (await membre.status()) === 'offline', 'the offline indicator');
    expect(await membre.page.getByRole('status').filter({ hasText: 'Hors ligne' }).count()).toBe(1);

    await membre.typeAtEnd(membre.cell(BASELINE, '1.1', 1), 'hors ligne 1');
    await membre.typeAtEnd(membre.cell(BASELINE, '1.1', 2), 'hors ligne 2');
    await membre.typeAtEnd(membre.cell(TARGET1, '1.1', 1), 'hors ligne 3');
    await pilote.typeAtEnd(pilote.cell(BASELINE, '1.1', 1), 'en ligne');
    await pilote.expectSaved();
    // While offline, the membre does not see the pilote's text.
    expect(await membre.value(BASELINE, '1.1', 1)).toBe('hors ligne 1');

    await membre.page.context().setOffline(false);
    await eventually(
      async () => (await membre.status()) === 'saved',
      'the membre to sync after reconnecting',
    );
    for (const page of [pilote, membre]) {
      await eventually(async () => {
        const merged = await page.value(BASELINE, '1.1', 1);
        return (
          merged.includes('hors ligne 1') &&
          merged.includes('en ligne') &&
          merged.length === 'hors ligne 1en ligne'.length
        );
      }, 'the shared cell to hold both texts');
      await eventually(
        async () => (await page.value(BASELINE, '1.1', 2)) === 'hors ligne 2',
        'second offline edit',
      );
      await eventually(
        async () => (await page.value(TARGET1, '1.1', 1)) === 'hors ligne 3',
        'third offline edit',
      );
    }
    expect(await pilote.value(BASELINE, '1.1', 1)).toBe(await membre.value(BASELINE, '1.1', 1));
  });

  it('shows who is in which cell, and "suivre" brings the followed row into view', async () => {
    const { pilote, membre } = await meeting(2028);

    await pilote.typeAtEnd(pilote.cell(TARGET1, '1.1', 2), 'x');
    const outlined = membre.gridCell(TARGET1, '1.1', 2);
    await eventually(
      async () => (await outlined.getAttribute('data-presence')) === 'Pauline',
      'Pauline’s outline',
    );
    const tag = outlined.locator('.presence-tag[data-name="Pauline"]');
    expect(await tag.isVisible()).toBe(true);
    await membre.page.screenshot({ path: artifact('grid-presence.png') });

    // The pilote goes far down the grid, to the last theme.
    await pilote.typeAtEnd(pilote.cell(LABEL, '8.3', 1), ' ');
    const target = membre.cell(LABEL, '8.3', 1);
    expect(await target.count()).toBe(0); // virtualised: not even rendered on the membre's screen
    await membre.page.getByRole('button', { name: 'Suivre Pauline' }).click();
    await eventually(async () => {
      if ((await target.count()) === 0) return false;
      const box = await target.boundingBox();
      const viewport = await membre.page.locator('.grid-scroll').boundingBox();
      return (
        !!box && !!viewport && box.y >= viewport.y && box.y + 10 <= viewport.y + viewport.height
      );
    }, 'the followed row in the follower’s view');
    expect(await membre.page.getByText('Vous suivez Pauline').isVisible()).toBe(true);
  });

  it('works with the keyboard alone: add a row under 1.3, fill it, undo the last edit', async () => {
    const { pilote } = await meeting(2029);
    const { page } = pilote;

    // Tab into the grid from the top of the page.
    for (
      let i = 0;
      i < 40 &&
      !(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell'));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    expect(await pilote.focusedLabel()).toBe(`${LABEL}, ligne 1.1 n° 1`);
    for (let i = 0; i < 30 && (await pilote.focusedLabel()) !== `${LABEL}, ligne 1.3 n° 3`; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await pilote.focusedLabel()).toBe(`${LABEL}, ligne 1.3 n° 3`);

    await page.keyboard.press('Control+Enter'); // new row below, its label in edit mode
    await page.keyboard.type('Part des décisions du CA prises à l’unanimité');
    await page.keyboard.press('Tab');
    await page.keyboard.type('62 % en 2026');
    await page.keyboard.press('Tab');
    await page.keyboard.type('70 %');
    await page.keyboard.press('Tab');
    await page.keyboard.type('80 % et débat préalable systématique');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight'); // nature
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown'); // Quantitative
    await page.keyboard.press('Tab');
    await page.keyboard.type('62');
    await page.keyboard.press('Tab');
    await page.keyboard.type('%');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight'); // treated
    await page.keyboard.press('ArrowRight'); // sources
    await page.keyboard.press('Enter');
    await page.keyboard.type('Registre des délibérations');
    await page.keyboard.press('Escape');

    const row = page.locator('[data-row-id]').filter({ has: pilote.cell(LABEL, '1.3', 4) });
    expect(await pilote.value(LABEL, '1.3', 4)).toBe(
      'Part des décisions du CA prises à l’unanimité',
    );
    expect(await pilote.value(BASELINE, '1.3', 4)).toBe('62 % en 2026');
    expect(await pilote.value(TARGET1, '1.3', 4)).toBe('70 %');
    expect(await pilote.value(TARGET3, '1.3', 4)).toBe('80 % et débat préalable systématique');
    expect(await row.getByRole('combobox', { name: 'Nature' }).inputValue()).toBe('quantitative');
    expect(await row.getByRole('textbox', { name: 'Valeur' }).inputValue()).toBe('62');
    expect(await row.getByRole('textbox', { name: 'Unité' }).inputValue()).toBe('%');
    expect(await pilote.value('Sources', '1.3', 4)).toBe('Registre des délibérations');
    expect(
      await row.getByRole('gridcell', { name: 'Thème, ligne 1.3 n° 4' }).innerText(),
    ).toContain('Gouvernance démocratique');
    expect(await pilote.value('Domaine d’action', '1.3', 4)).toBe('Exercice du pouvoir');

    await page.keyboard.press('Control+z');
    await eventually(
      async () => (await pilote.value('Sources', '1.3', 4)) === '',
      'the last edit undone',
    );
    expect(await pilote.value(TARGET3, '1.3', 4)).toBe('80 % et débat préalable systématique');
    expect(await pilote.value(LABEL, '1.3', 4)).toBe(
      'Part des décisions du CA prises à l’unanimité',
    );
    await pilote.expectSaved();
    await page.screenshot({ path: artifact('grid-normal.png') });

    await page.getByRole('button', { name: 'Présenter' }).click();
    await eventually(
      async () => page.evaluate(() => document.documentElement.classList.contains('presenting')),
      'presentation mode',
    );
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    await page.screenshot({ path: artifact('grid-presentation.png') });
    await page.keyboard.press('Escape');
    await eventually(
      async () =>
        !(await page.evaluate(() => document.documentElement.classList.contains('presenting'))),
      'leaving presentation',
    );
  });

  it('reorders rows by dragging with the mouse, and every page sees the new order', async () => {
    const { pilote, membre } = await meeting(2032);
    const first = await pilote.value(LABEL, '1.1', 1);
    const second = await pilote.value(LABEL, '1.1', 2);
    const line = (index: number) =>
      pilote.page.locator('[data-row-id]').filter({ has: pilote.cell(LABEL, '1.1', index) });
    // Row 1 dropped on row 2 below it takes its place: it comes after it.
    await pilote.scrollLineToTop(line(1));
    await mouseDrag(pilote.page, line(1).locator('.drag-handle'), line(2));
    await eventually(
      async () => (await pilote.value(LABEL, '1.1', 1)) === second,
      'the dragged row after the other',
    );
    await eventually(
      async () => (await membre.value(LABEL, '1.1', 1)) === second,
      'the new order on the other page',
    );
    expect(await membre.value(LABEL, '1.1', 2)).toBe(first);
    // And dropped back on the row above it, before it.
    await mouseDrag(pilote.page, line(2).locator('.drag-handle'), line(1));
    await eventually(
      async () => (await membre.value(LABEL, '1.1', 1)) === first,
      'the first order back on the other page',
    );
    expect(pilote.errors).toEqual([]);
  });

  it('reorders domains with the mouse, the grid scrolling while a domain is held at its top edge', async () => {
    const { pilote, membre } = await meeting(2033);
    const { page } = pilote;
    const titleBox = (number: string) =>
      page.getByRole('textbox', { name: `Titre du domaine ${number}`, exact: true });
    const title = (cycle: typeof pilote, number: string) =>
      cycle.page
        .getByRole('textbox', { name: `Titre du domaine ${number}`, exact: true })
        .inputValue();
    expect(await title(pilote, '1.1')).toBe('Transparence');
    const grid = page.locator('.grid-scroll');
    // Domain 1.2 at the bottom of the grid: 1.1 and its rows are above, out of view.
    await titleBox('1.2').scrollIntoViewIfNeeded();
    const header = await page.locator('.grid-header').boundingBox();
    const inView = async (number: string) => {
      const box = await page
        .locator('.line-domain')
        .filter({ has: titleBox(number) })
        .boundingBox();
      return !!box && !!header && box.y >= header.y + header.height;
    };
    expect(await inView('1.1')).toBe(false);

    const grip = await page
      .locator('.line-domain')
      .filter({ has: titleBox('1.2') })
      .locator('.drag-handle')
      .boundingBox();
    const gridBox = (await grid.boundingBox())!;
    await page.mouse.move(grip!.x + grip!.width / 2, grip!.y + grip!.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip!.x + 40, grip!.y - 40, { steps: 4 });
    // Held at the top edge of the grid: it scrolls up until domain 1.1 shows.
    let wiggle = 0;
    await eventually(async () => {
      wiggle += 1;
      await page.mouse.move(gridBox.x + 300 + (wiggle % 2) * 4, gridBox.y + 20, { steps: 2 });
      return inView('1.1');
    }, 'the grid to scroll up to domain 1.1');
    const target = (await page
      .locator('.line-domain')
      .filter({ has: titleBox('1.1') })
      .boundingBox())!;
    await page.mouse.move(target.x + 300, target.y + target.height / 2, { steps: 6 });
    await page.mouse.up();
    await eventually(
      async () => (await title(pilote, '1.1')) === 'Organisation de la vie démocratique',
      'the dragged domain first',
    );
    await eventually(
      async () => (await title(membre, '1.1')) === 'Organisation de la vie démocratique',
      'the new numbering on the other page',
    );
    expect(await title(membre, '1.2')).toBe('Transparence');

    // A domain can also be dropped on any row of its neighbour: 1.2 (now Transparence) on a
    // row of 1.1 takes 1.1's place again.
    await titleBox('1.2').scrollIntoViewIfNeeded();
    const rowAbove = page.locator('[data-row-id]').filter({ has: pilote.cell(LABEL, '1.1', 1) });
    await rowAbove.scrollIntoViewIfNeeded();
    await titleBox('1.2').scrollIntoViewIfNeeded();
    await mouseDrag(
      page,
      page
        .locator('.line-domain')
        .filter({ has: titleBox('1.2') })
        .locator('.drag-handle'),
      page.locator('[data-row-id]').filter({ has: pilote.cell(LABEL, '1.1', 2) }),
    );
    await eventually(
      async () => (await title(membre, '1.1')) === 'Transparence',
      'the domain back first on the other page',
    );
    expect(pilote.errors).toEqual([]);
  });
});
