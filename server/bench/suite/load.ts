/**
 * The bench's side of driver.ts: fork the client process, send it commands, await its answers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, DocumentSpec, Reply, RunResult, ServerSpec } from './driver.ts';
import type { BenchServer } from './servers.ts';

export type { DocumentSpec, RunResult };

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'driver.ts');

export class Driver {
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  static start(): Driver {
    return new Driver(fork(DRIVER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  private request(command: Command): Promise<Reply & { ok: true }> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`driver exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: Reply) => {
        this.child.off('exit', onExit);
        if (reply.ok) resolve(reply);
        else reject(new Error(reply.error));
      });
      this.child.send(command);
    });
  }

  /** Open the documents' clients (in addition to those already open); answers the total. */
  async connect(servers: BenchServer[], documents: DocumentSpec[], concurrency = 50) {
    const specs: ServerSpec[] = servers.map((s) => ({
      wsUrl: s.wsUrl,
      cookie: s.cookie,
      kind: s.kind,
    }));
    return (await this.request({ op: 'connect', servers: specs, documents, concurrency }))
      .connected!;
  }

  async run(options: Omit<Extract<Command, { op: 'run' }>, 'op'>): Promise<RunResult> {
    return (await this.request({ op: 'run', ...options })).result!;
  }

  async disconnect(): Promise<void> {
    await this.request({ op: 'disconnect' });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ op: 'exit' } satisfies Command);
    await exited;
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
