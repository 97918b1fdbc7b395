/**
 * Opening a 600-row cycle in Chromium: time from navigation until the grid shows its first rows
 * (p50 of 5 cold page loads), JS heap after opening, and frame times while scrolling the whole grid.
 * Then typing (issue 9, "keystroke cost"): keystroke-to-paint time while another client types in a
 * different row, and how many line components render per remote keystroke (render-count.ts).
 *
 *   npm run bench   (from the repository root; needs the built client)
 */
import { providerAs } from '../fixtures/provider.ts';
import { addRow, readCycle, rowText } from '@pilotis/shared';
import { launchBrowser } from '../fixtures/browser.ts';
import { startPilotis } from '../fixtures/server.ts';
import { percentile, waitUntil } from './measure.ts';

const TARGET_ROWS = 600;
const RUNS = 5;

const server = await startPilotis();
const browser = await launchBrowser();
try {
  // One signed-in browser context: its API calls and its pages share the session cookie.
  const credentials = { email: 'banc.essai@example.org', password: 'banc d’essai solide' };
  const owner = await browser.newContext({ baseURL: server.url });
  await owner.request.post('/api/auth/signup', { data: { ...credentials, name: 'Banc d’essai' } });
  const post = async (path: string, body: unknown) =>
    (await (await owner.request.post(path, { data: body })).json()) as {
      id: string;
      documentName: string;
    };
  const organisation = await post('/api/organisations', { name: 'Grande fédération' });
  const cycle = await post(`/api/organisations/${organisation.id}/cycles`, { year: 2026 });

  // Fill the cycle to 600 rows with realistic text, through a real provider.
  const raw = await providerAs(owner, server.url, cycle.documentName);
  const { doc, provider } = raw;
  await waitUntil(() => provider.isSynced, 'sync', 30_000);
  const domains = readCycle(doc).domains;
  doc.transact(() => {
    for (let i = readCycle(doc).rows.length; i < TARGET_ROWS; i++) {
      const domain = domains[i % domains.length]!;
      const id = addRow(doc, domain.id, {
        label: `Indicateur ${i} : part des actions menées avec les parties prenantes du territoire`,
        nature: i % 2 ? 'quantitative' : 'qualitative',
        unit: i % 2 ? '%' : '',
      });
      rowText(doc, id, 'baseline').insert(
        0,
        `État des lieux ${i}, établi à partir du bilan social et des comptes rendus.`,
      );
      rowText(doc, id, 'target1y').insert(0, 'Atteindre 40 % en fin d’année');
    }
  });
  await waitUntil(() => !provider.hasUnsyncedChanges, 'acknowledgement', 30_000);
  const rows = readCycle(doc).rows.length;
  raw.destroy();

  const openTimes: number[] = [];
  const heaps: number[] = [];
  let frames: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'fr-FR',
    });
    await context.request.post(`${server.url}/api/auth/login`, { data: credentials });
    const page = await context.newPage();
    await page.goto(`${server.url}/cycles/${cycle.id}`);
    await page.locator('[role="grid"][data-ready] [data-row-id]').first().waitFor();
    openTimes.push(await page.evaluate(() => performance.now()));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    heaps.push(metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN);
    if (run === RUNS - 1) {
      // Scroll from top to bottom, one step per frame, recording frame intervals.
      frames = await page.evaluate(
        () =>
          new Promise<number[]>((resolve) => {
            const grid = document.querySelector('.grid-scroll')!;
            const intervals: number[] = [];
            let last = performance.now();
            const step = () => {
              const now = performance.now();
              intervals.push(now - last);
              last = now;
              if (
                grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 2 ||
                intervals.length > 2000
              ) {
                resolve(intervals.slice(1));
                return;
              }
              grid.scrollTop += 300;
              requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          }),
      );
    }
    await context.close();
  }

  // ── Keystroke cost ──
  const typing = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'fr-FR',
  });
  await typing.request.post(`${server.url}/api/auth/login`, { data: credentials });
  await typing.addInitScript(() => {
    (window as unknown as { __pilotisLineRenders: object }).__pilotisLineRenders = {
      theme: 0,
      domain: 0,
      row: 0,
      keys: [],
    };
  });
  const page = await typing.newPage();
  await page.goto(`${server.url}/cycles/${cycle.id}`);
  await page.locator('[role="grid"][data-ready] [data-row-id]').nth(3).waitFor();
  const ids = await page
    .locator('[data-row-id]')
    .evaluateAll((lines) => lines.map((line) => line.getAttribute('data-row-id')!));
  const [localRow, remoteRow] = [ids[0]!, ids[2]!];
  const other = await providerAs(owner, server.url, cycle.documentName);
  await waitUntil(() => other.provider.isSynced, 'second client sync', 30_000);
  const remoteText = rowText(other.doc, remoteRow, 'baseline');
  const remoteTyping = setInterval(() => remoteText.insert(remoteText.length, 'é'), 80);
  // Keystroke to paint: from the keydown to the end of the first frame painted after all the work
  // the keystroke started (the model refresh runs in a frame, React renders in a task after it).
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[] };
    w.__keys = [];
    const afterTasks = (then: () => void) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = then;
      channel.port2.postMessage(0);
    };
    document.addEventListener(
      'keydown',
      (event) => {
        const start = event.timeStamp;
        requestAnimationFrame(() =>
          afterTasks(() =>
            requestAnimationFrame(() => afterTasks(() => w.__keys.push(performance.now() - start))),
          ),
        );
      },
      true,
    );
  });
  const localEditor = page.locator(`[data-cell="${localRow}:label"] textarea`);
  await localEditor.focus();
  await page.keyboard.press('End');
  const KEYSTROKES = 80;
  for (let i = 0; i < KEYSTROKES; i++) {
    // ASCII: Playwright types other characters without a keydown.
    await page.keyboard.type(i % 10 === 9 ? ' ' : 'abcdefghi'[i % 9]!);
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  await page.waitForFunction(
    (n) => (window as unknown as { __keys: number[] }).__keys.length >= n,
    KEYSTROKES,
  );
  const keys = await page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
  clearInterval(remoteTyping);

  // Line components rendered per remote keystroke (nobody typing here meanwhile).
  const remoteEditor = page.locator(`[data-cell="${remoteRow}:baseline"] textarea`);
  const perRemoteKey: number[] = [];
  const linesPerRemoteKey: number[] = [];
  type Counts = { keys: string[] } & Record<string, number>;
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => {
      const counts = (window as unknown as { __pilotisLineRenders: Counts }).__pilotisLineRenders;
      for (const kind of ['theme', 'domain', 'row']) counts[kind] = 0;
      counts.keys = [];
    });
    const marker = `#${i}#`;
    remoteText.insert(remoteText.length, marker);
    await page.waitForFunction(
      ([editor, text]) => (editor as HTMLTextAreaElement).value.endsWith(text as string),
      [await remoteEditor.elementHandle(), marker] as const,
    );
    // Let the model refresh (next frame) and React's render after it finish.
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
        ),
    );
    const keys = await page.evaluate(
      () => (window as unknown as { __pilotisLineRenders: Counts }).__pilotisLineRenders.keys,
    );
    perRemoteKey.push(keys.length);
    linesPerRemoteKey.push(new Set(keys).size);
  }
  other.destroy();
  await typing.close();

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.info(`\nGrid in Chromium — ${rows} rows, viewport 1400×900, ${RUNS} cold loads`);
  console.info(
    `open to first rows: p50 ${percentile(openTimes, 50).toFixed(0)} ms (runs: ${openTimes.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.info(`JS heap after open: median ${mb(percentile(heaps, 50))} MiB`);
  console.info(
    `scrolling top to bottom (300 px per frame, ${frames.length} frames): frame p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
  );
  console.info(
    `typing in row 1 while another client types in row 3 (${keys.length} keystrokes): keystroke to paint p50 ${percentile(keys, 50).toFixed(1)} ms, p95 ${percentile(keys, 95).toFixed(1)} ms, max ${Math.max(...keys).toFixed(1)} ms`,
  );
  console.info(
    `line components rendered per remote keystroke (${perRemoteKey.length} keystrokes): distinct lines median ${percentile(linesPerRemoteKey, 50)}, max ${Math.max(...linesPerRemoteKey)}; renders median ${percentile(perRemoteKey, 50)}, max ${Math.max(...perRemoteKey)}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
