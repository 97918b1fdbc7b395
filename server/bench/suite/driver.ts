/**
 * One of the bench's client processes (forked by load.ts, several of them), so that the server
 * measured never shares its event loop with the load, and no single load process is the limit of
 * what is measured. Commands arrive over IPC:
 *
 * - connect: open providers (added to those already open), each on its server and document;
 * - reset: forget the last run and expect markers of the next one (every process is reset before
 *   any starts typing, so that no marker arrives at a process still in the previous run);
 * - run: the writers of this process type into their document's text for a while, each edit a
 *   marker "#run.process.writer.n.measured@sentAt;", optionally with a presence update after each;
 *   every client notes the markers it receives and how long they took;
 * - collect: what this process sent and received during the last run (the parent adds them up:
 *   a marker typed in one process is received in all of them);
 * - disconnect: close every provider.
 *
 * A marker carries the time it was typed (performance.timeOrigin + performance.now(), the same
 * clock in every process of the machine), so that a reader in another process times it. Readers
 * find markers in the bytes of each update they apply (a Yjs update carries inserted text as
 * UTF-8), as cheap for a long text as for a short one.
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

/** One client to open in this process. */
export interface ClientSpec {
  server: number;
  name: string;
  /** The document's number across every process. */
  document: number;
  writer: boolean;
}

export type Command =
  | { op: 'connect'; servers: ServerSpec[]; clients: ClientSpec[]; concurrency: number }
  | { op: 'reset'; run: number }
  | {
      op: 'run';
      editsPerSecond: number;
      warmupSeconds: number;
      seconds: number;
      presence: boolean;
    }
  | { op: 'collect' }
  | { op: 'disconnect' }
  | { op: 'exit' };

/** What one process saw of a run. */
export interface ProcessReport {
  /** Markers typed here: key → [document, measured (typed after the warm-up)]. */
  sent: Record<string, [number, boolean]>;
  /** Markers received here: key → number of clients of this process that received it. */
  received: Record<string, number>;
  /** Propagation of the measured markers received here (ms). */
  latencies: number[];
  /** This process's own event-loop delay p99 (ms) and CPU share while measuring. */
  loopP99: number;
  cpu: number;
}

export type Reply =
  { ok: true; connected?: number; report?: ProcessReport } | { ok: false; error: string };

interface Client {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  text: Y.Text;
  document: number;
  writer: number | null;
}

const PROCESS = Number(process.env.BENCH_DRIVER_INDEX ?? 0);
const clients: Client[] = [];
let writerCount = 0;

// Per run.
let runNumber = 0;
let sent: ProcessReport['sent'] = {};
let received: ProcessReport['received'] = {};
let latencies: number[] = [];
let measuring = false;
let loopP99 = NaN;
let cpuShare = NaN;

const now = () => performance.timeOrigin + performance.now();

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

/** run.process.writer.n, measured flag, time typed. */
const MARKER = /#(\d+)\.(\d+\.\d+\.\d+)\.([01])@(\d+(?:\.\d+)?);/g;

function noteMarkers(update: Uint8Array): void {
  const at = now();
  const text = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1');
  for (const match of text.matchAll(MARKER)) {
    if (Number(match[1]) !== runNumber) continue;
    const key = `${match[1]}.${match[2]}`;
    received[key] = (received[key] ?? 0) + 1;
    if (match[3] === '1') latencies.push(at - Number(match[4]));
  }
}

async function openClient(server: ServerSpec, spec: ClientSpec) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: server.wsUrl,
    WebSocketPolyfill: socketClass(server.cookie),
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: spec.name,
    document: doc,
  });
  provider.attach();
  await waitFor(() => provider.isSynced, 120_000, `sync of ${spec.name}`);
  const text = textOf(server.kind, doc);
  doc.on(
    'update',
    (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (!transaction.local) noteMarkers(update);
    },
  );
  // Everyone in the room shows up in presence, like the grid's avatars.
  provider.setAwarenessField('user', { name: `Personne ${clients.length + 1}`, color: '#4a90d9' });
  clients.push({
    provider,
    socket,
    text,
    document: spec.document,
    writer: spec.writer ? writerCount++ : null,
  });
}

async function connect(command: Extract<Command, { op: 'connect' }>): Promise<number> {
  let next = 0;
  const specs = command.clients;
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, specs.length) }, async () => {
      while (next < specs.length) {
        const spec = specs[next++]!;
        await openClient(command.servers[spec.server]!, spec);
      }
    }),
  );
  return clients.length;
}

/** Type for `seconds` after a warm-up; answers when the writers have stopped. */
function reset(run: number): void {
  runNumber = run;
  sent = {};
  received = {};
  latencies = [];
  measuring = false;
}

async function run(command: Extract<Command, { op: 'run' }>): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const writers = clients.filter((client) => client.writer !== null);
  const period = 1000 / command.editsPerSecond;
  const timers: NodeJS.Timeout[] = [];
  const counters = new Map<Client, number>();
  const type = (client: Client) => {
    const n = counters.get(client) ?? 0;
    counters.set(client, n + 1);
    const key = `${runNumber}.${PROCESS}.${client.writer}.${n}`;
    sent[key] = [client.document, measuring];
    client.text.insert(client.text.length, `#${key}.${measuring ? 1 : 0}@${now().toFixed(3)};`);
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
  loopP99 = loop.percentile(99) / 1e6;
  cpuShare = (used.user + used.system) / 1000 / elapsed;
}

function collect(): ProcessReport {
  return { sent, received, latencies, loopP99, cpu: cpuShare };
}

async function disconnect(): Promise<void> {
  for (const client of clients.splice(0)) {
    client.provider.destroy();
    client.socket.destroy();
  }
  writerCount = 0;
  // Let the close frames go out before the next target is measured.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

process.on('message', (command: Command) => {
  const answer = async (): Promise<Reply> => {
    switch (command.op) {
      case 'connect':
        return { ok: true, connected: await connect(command) };
      case 'reset':
        reset(command.run);
        return { ok: true };
      case 'run':
        await run(command);
        return { ok: true };
      case 'collect':
        return { ok: true, report: collect() };
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
