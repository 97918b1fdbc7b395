/**
 * The bench's side of driver.ts: fork the client processes, spread every room's clients over them,
 * send them commands, and add up what they saw.
 *
 * One process cannot play 150 people: each client applies every edit and every presence change
 * (150 × 60 a second in an AG), work that 150 laptops share. A single load process ran at 95–100 %
 * of a core and its own queue became most of the latency measured (its event-loop delay p99 was
 * 90–216 ms, for Pilotis and the floor alike). The AG's load is therefore split over 3 processes.
 * More processes than needed cost too: on this 2-core machine, 3 of them for scenario 1 (which one
 * process drives at 45 % of a core) doubled the floor's own p99 through contention for the cores.
 * Each scenario says how many it needs (BENCH_DRIVERS overrides), and every round reports the
 * busiest process's CPU so that a saturated load generator shows.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientSpec, Command, ProcessReport, Reply, ServerSpec } from './driver.ts';
import type { BenchServer } from './servers.ts';
import { setting } from './report.ts';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'driver.ts');
/** BENCH_DRIVERS, when set, overrides every scenario's number of load processes. */
const PROCESSES = process.env.BENCH_DRIVERS ? setting('BENCH_DRIVERS', 1) : null;

/** A document and its clients: index in `servers` for each client, writers first. */
export interface DocumentSpec {
  name: string;
  clients: number[];
  writers: number;
}

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
  /** The busiest load process's event-loop delay p99 (ms) and CPU share: is the load the limit? */
  driverLoopP99: number;
  driverCpu: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

class Child {
  private readonly process: ChildProcess;

  constructor(index: number) {
    this.process = fork(DRIVER, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_DRIVER_INDEX: String(index) },
    });
  }

  request(command: Command): Promise<Reply & { ok: true }> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`driver exited (${code})`));
      this.process.once('exit', onExit);
      this.process.once('message', (reply: Reply) => {
        this.process.off('exit', onExit);
        if (reply.ok) resolve(reply);
        else reject(new Error(reply.error));
      });
      this.process.send(command);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.send({ op: 'exit' } satisfies Command);
    await exited;
  }
}

export class Driver {
  private readonly children: Child[];
  /** Clients of each document, over every process (readers of a marker: this minus its writer). */
  private readonly clientsPerDocument: number[] = [];
  private runs = 0;

  private constructor(children: Child[]) {
    this.children = children;
  }

  /** `processes` load processes (1 unless the scenario needs more; BENCH_DRIVERS overrides). */
  static start(processes = 1): Driver {
    const count = PROCESSES ?? processes;
    return new Driver(Array.from({ length: count }, (_, i) => new Child(i)));
  }

  get processes(): number {
    return this.children.length;
  }

  /**
   * Open the documents' clients (in addition to those already open), each room's clients dealt
   * in turn to the processes (writers too); answers the total.
   */
  async connect(servers: BenchServer[], documents: DocumentSpec[], concurrency = 50) {
    const specs: ServerSpec[] = servers.map((s) => ({
      wsUrl: s.wsUrl,
      cookie: s.cookie,
      kind: s.kind,
    }));
    const dealt: ClientSpec[][] = this.children.map(() => []);
    let turn = 0;
    for (const spec of documents) {
      const document = this.clientsPerDocument.length;
      this.clientsPerDocument.push(spec.clients.length);
      spec.clients.forEach((server, i) => {
        dealt[turn++ % dealt.length]!.push({
          server,
          name: spec.name,
          document,
          writer: i < spec.writers,
        });
      });
    }
    const each = Math.max(1, Math.ceil(concurrency / this.children.length));
    const counts = await Promise.all(
      this.children.map((child, i) =>
        child.request({ op: 'connect', servers: specs, clients: dealt[i]!, concurrency: each }),
      ),
    );
    return counts.reduce((sum, reply) => sum + reply.connected!, 0);
  }

  /**
   * Type in every process at once, then wait (up to `drainSeconds`) until every marker reached
   * every other client of its document, and add up the processes' reports.
   */
  async run(options: {
    editsPerSecond: number;
    warmupSeconds: number;
    seconds: number;
    presence: boolean;
    drainSeconds: number;
  }): Promise<RunResult> {
    const run = ++this.runs;
    await Promise.all(this.children.map((child) => child.request({ op: 'reset', run })));
    await Promise.all(this.children.map((child) => child.request({ op: 'run', ...options })));
    const deadline = performance.now() + options.drainSeconds * 1000;
    let reports: ProcessReport[];
    let goal = 0;
    let delivered = 0;
    for (;;) {
      reports = await Promise.all(
        this.children.map(async (child) => (await child.request({ op: 'collect' })).report!),
      );
      const received = new Map<string, number>();
      for (const report of reports) {
        for (const [key, count] of Object.entries(report.received)) {
          received.set(key, (received.get(key) ?? 0) + count);
        }
      }
      goal = 0;
      delivered = 0;
      for (const report of reports) {
        for (const [key, [document]] of Object.entries(report.sent)) {
          const readers = this.clientsPerDocument[document]! - 1;
          goal += readers;
          delivered += Math.min(received.get(key) ?? 0, readers);
        }
      }
      if (delivered >= goal || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latencies = reports.flatMap((report) => report.latencies).sort((a, b) => a - b);
    const sent = reports.flatMap((report) => Object.values(report.sent));
    return {
      samples: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      reach: goal === 0 ? NaN : delivered / goal,
      sent: sent.length,
      measuredSent: sent.filter(([, measured]) => measured).length,
      driverLoopP99: Math.max(...reports.map((report) => report.loopP99)),
      driverCpu: Math.max(...reports.map((report) => report.cpu)),
    };
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.children.map((child) => child.request({ op: 'disconnect' })));
    this.clientsPerDocument.length = 0;
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => child.stop()));
  }
}

/** `count` documents named by `name(i)`, each with `clients` clients on server 0, `writers` typing. */
export function rooms(
  names: string[],
  clients: number,
  writers: number,
  serverOf: (client: number) => number = () => 0,
): DocumentSpec[] {
  return names.map((name) => ({
    name,
    writers,
    clients: Array.from({ length: clients }, (_, i) => serverOf(i)),
  }));
}
