/**
 * The threads view with many threads (issue 12; e2e/bench/threads-panel.bench.ts measures 400):
 * the browser skips the layout and paint of the theme groups far from the screen
 * (content-visibility), yet every thread stays in the page — reached with Tab, opened with Enter —
 * and the view has no serious accessibility violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { readCycle } from '@pilotis/shared';
import { launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, eventually, inviteAs } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';
import { expectAccessible } from '../fixtures/axe.ts';

const PER_PERSON = 24;

describe('the threads view with many threads', () => {
  let server: PilotisServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startPilotis();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('renders only the groups near the screen, and Tab still reaches every thread', async () => {
    const anne = await actorContext(browser, server.url, 'Anne');
    const paul = await actorContext(browser, server.url, 'Paul', { width: 1280, height: 700 });
    contexts.push(anne, paul);
    const organisation = await (
      await anne.request.post('/api/organisations', { data: { name: 'Coopérative' } })
    ).json();
    const cycle = await (
      await anne.request.post(`/api/organisations/${organisation.id}/cycles`, {
        data: { year: 2026 },
      })
    ).json();
    await inviteAs(anne, paul, organisation.id, 'membre');
    const reader = await providerAs(anne, server.url, cycle.documentName);
    await eventually(async () => reader.provider.isSynced, 'the cycle');
    const rows = readCycle(reader.doc).rows;
    reader.destroy();
    // Threads on rows of every theme, by both people (each may post 30 messages a minute).
    for (const [index, context] of [anne, paul].entries()) {
      for (let i = 0; i < PER_PERSON; i++) {
        const row = rows[Math.floor(((index * PER_PERSON + i) * rows.length) / (2 * PER_PERSON))]!;
        const created = await context.request.post(`/api/cycles/${cycle.id}/threads`, {
          data: {
            anchor: { kind: 'row', id: row.id },
            body: `Question ${index * PER_PERSON + i + 1}`,
          },
        });
        expect(created.status()).toBe(201);
      }
    }

    const page = await paul.newPage();
    const errors = watchErrors(page);
    await page.goto(`/cycles/${cycle.id}/fils`);
    const items = page.locator('.threads-list [data-thread-id]');
    await eventually(async () => (await items.count()) === 2 * PER_PERSON, 'every thread');
    const rendered = (index: number) =>
      items.nth(index).evaluate((item) => item.checkVisibility({ contentVisibilityAuto: true }));
    await eventually(async () => await rendered(0), 'the first thread on screen');
    // The last group is far below the screen: in the page, but neither laid out nor painted.
    await eventually(async () => !(await rendered(2 * PER_PERSON - 1)), 'the last group skipped');
    await expectAccessible(page, 'the threads view with many threads');

    // Every thread is one Tab further; the last one comes on screen and opens with Enter.
    await items.first().focus();
    for (let i = 1; i < 2 * PER_PERSON; i++) await page.keyboard.press('Tab');
    const last = items.last();
    expect(await last.evaluate((item) => item === document.activeElement)).toBe(true);
    await eventually(async () => await rendered(2 * PER_PERSON - 1), 'the last thread rendered');
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await last.getAttribute('aria-current')) === 'true',
      'the last thread chosen',
    );
    await page.locator('.threads-detail article.thread-card').waitFor();
    expect(await page.locator('.threads-detail').innerText()).toContain('Question');
    await expectAccessible(page, 'the threads view, last thread open');
    expect(errors).toEqual([]);
  });
});
