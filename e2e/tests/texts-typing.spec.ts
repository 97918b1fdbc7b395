/**
 * Typing in the Textes view stays local to what changed (issue 11, keystroke cost): another
 * person's keystrokes and one's own re-render the view (its word counts) but not the section's
 * editor component — a render of the component holding Tiptap's `useEditor` hands the options to
 * ProseMirror again and makes y-prosemirror compare the whole section with its Y.XmlFragment.
 * The page reports no error while typing (Tiptap's inline <style> used to be refused by the CSP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext } from 'playwright-core';
import { ROOT, SECTION_BODY, readCycle } from '@pilotis/shared';
import { launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis, type PilotisServer } from '../fixtures/server.ts';
import { actorContext, eventually } from '../fixtures/pages.ts';
import { providerAs } from '../fixtures/provider.ts';

type Renders = Record<string, number | undefined>;

describe('typing in the Textes view', () => {
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

  it('does not render the editor component again for remote or local keystrokes', async () => {
    const context = await actorContext(browser, server.url, 'Anne');
    contexts.push(context);
    const organisation = await (
      await context.request.post('/api/organisations', { data: { name: 'Coopérative' } })
    ).json();
    const cycle = await (
      await context.request.post(`/api/organisations/${organisation.id}/cycles`, {
        data: { year: 2026 },
      })
    ).json();
    await context.addInitScript(() => {
      (window as unknown as { __pilotisRenders: Renders }).__pilotisRenders = {};
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`/cycles/${cycle.id}/textes`);
    const editor = page.getByRole('textbox', { name: 'Notre démarche', exact: true });
    await editor.waitFor();
    const meta = page.getByTestId('section-meta');
    const renders = () =>
      page.evaluate(() => ({
        ...(window as unknown as { __pilotisRenders: Renders }).__pilotisRenders,
      }));

    // Another person writes a word, then nine more one character per transaction, into
    // « Notre démarche ».
    const other = await providerAs(context, server.url, cycle.documentName);
    await eventually(async () => other.provider.isSynced, 'the other client to sync');
    const method = readCycle(other.doc).sections.find((section) => section.kind === 'method')!;
    const body = other.doc
      .getMap<Y.Map<unknown>>(ROOT.sections)
      .get(method.id)!
      .get(SECTION_BODY) as Y.XmlFragment;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Début')]);
    body.insert(0, [paragraph]);
    await eventually(async () => /\b1 mot\b/.test(await meta.innerText()), 'the first word');
    const before = await renders();
    expect(before.SectionsView).toBeGreaterThan(0);
    const run = paragraph.get(0) as Y.XmlText;
    for (const character of ' un deux trois quatre cinq six sept huit neuf') {
      run.insert(run.length, character);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The word count shows the last word: the view rendered after the last keystroke.
    await eventually(async () => /\b10 mots\b/.test(await meta.innerText()), 'ten words');
    const afterRemote = await renders();
    expect(afterRemote.SectionsView).toBeGreaterThan(before.SectionsView!);
    expect(afterRemote.SectionEditor ?? 0).toBe(before.SectionEditor ?? 0);

    // And this person's own keystrokes.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' onze douze', { delay: 20 });
    await eventually(async () => /\b12 mots\b/.test(await meta.innerText()), 'twelve words');
    const afterLocal = await renders();
    expect(afterLocal.SectionEditor ?? 0).toBe(before.SectionEditor ?? 0);
    other.destroy();
    expect(errors).toEqual([]);
  });
});
