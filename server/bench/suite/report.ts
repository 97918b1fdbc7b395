/**
 * What every scenario shares: settings from the environment, interleaved rounds against Pilotis
 * and its floor, medians, and the printed table (Pilotis, floor, ratio, target, pass/fail).
 */
import os from 'node:os';
import type { Driver, RunResult } from './load.ts';
import type { BenchServer, LoopStats } from './servers.ts';

/** A whole number from the environment (BENCH_ROUNDS…), or its default. */
export function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** Rounds per scenario (each measures Pilotis and the floor once, in alternating order). */
export const ROUNDS = setting('BENCH_ROUNDS', 3);
/** Seconds measured per round, after a warm-up. */
export const SECONDS = setting('BENCH_SECONDS', 8);
export const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 2);

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Measured extends RunResult {
  /** The server's event loop and CPU over the measured seconds. */
  loop: LoopStats;
  /** Every measured server's, in the order given. */
  loops: LoopStats[];
  /** The first server's CPU time per edit typed (ms): its work for the edit and its fan-out. */
  cpuPerEdit: number;
}

/**
 * One measured run of the connected clients, with the servers' event loops over the same window
 * (`loop` is the first server's).
 */
export async function measure(
  driver: Driver,
  server: BenchServer | BenchServer[],
  options: { editsPerSecond: number; presence: boolean; seconds?: number },
): Promise<Measured> {
  const servers = Array.isArray(server) ? server : [server];
  const seconds = options.seconds ?? SECONDS;
  const running = driver.run({
    editsPerSecond: options.editsPerSecond,
    presence: options.presence,
    warmupSeconds: WARMUP_SECONDS,
    seconds,
    drainSeconds: 15,
  });
  await sleep(WARMUP_SECONDS * 1000);
  await Promise.all(servers.map((s) => s.resetLoop()));
  await sleep(seconds * 1000);
  const loops = await Promise.all(servers.map((s) => s.readLoop()));
  const result = await running;
  // Work per edit holds better than latency on a shared machine (the server gets less CPU, but
  // needs the same amount per edit).
  const cpuPerEdit = (loops[0]!.cpu * seconds * 1000) / result.measuredSent;
  return { ...result, loop: loops[0]!, loops, cpuPerEdit };
}

/** Rounds alternating which target goes first; `round` measures one target once. */
export async function interleave<T>(
  targets: string[],
  round: (target: string, index: number) => Promise<T>,
): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(targets.map((t) => [t, []]));
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const value = await round(target, i);
      results.get(target)!.push(value);
      console.info(`  round ${i + 1} ${target}: ${describe(value)}`);
    }
  }
  return results;
}

function describe(value: unknown): string {
  const m = value as Partial<Measured>;
  if (m.p99 === undefined) return JSON.stringify(value);
  return (
    `p50 ${fmt(m.p50!)} p95 ${fmt(m.p95!)} p99 ${fmt(m.p99)} max ${fmt(m.max!)} ms, ` +
    `reach ${pct(m.reach!)}, ${m.samples} samples, server loop p99 ${fmt(m.loop!.p99)} ms ` +
    `cpu ${pct(m.loop!.cpu)} (${fmt(m.cpuPerEdit!)} ms/edit), driver loop p99 ${fmt(m.driverLoopP99!)} ms cpu ${pct(m.driverCpu!)}`
  );
}

export const fmt = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(n >= 100 ? 0 : 2));
export const pct = (n: number) => (Number.isNaN(n) ? '—' : `${(n * 100).toFixed(n < 1 ? 2 : 0)} %`);

export interface Row {
  metric: string;
  pilotis: number;
  floor?: number;
  format?: (n: number) => string;
  target?: string;
  pass?: boolean;
}

/** The scenario's table, with the machine's load so that figures are read with it. */
export function printTable(
  title: string,
  rows: Row[],
  labels: [string, string] = ['Pilotis', 'floor'],
): void {
  const [one, five] = os.loadavg();
  console.info(`\n${title}`);
  console.info(
    `(${os.cpus().length} cores, load average ${one!.toFixed(2)} / ${five!.toFixed(2)}, ${new Date().toISOString()})`,
  );
  const header = ['metric', ...labels, 'ratio', 'target', 'result'];
  const lines = rows.map((row) => {
    const f = row.format ?? fmt;
    const quotient = row.floor === undefined ? NaN : row.pilotis / row.floor;
    const ratio = Number.isFinite(quotient) ? `${quotient.toFixed(2)}×` : '';
    const result = row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL';
    return [
      row.metric,
      f(row.pilotis),
      row.floor === undefined ? '' : f(row.floor),
      ratio,
      row.target ?? '',
      result,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) {
    console.info(
      line
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('   '),
    );
  }
}

/** Medians of each field over rounds. */
export function medians(values: Measured[]) {
  const of = (pick: (m: Measured) => number) => median(values.map(pick));
  return {
    p50: of((m) => m.p50),
    p95: of((m) => m.p95),
    p99: of((m) => m.p99),
    reach: Math.min(...values.map((m) => m.reach)),
    loopP99: of((m) => m.loop.p99),
    cpu: of((m) => m.loop.cpu),
    cpuPerEdit: of((m) => m.cpuPerEdit),
    /** The second server's (scenario 5: instance B). */
    loopP99B: of((m) => m.loops[1]?.p99 ?? NaN),
    cpuB: of((m) => m.loops[1]?.cpu ?? NaN),
  };
}
