/**
 * The threads panel (« Fils de discussion », issue 12) in Chromium with 2,000 comments in the
 * cycle: 400 threads of 5 messages, 320 on grid rows and 80 on passages of 8 sections (comment
 * marks in the text), a quarter resolved, a few detached, some mentioning the reader, half unread.
 *
 * - Open: from a click on the « Fils de discussion » tab (threads already loaded by the workspace)
 *   to the end of the frame painted with the list; and a cold load of /fils (navigation start to
 *   the list painted, the GET of every thread included).
 * - Scrolling the page from top to bottom, 300 px per frame: frame intervals.
 * - Filter change: from the click on a filter to the end of the frame painted after it.
 * - Opening one thread from the list: click to its messages painted.
 *
 * The comments are written straight into the database (the API lets one person post 30 a minute):
 * the server is stopped, the rows inserted into its PGlite directory, and the server started again.
 *
 *   node bench/threads-panel.bench.ts   (from e2e/, part of `npm run bench`; needs the built client)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { PGlite } from '@electric-sql/pglite';
import type { Page } from 'playwright-core';
import { ROOT, SECTION_BODY, markPassage, paragraphElements, readCycle } from '@pilotis/shared';
import { providerAs } from '../fixtures/provider.ts';
import { launchBrowser, watchErrors } from '../fixtures/browser.ts';
import { startPilotis } from '../fixtures/server.ts';
import { actorContext, inviteAs } from '../fixtures/pages.ts';
import { percentile, waitUntil } from './measure.ts';

const THREADS = 400;
const PASSAGE_THREADS = 80;
const PASSAGE_SECTIONS = 8;
const MESSAGES = 5;
const RUNS = 5;

/** What a timed click waits for: an element, optionally with an attribute's value. */
interface Done {
  selector: string;
  attribute?: [name: string, value: string];
}

/**
 * Clicks `selector` in the page and times until `done` holds and the frame after it is painted
 * (a frame, then a task: as in grid-render.bench.ts).
 */
async function timedClick(page: Page, selector: string, done: Done): Promise<number> {
  return page.evaluate(
    async ([selector, done]) => {
      const holds = () => {
        const element = document.querySelector(done.selector);
        if (!element) return false;
        return !done.attribute || element.getAttribute(done.attribute[0]) === done.attribute[1];
      };
      const element = document.querySelector<HTMLElement>(selector);
      if (!element) throw new Error(`nothing at ${selector}`);
      const start = performance.now();
      element.click();
      await new Promise<void>((resolve) => {
        const poll = () => (holds() ? resolve() : requestAnimationFrame(poll));
        poll();
      });
      const end = await new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        }),
      );
      return end - start;
    },
    [selector, done] as const,
  );
}

/** The end of the next frame painted, on the page's clock. */
function painted(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        }),
      ),
  );
}

const WORDS =
  'La gouvernance démocratique de l’association repose sur une assemblée générale ouverte où chaque adhérent vote et débat des orientations ; le binôme salarié élu prépare les travaux'.split(
    ' ',
  );
const prose = (words: number) =>
  Array.from({ length: words }, (_, i) => WORDS[i % WORDS.length]).join(' ');

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-bench-threads-'));
let server = await startPilotis({ DATA_DIR: dataDir });
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
  const idOf = async (context: typeof anne) =>
    ((await (await context.request.get('/api/me')).json()) as { user: { id: string } }).user.id;
  const [anneId, paulId] = [await idOf(anne), await idOf(paul)];

  // Text in 8 sections, and the comment marks of the 80 passages (10 per section).
  const writer = await providerAs(anne, server.url, cycle.documentName);
  await waitUntil(() => writer.provider.isSynced, 'sync');
  const sections = readCycle(writer.doc).sections.slice(0, PASSAGE_SECTIONS);
  const passages: { threadId: string; quote: string }[] = [];
  writer.doc.transact(() => {
    for (const section of sections) {
      const map = writer.doc.getMap<Y.Map<unknown>>(ROOT.sections).get(section.id)!;
      const body = map.get(SECTION_BODY) as Y.XmlFragment;
      body.insert(0, paragraphElements(prose(300)));
    }
  });
  for (const section of sections) {
    const map = writer.doc.getMap<Y.Map<unknown>>(ROOT.sections).get(section.id)!;
    const body = map.get(SECTION_BODY) as Y.XmlFragment;
    const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (let k = 0; k < PASSAGE_THREADS / PASSAGE_SECTIONS; k++) {
      const threadId = randomUUID();
      const from = Y.createRelativePositionFromTypeIndex(text, k * 60);
      const to = Y.createRelativePositionFromTypeIndex(text, k * 60 + 40);
      passages.push({ threadId, quote: markPassage(body, from, to, threadId) });
    }
  }
  await waitUntil(() => !writer.provider.hasUnsyncedChanges, 'acknowledgement');
  const rows = readCycle(writer.doc).rows;
  writer.destroy();
  await server.stop();

  // 2,000 comments, written into the stopped server's database.
  const db = await PGlite.create(dataDir);
  await db.transaction(async (tx) => {
    for (let t = 0; t < THREADS; t++) {
      const passage = t < PASSAGE_THREADS ? passages[t]! : null;
      const detached = !passage && t % 40 === 1;
      const row = rows[t % rows.length]!;
      const id = passage?.threadId ?? randomUUID();
      const [creator, other] = t % 3 === 0 ? [paulId, anneId] : [anneId, paulId];
      const resolved = t % 4 === 3;
      await tx.query(
        `INSERT INTO comment_threads (id, cycle_id, anchor_kind, anchor_id, quote, created_by,
                                      created_at, resolved_at, resolved_by)
         VALUES ($1, $2, $3, $4, $5, $6, now() - ($7::int * interval '1 hour'),
                 CASE WHEN $8 THEN now() END, CASE WHEN $8 THEN $9::uuid END)`,
        [
          id,
          cycle.id,
          passage ? 'passage' : 'row',
          passage ? id : detached ? `ligne-effacee-${t}` : row.id,
          passage?.quote ?? row.label,
          creator,
          THREADS - t,
          resolved,
          other,
        ],
      );
      for (let m = 0; m < MESSAGES; m++) {
        const messageId = randomUUID();
        const mention = t % 10 === 5 && m === 1;
        await tx.query(
          `INSERT INTO comment_messages (id, thread_id, author_id, body, created_at)
           VALUES ($1, $2, $3, $4, now() - ($5::int * interval '1 hour') + ($6::int * interval '1 minute'))`,
          [
            messageId,
            id,
            m % 2 === 0 ? creator : other,
            `${mention ? '@Paul ' : ''}Message ${m + 1} du fil ${t + 1} : l’état des lieux à 38,5 % mérite une précision, la source (bilan social 2025) n’est pas citée.`,
            THREADS - t,
            m,
          ],
        );
        if (mention) {
          await tx.query('INSERT INTO comment_mentions (message_id, user_id) VALUES ($1, $2)', [
            messageId,
            paulId,
          ]);
        }
      }
      if (t % 2 === 0) {
        await tx.query(
          'INSERT INTO comment_reads (thread_id, user_id, read_at) VALUES ($1, $2, now())',
          [id, paulId],
        );
      }
    }
  });
  await db.close();
  server = await startPilotis({ DATA_DIR: dataDir });

  // The first listing records every thread's place (theme, domain, row number) once.
  const listing = await paul.request.get(`${server.url}/api/cycles/${cycle.id}/threads`);
  const threads = (await listing.json()) as { status: string; messages: unknown[] }[];
  const messages = threads.reduce((n, thread) => n + thread.messages.length, 0);
  const statuses = threads.reduce<Record<string, number>>(
    (counts, thread) => ({ ...counts, [thread.status]: (counts[thread.status] ?? 0) + 1 }),
    {},
  );

  const tabClicks: number[] = [];
  const coldLoads: number[] = [];
  const filterChanges: Record<string, number[]> = {};
  const threadOpens: number[] = [];
  let frames: number[] = [];
  let domItems = 0;
  let errors: string[] = [];
  const LIST_DONE: Done = { selector: '.threads-list [data-thread-id]' };
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'fr-FR',
      baseURL: server.url,
      storageState: await paul.storageState(),
    });
    const page = await context.newPage();
    errors = watchErrors(page);
    // Cold: straight to /fils.
    await page.goto(`/cycles/${cycle.id}/fils`);
    await page.locator('.threads-list [data-thread-id]').first().waitFor();
    coldLoads.push(await painted(page));
    // From the grid, the tab (the workspace has loaded the threads already).
    await page.getByRole('link', { name: 'Tableau de pilotage', exact: true }).click();
    await page.locator('[role="grid"][data-ready] [data-row-id]').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.threads-list'));
    // BENCH_PROFILE=<file.cpuprofile>: the first run's CPU profile from the tab click to the end
    // of the filter changes (serve a `--minify false` build with CLIENT_DIR to read it).
    const profiler =
      process.env.BENCH_PROFILE && run === 0 ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    tabClicks.push(await timedClick(page, `.cycle-tabs a[href$="/fils"]`, LIST_DONE));
    domItems = await page.locator('.threads-list [data-thread-id]').count();
    if (run === RUNS - 1) {
      frames = await page.evaluate(
        () =>
          new Promise<number[]>((resolve) => {
            const scroller = document.scrollingElement!;
            scroller.scrollTop = 0;
            const intervals: number[] = [];
            let last = performance.now();
            const step = () => {
              const now = performance.now();
              intervals.push(now - last);
              last = now;
              if (
                scroller.scrollTop + window.innerHeight >= scroller.scrollHeight - 2 ||
                intervals.length > 2000
              ) {
                resolve(intervals.slice(1));
                return;
              }
              scroller.scrollTop += 300;
              requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          }),
      );
      await page.evaluate(() => (document.scrollingElement!.scrollTop = 0));
    }
    const FILTERS = ['Ouverts', 'Résolus', 'Détachés', 'Mes fils', 'Me mentionnant'];
    for (const name of ['Résolus', 'Mes fils', 'Me mentionnant', 'Ouverts']) {
      const selector = `.thread-filters button:nth-child(${FILTERS.indexOf(name) + 1})`;
      // On, then off again (back to every thread).
      for (const [state, pressed] of [
        ['on', 'true'],
        ['off', 'false'],
      ] as const) {
        (filterChanges[`${name} ${state}`] ??= []).push(
          await timedClick(page, selector, { selector, attribute: ['aria-pressed', pressed] }),
        );
      }
    }
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      await writeFile(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    // One thread from the middle of the list.
    threadOpens.push(
      await timedClick(page, `.threads-list li:nth-of-type(${5 + run}) [data-thread-id]`, {
        selector: '.threads-detail article.thread-card',
      }),
    );
    await context.close();
  }

  const f = (values: number[]) =>
    `p50 ${percentile(values, 50).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.info(
    `\nThreads panel in Chromium — ${threads.length} threads, ${messages} messages (${JSON.stringify(statuses)}), viewport 1400×900, ${RUNS} runs, reader: a membre`,
  );
  console.info(`list items in the DOM: ${domItems}`);
  console.info(`open from the tab (threads already loaded) to the list painted: ${f(tabClicks)}`);
  console.info(`cold load of /fils to the list painted: ${f(coldLoads)}`);
  console.info(
    `scrolling the page top to bottom (300 px per frame, ${frames.length} frames): frame p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
  );
  const allFilters = Object.values(filterChanges).flat();
  console.info(
    `filter change to the list painted (${allFilters.length} changes): p50 ${percentile(allFilters, 50).toFixed(0)} ms, p95 ${percentile(allFilters, 95).toFixed(0)} ms`,
  );
  for (const [name, values] of Object.entries(filterChanges))
    console.info(`  ${name}: ${f(values)}`);
  console.info(`open one thread from the list to its messages painted: ${f(threadOpens)}`);
  console.info(`page errors: ${errors.length ? errors.join(' | ') : 'none'}`);
} finally {
  await browser.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
