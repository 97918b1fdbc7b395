/**
 * Renders exports in a child process. Laying out a 600-row PDF takes a CPU for a second; on the
 * main thread it would stall every live editing session of the instance, and even on a worker
 * thread it competes with the main thread for the machine's cores. A child process can be given
 * the lowest scheduling priority, so typing always wins. One long-lived renderer (fonts and
 * libraries loaded once) takes jobs one at a time from a queue; if it dies (crash, out of memory,
 * job over time) only the job it was running fails and the next job starts a new one.
 *
 * Fairness (issue 18 #4): waiting jobs are kept per organisation and taken in turn, so one
 * organisation's queue of large PDFs cannot delay another's small workbook by more than one job;
 * a person may have at most `maxJobsPerPerson` jobs waiting or running (429 beyond).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { CycleModel, ExportInfo, ExportModel } from '@pilotis/shared';
import { AppError } from '../../errors.ts';
import type { DossierOptions } from './pdf.ts';

export type ExportKind = 'xlsx' | 'pdf' | 'synthesis' | 'docx' | 'synthesis-docx';

/**
 * What an export is made from: the render-ready model, or the cycle and its export details, in
 * which case the renderer builds the model itself (off the server's thread, issue 18 #7).
 */
export type ExportSource = ExportModel | { cycle: CycleModel; info: ExportInfo };

/** What the main thread posts to the worker. */
export interface ExportJob {
  id: number;
  kind: ExportKind;
  source: ExportSource;
  options?: DossierOptions;
}

/** Who asked for an export, for the fair queue. */
export interface ExportRequester {
  organisationId: string;
  userId: string;
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
  /** Jobs one person may have waiting or running at once (default 2). */
  maxJobsPerPerson?: number;
}

export interface ExportRunner {
  /**
   * Render one export. Jobs run one at a time; organisations take turns, and within one
   * organisation jobs run in submission order.
   */
  run(
    kind: ExportKind,
    source: ExportSource,
    options?: DossierOptions,
    requester?: ExportRequester,
  ): Promise<Buffer>;
  /** Reject waiting jobs and stop the worker; the runner refuses new jobs afterwards. */
  close(): Promise<void>;
}

interface PendingJob {
  job: ExportJob;
  requester: ExportRequester | null;
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
}

/** A render that could not be made: 503, the person may try again. */
const failure = (detail: string) =>
  new AppError(503, 'export_failed', `Le rendu de l’export a échoué : ${detail}`);

const busy = () =>
  new AppError(
    429,
    'too_many_exports',
    'Vous avez déjà des exports en cours : attendez qu’ils soient prêts avant d’en demander d’autres.',
  );

/**
 * A runner with its own worker, started on first use. The app has one (`app.exportRunner`, see
 * plugins/export-runner.plugin.ts): 'xlsx' (renderWorkbook), 'pdf' (renderDossier, with its options),
 * 'synthesis' (renderSynthesis) and 'docx'.
 */
export function createExportRunner(options: ExportRunnerOptions = {}): ExportRunner {
  const workerUrl = options.workerUrl ?? new URL('./export-worker.ts', import.meta.url);
  const jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const maxJobsPerPerson = options.maxJobsPerPerson ?? 2;
  /** Waiting jobs per organisation; the Map's order is the turn order. */
  const queues = new Map<string, PendingJob[]>();
  /** Jobs waiting or running per person. */
  const perPerson = new Map<string, number>();
  const countPerson = (pending: PendingJob, delta: number) => {
    if (!pending.requester) return;
    const key = pending.requester.userId;
    const count = (perPerson.get(key) ?? 0) + delta;
    if (count > 0) perPerson.set(key, count);
    else perPerson.delete(key);
  };
  /** The next job: the first of the organisation whose turn it is, which then goes last. */
  const takeNext = (): PendingJob | undefined => {
    for (const [organisation, waiting] of queues) {
      const next = waiting.shift();
      queues.delete(organisation);
      if (waiting.length > 0) queues.set(organisation, waiting);
      if (next) return next;
    }
    return undefined;
  };
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
      countPerson(pending, -1);
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
    const next = takeNext();
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
    run(kind, source, jobOptions, requester) {
      if (closed) return Promise.reject(failure('le service d’export est arrêté'));
      if (requester && (perPerson.get(requester.userId) ?? 0) >= maxJobsPerPerson) {
        return Promise.reject(busy());
      }
      return new Promise<Buffer>((resolve, reject) => {
        const pending: PendingJob = {
          job: { id: nextId++, kind, source, options: jobOptions },
          requester: requester ?? null,
          resolve,
          reject,
        };
        countPerson(pending, 1);
        const organisation = requester?.organisationId ?? '';
        const waiting = queues.get(organisation) ?? [];
        waiting.push(pending);
        queues.set(organisation, waiting);
        pump();
      });
    },
    async close() {
      closed = true;
      const waiting = [...queues.values()].flat();
      queues.clear();
      for (const pending of waiting) {
        countPerson(pending, -1);
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
