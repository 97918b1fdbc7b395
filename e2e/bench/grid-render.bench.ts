/**
 * Opening a 600-row cycle in Chromium: time from navigation until the grid shows its first rows
 * (p50 of 5 cold page loads), JS heap after opening, and frame times while scrolling the whole grid.
 *
 *   npm run bench   (from the repository root; needs the built client)
 */
import { providerAs } from '../fixtures/provider.ts';
import { addRow, readCycle, rowText } from '@pilotis/shared';
import { launchBrowser } from '../fixtures/browser.ts';
import { startPilotis } from '../fixtures/server.ts';

const TARGET_ROWS = 600;
const RUNS = 5;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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
  await waitUntil(() => provider.isSynced, 'sync');
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
  await waitUntil(() => !provider.hasUnsyncedChanges, 'acknowledgement');
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

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.info(`\nGrid in Chromium — ${rows} rows, viewport 1400×900, ${RUNS} cold loads`);
  console.info(
    `open to first rows: p50 ${percentile(openTimes, 50).toFixed(0)} ms (runs: ${openTimes.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.info(`JS heap after open: median ${mb(percentile(heaps, 50))} MiB`);
  console.info(
    `scrolling top to bottom (300 px per frame, ${frames.length} frames): frame p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}
