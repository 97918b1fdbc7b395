/**
 * Memory and document counts of a server under benchmark, asked over the IPC channel the launcher
 * opens (`spawnWithPort(..., { ipc: true })`): the bench sends "stats", the server answers after a
 * full garbage collection when it runs with --expose-gc.
 */
import type { ChildProcess } from 'node:child_process';

export interface ProbeStats {
  /** Resident set size, bytes. */
  rss: number;
  /** V8 heap in use, bytes. */
  heapUsed: number;
  /** Memory held outside the V8 heap (buffers), bytes. */
  external: number;
  /** Documents loaded in memory. */
  documents: number;
  /** Open document connections. */
  connections: number;
}

/** In the server: answer "stats" with `counts()` and the process's memory. */
export function answerStats(counts: () => { documents: number; connections: number }): void {
  process.on('message', (message) => {
    if (message !== 'stats') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const memory = process.memoryUsage();
    const stats: ProbeStats = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      ...counts(),
    };
    process.send?.(stats);
  });
}

/** In the bench: ask a server started with an IPC channel. */
export function askStats(child: ChildProcess): Promise<ProbeStats> {
  return new Promise((resolve) => {
    child.once('message', (stats) => resolve(stats as ProbeStats));
    child.send('stats');
  });
}
