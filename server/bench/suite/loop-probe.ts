/**
 * Preloaded into a benchmarked server (`NODE_OPTIONS=--import=…/loop-probe.ts`, set by
 * servers.ts, never by `npm start`): the server's event-loop delay and CPU time, measured by
 * perf_hooks inside its own process. Nothing is exposed on the network: the benchmark sends the
 * process SIGUSR2 and reads one line on its stdout, "event-loop-delay {json}", covering the time
 * since the previous signal (the histogram is reset at each report).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
let cpu = process.cpuUsage();
let since = performance.now();

process.on('SIGUSR2', () => {
  const used = process.cpuUsage(cpu);
  const now = performance.now();
  // The histogram records the interval between two ticks of a RESOLUTION_MS timer: the delay
  // is what exceeds the resolution.
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const report = {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    // Share of one core the process used over the window (user + system).
    cpu: (used.user + used.system) / 1000 / (now - since),
  };
  process.stdout.write(`event-loop-delay ${JSON.stringify(report)}\n`);
  histogram.reset();
  cpu = process.cpuUsage();
  since = now;
});
