/**
 * Sections (issue 11): two clients typing at the same time in one paragraph of « Notre démarche »,
 * in a cycle holding 40 sections of about 500 words each (the 28 standard and per-theme sections
 * plus 12 of the group's own). For each keystroke, the time until the other client has it.
 * Pilotis as `npm start` runs it (PGlite, update log on every edit), loopback.
 *
 *   node bench/sections.bench.ts      (part of `npm run bench`)
 */
import * as Y from 'yjs';
import { ROOT, SECTION_BODY, readCycle } from '@pilotis/shared';
import { connect, percentile, pilotisTarget, waitUntil } from './bench-utils.ts';
import { fillSections } from './big-cycle.ts';

const SECTIONS = Number(process.env.BENCH_SECTIONS ?? 40);
const WORDS_PER_SECTION = Number(process.env.BENCH_WORDS ?? 500);
const KEYSTROKES = Number(process.env.BENCH_EDITS ?? 200);
const INTERVAL_MS = 30;

const target = await pilotisTarget();
try {
  // Fill the cycle: 40 sections of ~500 words.
  const filler = new Y.Doc();
  const fill = connect(target, filler);
  await waitUntil(() => fill.provider.isSynced);
  fillSections(filler, SECTIONS, WORDS_PER_SECTION);
  await waitUntil(() => !fill.provider.hasUnsyncedChanges, 60_000);
  fill.provider.destroy();
  fill.socket.destroy();

  const clients = await Promise.all(
    ['A', 'B'].map(async (name) => {
      const doc = new Y.Doc();
      const { provider, socket } = connect(target, doc);
      await waitUntil(() => provider.isSynced, 60_000);
      const model = readCycle(doc);
      const method = model.sections.find((section) => section.kind === 'method')!;
      const body = doc
        .getMap<Y.Map<unknown>>(ROOT.sections)
        .get(method.id)!
        .get(SECTION_BODY) as Y.XmlFragment;
      const paragraph = body.get(0) as Y.XmlElement;
      const text = paragraph.get(0) as Y.XmlText;
      return {
        name,
        doc,
        provider,
        socket,
        text,
        words: model.sections.reduce((n, s) => n + s.paragraphs.join(' ').split(/\s+/).length, 0),
      };
    }),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const receiver of clients) {
    receiver.text.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const match of op.insert.matchAll(/#([AB]\d+);/g)) {
          const sent = sentAt.get(match[1]!);
          if (sent !== undefined) latencies.push(now - sent);
        }
      }
    });
  }
  // Both type into the same paragraph at once, each at its own caret (start / middle).
  for (let i = 0; i < KEYSTROKES; i++) {
    for (const client of clients) {
      const key = `${client.name}${i}`;
      const at = client.name === 'A' ? Math.min(i * 6, client.text.length) : client.text.length;
      sentAt.set(key, performance.now());
      client.text.insert(at, `#${key};`);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await waitUntil(() => latencies.length >= KEYSTROKES * 2, 60_000);
  const [a, b] = clients;
  const same = a!.text.toString() === b!.text.toString();
  latencies.sort((x, y) => x - y);
  console.info(
    `\nSections — 2 clients typing in one paragraph, ${SECTIONS} sections, ~${a!.words} words in the cycle, ${KEYSTROKES} keystrokes each every ${INTERVAL_MS} ms, loopback`,
  );
  console.info(
    'target                          p50 (ms)   p95 (ms)   max (ms)   samples   converged',
  );
  console.info(
    `${target.name.padEnd(31)} ${percentile(latencies, 50).toFixed(2).padStart(8)}   ${percentile(latencies, 95).toFixed(2).padStart(8)}   ${latencies.at(-1)!.toFixed(2).padStart(8)}   ${String(latencies.length).padStart(7)}   ${same ? 'yes' : 'NO'}`,
  );
  for (const client of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
} finally {
  await target.stop();
}
process.exit(0);
