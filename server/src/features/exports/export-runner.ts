/**
 * Renders exports in a child process. Laying out a 600-row PDF takes a CPU for a second; on the
 * main thread it would stall every live editing session of the instance, and even on a worker
 * thread it competes with the main thread for the machine's cores. A child process can be given
 * the lowest scheduling priority, so typing always wins. One long-lived renderer (fonts and
 * libraries loaded once) takes jobs one at a time from a queue; if it dies (crash, out of memory,
 * job over time) only the job it was running fails and the next job starts a new one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { ExportModel } from '@pilotis/shared';
import type { DossierOptions } from './pdf.ts';

export type ExportKind = 'xlsx' | 'pdf' | 'synthesis' | 'docx' | 'synthesis-docx';

/** What the main thread posts to the worker. */
export interface ExportJob {
  id: number;
  kind: ExportKind;
  model: ExportModel;
  options?: DossierOptions;
}

/** What the renderer sends back. */
export type ExportReply =
  { id: number; ok: true; data: Uint8Array } | { id: number; ok: false; message: string };

export interface ExportRunnerOptions {
  /** The worker module; defaults to export-worker.ts beside this file (tests pass a fixture). */
  workerUrl?: URL;
  /** A job running longer is abandoned and its worker replaced; default 120 s. */
  jobTimeoutMs?: number;
  /** Heap limit of the renderer, so a runaway render cannot exhaust the machine; default 1024 MB. */
  maxOldGenerationSizeMb?: number;
  /** Scheduling priority of the renderer (19 = lowest, the default; 0 = same as the server). */
  niceness?: number;
}

export interface ExportRunner {
  /** Render one export; jobs run one after another in submission order. */
  run(kind: ExportKind, model: ExportModel, options?: DossierOptions): Promise<Buffer>;
  /** Reject waiting jobs and stop the worker; the runner refuses new jobs afterwards. */
  close(): Promise<void>;
}

interface PendingJob {
  job: ExportJob;
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
}

const failure = (detail: string) => new Error(`Le rendu de l’export a échoué : ${detail}`);

/** A runner with its own worker; most callers want the shared one behind `runExport`. */
export function createExportRunner(options: ExportRunnerOptions = {}): ExportRunner {
  const workerUrl = options.workerUrl ?? new URL('./export-worker.ts', import.meta.url);
  const jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const queue: PendingJob[] = [];
  let current: PendingJob | null = null;
  let worker: ChildProcess | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** Why the running job's worker stopped, when it was not a clean reply. */
  let stopReason: string | null = null;
  let closed = false;
  let nextId = 1;

  const finish = (outcome: { data: Buffer } | { error: Error }) => {
    const pending = current;
    current = null;
    if (timer) clearTimeout(timer);
    timer = null;
    // An idle renderer must not keep the server process alive on its own.
    worker?.unref();
    worker?.channel?.unref();
    if (pending) {
      if ('data' in outcome) pending.resolve(outcome.data);
      else pending.reject(outcome.error);
    }
    pump();
  };

  const startWorker = (): ChildProcess => {
    const started = fork(workerUrl, [], {
      // Inherit the process's Node flags except one that only makes sense for an inline script.
      execArgv: [
        ...process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
        `--max-old-space-size=${options.maxOldGenerationSizeMb ?? 1024}`,
      ],
      // Structured clone over the IPC channel: byte arrays and nested models arrive intact.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (started.pid !== undefined) {
      try {
        setPriority(started.pid, options.niceness ?? 19);
      } catch {
        // Not permitted on this system: the renderer runs at normal priority.
      }
    }
    started.on('message', (message: unknown) => {
      const reply = message as ExportReply;
      if (!current || reply.id !== current.job.id) return;
      if (reply.ok) {
        const data = reply.data;
        finish({ data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
      } else {
        finish({ error: failure(reply.message) });
      }
    });
    started.on('error', (error) => {
      stopReason ??= error.message;
    });
    started.on('exit', (code, signal) => {
      // Only the live renderer's exit concerns the running job (a job never outlives it).
      if (worker !== started) return;
      worker = null;
      const reason =
        stopReason ?? `le processus de rendu s’est arrêté (${signal ?? `code ${code}`})`;
      stopReason = null;
      if (current) finish({ error: failure(reason) });
    });
    return started;
  };

  const pump = () => {
    if (closed || current) return;
    const next = queue.shift();
    if (!next) return;
    current = next;
    worker ??= startWorker();
    worker.ref();
    worker.channel?.ref();
    const running = worker;
    timer = setTimeout(() => {
      stopReason = `délai de ${Math.round(jobTimeoutMs / 1000)} s dépassé`;
      running.kill('SIGKILL');
    }, jobTimeoutMs);
    try {
      running.send(next.job);
    } catch (error) {
      // A model that cannot be cloned never reaches the worker: fail this job alone.
      finish({ error: failure((error as Error).message) });
    }
  };

  return {
    run(kind, model, jobOptions) {
      if (closed) return Promise.reject(failure('le service d’export est arrêté'));
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ job: { id: nextId++, kind, model, options: jobOptions }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) {
        pending.reject(failure('le service d’export est arrêté'));
      }
      const running = worker;
      if (running) {
        // The exit handler fails the job that was running, with this reason.
        stopReason = 'le service d’export est arrêté';
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGKILL');
        await exited;
      }
    },
  };
}

let shared: ExportRunner | null = null;

/**
 * Render an export off the main thread: 'xlsx' (renderWorkbook), 'pdf' (renderDossier, with its
 * options) or 'synthesis' (renderSynthesis). The shared worker starts on first use.
 */
export function runExport(
  kind: ExportKind,
  model: ExportModel,
  options?: DossierOptions,
): Promise<Buffer> {
  shared ??= createExportRunner();
  return shared.run(kind, model, options);
}

/** Stop the shared worker (server shutdown); a later runExport starts a fresh one. */
export async function closeExportRunner(): Promise<void> {
  const runner = shared;
  shared = null;
  await runner?.close();
}
