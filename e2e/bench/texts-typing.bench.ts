/**
 * Two people typing in one section (issue 11), in two Chromium pages on the Textes view (Tiptap),
 * in a cycle holding 40 sections of ~500 words each (the 28 standard and per-theme sections plus
 * 12 of the group's own). Both type into the first paragraph of « Notre démarche » at once, one at
 * its start, the other further on, one key every INTERVAL_MS each.
 *
 * - Propagation: from the keydown in one page to the character painted in the other (the frame
 *   after the editor's DOM holds it), both pages' clocks being the browser's.
 * - Keystroke to paint: from the keydown to the end of the first frame painted after all the work
 *   the key started (frame → task → frame → task, as in grid-render.bench.ts: the cycle model
 *   refreshes in an animation frame and React renders in a task after it).
 * - Per remote keystroke: the editor nodes the receiving page added to its DOM (a whole-editor
 *   re-render would add every paragraph) and the Textes view's renders (window.__pilotisRenders).
 *
 *   node bench/texts-typing.bench.ts   (from e2e/, part of `npm run bench`; needs the built client)
 */
import { writeFile } from 'node:fs/promises';
import type * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { ROOT, SECTION_BODY, addFreeSection, paragraphElements, readCycle } from '@pilotis/shared';
import { providerAs } from '../fixtures/provider.ts';
import { launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis } from '../fixtures/server.ts';
import { actorContext, inviteAs } from '../fixtures/pages.ts';
import { percentile, waitUntil } from './measure.ts';

const SECTIONS = Number(process.env.BENCH_SECTIONS ?? 40);
const WORDS_PER_SECTION = Number(process.env.BENCH_WORDS ?? 500);
const KEYSTROKES = Number(process.env.BENCH_KEYS ?? 100);
const INTERVAL_MS = 100;
const METHOD = 'Notre démarche';

// None of the letters the two people type (A: k w y z, B: digits) is in this prose or in their
// names, so each page can count the other's characters as they arrive.
const WORDS =
  'La gouvernance démocratique de l’association repose sur une assemblée générale ouverte où chaque adhérent vote et débat des orientations ; le binôme salarié élu prépare les travaux'.split(
    ' ',
  );
const KEYS = { A: 'kwyz', B: '1234567890' } as const;

function prose(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[i % WORDS.length]!);
  // Paragraphs of about 100 words.
  return out.map((word, i) => (i > 0 && i % 100 === 0 ? `\n${word}` : word)).join(' ');
}

interface Probe {
  /** Browser-wide time (timeOrigin + now) of each own keydown, in order. */
  sent: number[];
  /** Keydown to the end of the frame painted after its work. */
  paint: number[];
  /** Browser-wide time at which each of the other's characters was painted, in order. */
  received: number[];
  /** Editor nodes added to the DOM per batch of the other's characters. */
  added: number[];
}

/** Installs the probes in a page showing the section's editor. */
async function installProbe(page: Page, own: string, other: string): Promise<void> {
  await page.evaluate(
    ([own, other]) => {
      const probe: Probe = { sent: [], paint: [], received: [], added: [] };
      (window as unknown as { __probe: Probe }).__probe = probe;
      const clock = () => performance.timeOrigin + performance.now();
      const afterTasks = (then: () => void) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = then;
        channel.port2.postMessage(0);
      };
      document.addEventListener(
        'keydown',
        (event) => {
          if (!own.includes(event.key)) return;
          const start = event.timeStamp;
          probe.sent.push(performance.timeOrigin + start);
          requestAnimationFrame(() =>
            afterTasks(() =>
              requestAnimationFrame(() =>
                afterTasks(() => probe.paint.push(performance.now() - start)),
              ),
            ),
          );
        },
        true,
      );
      const editor = document.querySelector('.section-body')!;
      const count = () => {
        let n = 0;
        for (const character of editor.textContent ?? '') if (other.includes(character)) n++;
        return n;
      };
      const baseline = count();
      new MutationObserver((records) => {
        const arrived = count() - baseline - probe.received.length;
        if (arrived <= 0) return;
        let added = 0;
        for (const record of records) {
          for (const node of Array.from(record.addedNodes)) {
            added += 1 + (node instanceof Element ? node.querySelectorAll('*').length : 0);
          }
        }
        probe.added.push(added);
        const index = probe.received.length;
        for (let i = 0; i < arrived; i++) probe.received.push(NaN);
        // Painted: the end of the next frame.
        requestAnimationFrame(() =>
          afterTasks(() => {
            const now = clock();
            for (let i = index; i < index + arrived; i++) probe.received[i] = now;
          }),
        );
      }).observe(editor, { subtree: true, childList: true, characterData: true });
      const w = window as unknown as { __pilotisRenders?: Record<string, number> };
      if (w.__pilotisRenders)
        for (const key of Object.keys(w.__pilotisRenders)) w.__pilotisRenders[key] = 0;
    },
    [own, other] as const,
  );
}

const server = await startPilotis();
const browser = await launchBrowser();
try {
  const anne = await actorContext(browser, server.url, 'Anne');
  const paul = await actorContext(browser, server.url, 'Paul');
  const post = async (path: string, body: unknown) =>
    (await (await anne.request.post(path, { data: body })).json()) as {
      id: string;
      documentName: string;
    };
  const organisation = await post('/api/organisations', { name: 'Grande fédération' });
  const cycle = await post(`/api/organisations/${organisation.id}/cycles`, { year: 2026 });
  await inviteAs(anne, paul, organisation.id, 'membre');

  // 40 sections of ~500 words, through a real provider.
  const filler = await providerAs(anne, server.url, cycle.documentName);
  await waitUntil(() => filler.provider.isSynced, 'sync');
  filler.doc.transact(() => {
    const existing = readCycle(filler.doc).sections.length;
    for (let i = existing; i < SECTIONS; i++) addFreeSection(filler.doc, `Section libre ${i + 1}`);
    filler.doc.getMap<Y.Map<unknown>>(ROOT.sections).forEach((section) => {
      const body = section.get(SECTION_BODY) as Y.XmlFragment;
      body.insert(0, paragraphElements(prose(WORDS_PER_SECTION)));
    });
  });
  await waitUntil(() => !filler.provider.hasUnsyncedChanges, 'acknowledgement');
  const model = readCycle(filler.doc);
  const words = model.sections.reduce((n, s) => n + s.paragraphs.join(' ').split(/\s+/).length, 0);
  filler.destroy();

  const open = async (context: typeof anne) => {
    await context.addInitScript(() => {
      (window as unknown as { __pilotisRenders: object }).__pilotisRenders = {};
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/cycles/${cycle.id}/textes`);
    const editor = page.getByRole('textbox', { name: METHOD, exact: true });
    await editor.waitFor();
    return { page, editor, errors };
  };
  const a = await open(anne);
  const b = await open(paul);
  // A types at the start of the first paragraph, B at the end of its first line.
  await a.editor.click();
  await a.page.keyboard.press('Control+Home');
  await b.editor.click();
  await b.page.keyboard.press('Control+Home');
  await b.page.keyboard.press('End');
  await installProbe(a.page, KEYS.A, KEYS.B);
  await installProbe(b.page, KEYS.B, KEYS.A);

  const type = async (page: Page, keys: string, offset: number) => {
    await new Promise((resolve) => setTimeout(resolve, offset));
    for (let i = 0; i < KEYSTROKES; i++) {
      const started = Date.now();
      await page.keyboard.press(keys[i % keys.length]!);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, INTERVAL_MS - (Date.now() - started))),
      );
    }
  };
  // BENCH_PROFILE=<file.cpuprofile>: page A's CPU profile while typing (build the client with
  // `--minify false` and serve it with CLIENT_DIR to read it).
  const profiler = process.env.BENCH_PROFILE ? await anne.newCDPSession(a.page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.send('Profiler.start');
  }
  await Promise.all([type(a.page, KEYS.A, 0), type(b.page, KEYS.B, INTERVAL_MS / 2)]);
  if (profiler) {
    const { profile } = await profiler.send('Profiler.stop');
    await writeFile(process.env.BENCH_PROFILE!, JSON.stringify(profile));
  }
  const read = (page: Page) =>
    page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
  const settled = async (page: Page) =>
    page.waitForFunction(
      (n) => {
        const probe = (window as unknown as { __probe: Probe }).__probe;
        return (
          probe.paint.length >= n &&
          probe.received.length >= n &&
          probe.received.every((t) => !Number.isNaN(t))
        );
      },
      KEYSTROKES,
      { timeout: 60_000 },
    );
  await Promise.all([settled(a.page), settled(b.page)]);
  const [pa, pb] = [await read(a.page), await read(b.page)];
  const propagation = [
    ...pa.sent.map((sent, i) => pb.received[i]! - sent),
    ...pb.sent.map((sent, i) => pa.received[i]! - sent),
  ];
  const paint = [...pa.paint, ...pb.paint];
  const added = [...pa.added, ...pb.added];
  const renders = async (page: Page) =>
    page.evaluate(
      () => (window as unknown as { __pilotisRenders: Record<string, number> }).__pilotisRenders,
    );
  const [ra, rb] = [await renders(a.page), await renders(b.page)];
  const text = (page: Page) =>
    page
      .locator('.section-body p')
      .first()
      .evaluate((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
        return copy.textContent ?? '';
      });
  let converged = false;
  for (let i = 0; i < 100 && !converged; i++) {
    converged = (await text(a.page)) === (await text(b.page));
    if (!converged) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const errors = [...a.errors, ...b.errors];

  const f = (v: number) => v.toFixed(1);
  console.info(
    `\nTextes in Chromium — ${model.sections.length} sections, ~${words} words in the cycle; 2 pages typing in the first paragraph of « ${METHOD} », ${KEYSTROKES} keys each every ${INTERVAL_MS} ms`,
  );
  console.info(
    `propagation, keydown → painted in the other page (${propagation.length} keys): p50 ${f(percentile(propagation, 50))} ms, p95 ${f(percentile(propagation, 95))} ms, max ${f(Math.max(...propagation))} ms`,
  );
  console.info(
    `keystroke to paint (${paint.length} keys): p50 ${f(percentile(paint, 50))} ms, p95 ${f(percentile(paint, 95))} ms, max ${f(Math.max(...paint))} ms`,
  );
  console.info(
    `editor nodes added per remote keystroke batch (${added.length} batches): median ${percentile(added, 50)}, max ${Math.max(...added)}`,
  );
  console.info(`renders while typing: A ${JSON.stringify(ra)}, B ${JSON.stringify(rb)}`);
  console.info(
    `converged: ${converged ? 'yes' : 'NO'}; page errors: ${errors.length ? errors.join(' | ') : 'none'}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
