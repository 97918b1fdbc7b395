/**
 * Memory and document counts of a server under benchmark, asked over the IPC channel the launcher
 * opens (`spawnWithPort(..., { ipc: true })`): the bench sends "stats", the server answers after a
 * full garbage collection when it runs with --expose-gc ("counts": the same without it).
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
    if (message !== 'stats' && message !== 'counts') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message === 'stats') {
      gc?.();
      gc?.();
    }
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

/**
 * In the bench: ask a server started with an IPC channel. `collect: false` skips the garbage
 * collection (for polling the counts without slowing the server down).
 */
export function askStats(child: ChildProcess, collect = true): Promise<ProbeStats> {
  return new Promise((resolve) => {
    child.once('message', (stats) => resolve(stats as ProbeStats));
    child.send(collect ? 'stats' : 'counts');
  });
}
