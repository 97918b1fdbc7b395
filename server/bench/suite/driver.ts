/**
 * The bench's clients, in their own process (forked by load.ts), so that the server measured
 * never shares its event loop with the load. Commands arrive over IPC:
 *
 * - connect: open providers (added to those already open), each on its server and document;
 * - run: the writers type into their document's text for a while, each edit a marker "#run.writer.n;",
 *   optionally with a presence update after each; every other client of the document times the
 *   marker's arrival. Answers latency percentiles and reach (markers delivered / markers × readers);
 * - disconnect: close every provider.
 *
 * Latency is measured inside this one process (writer and readers share its clock): it includes
 * this process decoding the message for every reader before the last one sees it, as it does for
 * the floor.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { readRows, rowText } from '@pilotis/shared';

export interface ServerSpec {
  wsUrl: string;
  cookie?: string;
  kind: 'pilotis' | 'floor';
}

export interface DocumentSpec {
  name: string;
  /** Index in `servers` for each client of the document; writers first. */
  clients: number[];
  writers: number;
}

export type Command =
  | { op: 'connect'; servers: ServerSpec[]; documents: DocumentSpec[]; concurrency: number }
  | {
      op: 'run';
      editsPerSecond: number;
      warmupSeconds: number;
      seconds: number;
      presence: boolean;
      drainSeconds: number;
    }
  | { op: 'disconnect' }
  | { op: 'exit' };

export interface RunResult {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Markers delivered to readers / markers sent × readers of their document. */
  reach: number;
  sent: number;
  /** Edits typed in the measured window (after the warm-up). */
  measuredSent: number;
  /** This process's own event-loop delay p99 (ms) and CPU share: is the load generator the limit? */
  driverLoopP99: number;
  driverCpu: number;
}

export type Reply =
  { ok: true; connected?: number; result?: RunResult } | { ok: false; error: string };

interface Client {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  text: Y.Text;
  document: number;
  writer: number | null;
}

const clients: Client[] = [];
/** Readers of each document (clients minus the writer itself, counted per marker). */
const clientsPerDocument: number[] = [];
let documentCount = 0;
let writerCount = 0;

// Per run: when each marker was typed, by whom, and how many readers got it.
let sentAt = new Map<string, { at: number; document: number; measured: boolean }>();
let received = new Map<string, number>();
let latencies: number[] = [];
let measuring = false;

function socketClass(cookie: string | undefined) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  };
}

function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const poll = () => {
      if (condition()) resolve();
      else if (performance.now() > deadline) reject(new Error(`timed out: ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

function textOf(kind: ServerSpec['kind'], doc: Y.Doc): Y.Text {
  // Pilotis: the first row's état des lieux, as people type in the grid; the floor: a plain text.
  return kind === 'pilotis' ? rowText(doc, readRows(doc)[0]!.id, 'baseline') : doc.getText('bench');
}

const MARKER = /#(\d+\.\d+\.\d+);/g;
let runNumber = 0;

async function openClient(server: ServerSpec, name: string, document: number, writer: boolean) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: server.wsUrl,
    WebSocketPolyfill: socketClass(server.cookie),
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
  provider.attach();
  await waitFor(() => provider.isSynced, 120_000, `sync of ${name}`);
  const text = textOf(server.kind, doc);
  const client: Client = {
    provider,
    socket,
    text,
    document,
    writer: writer ? writerCount++ : null,
  };
  text.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const match of op.insert.matchAll(MARKER)) {
        const key = match[1]!;
        const sent = sentAt.get(key);
        if (!sent) continue;
        received.set(key, (received.get(key) ?? 0) + 1);
        if (sent.measured) latencies.push(now - sent.at);
      }
    }
  });
  // Everyone in the room shows up in presence, like the grid's avatars.
  provider.setAwarenessField('user', { name: `Personne ${clients.length + 1}`, color: '#4a90d9' });
  clients.push(client);
}

async function connect(command: Extract<Command, { op: 'connect' }>): Promise<number> {
  const jobs: (() => Promise<void>)[] = [];
  for (const spec of command.documents) {
    const document = documentCount++;
    clientsPerDocument[document] = spec.clients.length;
    spec.clients.forEach((serverIndex, i) => {
      jobs.push(() =>
        openClient(command.servers[serverIndex]!, spec.name, document, i < spec.writers),
      );
    });
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
  return clients.length;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

async function run(command: Extract<Command, { op: 'run' }>): Promise<RunResult> {
  runNumber++;
  sentAt = new Map();
  received = new Map();
  latencies = [];
  measuring = false;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const writers = clients.filter((client) => client.writer !== null);
  const period = 1000 / command.editsPerSecond;
  const timers: NodeJS.Timeout[] = [];
  const counters = new Map<Client, number>();
  const type = (client: Client) => {
    const n = counters.get(client) ?? 0;
    counters.set(client, n + 1);
    const key = `${runNumber}.${client.writer}.${n}`;
    sentAt.set(key, { at: performance.now(), document: client.document, measured: measuring });
    client.text.insert(client.text.length, `#${key};`);
    if (command.presence) {
      client.provider.setAwarenessField('cursor', { index: client.text.length, n });
    }
  };
  // Each writer types at its own steady pace, their phases spread over one period.
  for (const writer of writers) {
    const start = setTimeout(() => {
      type(writer);
      timers.push(setInterval(() => type(writer), period));
    }, Math.random() * period);
    timers.push(start);
  }
  await new Promise((resolve) => setTimeout(resolve, command.warmupSeconds * 1000));
  measuring = true;
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, command.seconds * 1000));
  for (const timer of timers) clearTimeout(timer);
  const used = process.cpuUsage(cpu);
  const elapsed = performance.now() - started;
  loop.disable();
  measuring = false;
  const expected = () => {
    let total = 0;
    for (const sent of sentAt.values()) total += clientsPerDocument[sent.document]! - 1;
    return total;
  };
  const delivered = () => {
    let total = 0;
    for (const [key, count] of received) {
      const sent = sentAt.get(key)!;
      total += Math.min(count, clientsPerDocument[sent.document]! - 1);
    }
    return total;
  };
  const goal = expected();
  await waitFor(() => delivered() >= goal, command.drainSeconds * 1000, 'drain').catch(() => {});
  latencies.sort((a, b) => a - b);
  return {
    samples: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    reach: goal === 0 ? NaN : delivered() / goal,
    sent: sentAt.size,
    measuredSent: [...sentAt.values()].filter((sent) => sent.measured).length,
    driverLoopP99: loop.percentile(99) / 1e6,
    driverCpu: (used.user + used.system) / 1000 / elapsed,
  };
}

async function disconnect(): Promise<void> {
  for (const client of clients.splice(0)) {
    client.provider.destroy();
    client.socket.destroy();
  }
  clientsPerDocument.length = 0;
  documentCount = 0;
  writerCount = 0;
  // Let the close frames go out before the next target is measured.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

process.on('message', (command: Command) => {
  const answer = async (): Promise<Reply> => {
    switch (command.op) {
      case 'connect':
        return { ok: true, connected: await connect(command) };
      case 'run':
        return { ok: true, result: await run(command) };
      case 'disconnect':
        await disconnect();
        return { ok: true };
      case 'exit':
        process.exit(0);
    }
  };
  answer().then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ ok: false, error: String(error) } satisfies Reply),
  );
});
