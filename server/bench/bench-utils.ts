/**
 * Shared pieces of the server benchmarks: start Pilotis or a bare Hocuspocus server as a child
 * process (through the repository's one launcher, test/spawn.ts), and measure edit propagation
 * across connected clients.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { launchPilotis, spawnWithPort } from '../test/spawn.ts';
import WebSocket from 'ws';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { readRows, rowText } from '@pilotis/shared';

export const CLIENTS = 10;
export const EDITS = Number(process.env.BENCH_EDITS ?? 300);
export const INTERVAL_MS = 15;
const here = path.dirname(fileURLToPath(import.meta.url));

export interface Target {
  name: string;
  /** Session cookie the clients present (Pilotis needs a signed-in member). */
  cookie?: string;
  wsUrl: string;
  /** HTTP base and cycle id, for Pilotis targets (exports while measuring). */
  httpUrl?: string;
  cycleId?: string;
  documentName: string;
  /** The Y.Text every client watches, in a given client's doc. */
  text(doc: Y.Doc): Y.Text;
  stop(): Promise<void>;
}

/** The Pilotis server as `npm start` runs it, with one signed-in person owning one cycle. */
export async function pilotisTarget(): Promise<Target> {
  // BENCH_DATABASE_URL: run against an (empty) PostgreSQL database instead of PGlite.
  const server = await launchPilotis({ DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '' });
  const base = server.httpUrl;
  let cookie = '';
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('pilotis_session='));
    if (session) cookie = session.split(';')[0]!;
    return (await response.json()) as { id: string; documentName: string };
  };
  await post(`${base}/api/auth/signup`, {
    email: 'banc@example.org',
    password: 'banc d’essai',
    name: 'Banc',
  });
  const organisation = await post(`${base}/api/organisations`, { name: 'Banc d’essai' });
  const cycle = await post(`${base}/api/organisations/${organisation.id}/cycles`, { year: 2026 });
  return {
    name: process.env.BENCH_DATABASE_URL
      ? 'Pilotis (PostgreSQL, update log)'
      : 'Pilotis (PGlite, update log)',
    cookie,
    wsUrl: server.wsUrl,
    httpUrl: base,
    cycleId: cycle.id,
    documentName: cycle.documentName,
    text: (doc) => rowText(doc, readRows(doc)[0]!.id, 'baseline'),
    stop: server.stop,
  };
}

export async function bareTarget(): Promise<Target> {
  const { port, stop } = await spawnWithPort(
    {},
    path.join(here, 'bare-hocuspocus.ts'),
    /listening on (\d+)/,
  );
  return {
    name: 'bare Hocuspocus (memory)',
    wsUrl: `ws://127.0.0.1:${port}`,
    documentName: 'bench',
    text: (doc) => doc.getText('bench'),
    stop,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('bench timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A provider connected to `target` as its signed-in person. */
export function connect(target: Target, doc: Y.Doc) {
  const cookie = target.cookie;
  const socket = new HocuspocusProviderWebsocket({
    url: target.wsUrl,
    WebSocketPolyfill: cookie
      ? class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers: { cookie } });
          }
        }
      : globalThis.WebSocket,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: target.documentName,
    document: doc,
  });
  provider.attach();
  return { provider, socket };
}

export async function measure(
  target: Target,
): Promise<{ p50: number; p95: number; max: number; samples: number }> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const doc = new Y.Doc();
      const { provider, socket } = connect(target, doc);
      await waitUntil(() => provider.isSynced);
      return { doc, provider, socket };
    }),
  );
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let received = 0;
  for (const receiver of clients.slice(1)) {
    target.text(receiver.doc).observe((event) => {
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const match of op.insert.matchAll(/#(\d+);/g)) {
          const sent = sentAt.get(Number(match[1]));
          if (sent !== undefined) {
            latencies.push(now - sent);
            received++;
          }
        }
      }
    });
  }
  const writer = clients[0]!;
  const text = target.text(writer.doc);
  for (let i = 0; i < EDITS; i++) {
    sentAt.set(i, performance.now());
    text.insert(text.length, `#${i};`);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await waitUntil(() => received >= EDITS * (CLIENTS - 1));
  for (const client of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.at(-1)!,
    samples: latencies.length,
  };
}
