/**
 * The load suite (issue 16): each scenario in its own process, one after the other, so that one's
 * servers and clients are gone before the next starts. Part of `npm run bench`.
 *
 *   node bench/suite/run-all.ts                 all of them
 *   node bench/suite/run-all.ts typical ag      some of them (typical, ag, capacity, instances)
 *
 * Settings (environment): BENCH_ROUNDS (3), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (2), and
 * each scenario's own (see its file).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS = ['typical', 'ag', 'capacity', 'instances'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SCENARIOS;

console.info(
  `Load suite on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')}`,
);

/**
 * Scenario 3 holds up to 2,500 sockets in the driver and as many in the server, one file
 * descriptor each, beyond the 1,024 many systems give a process by default. Node cannot raise its
 * own limit, so each scenario starts under a shell that lifts the soft limit to the hard one
 * (allowed without privileges; servers and driver inherit it) and says when that is still short.
 */
const RAISE_FILE_LIMIT =
  'ulimit -n "$(ulimit -Hn)" 2>/dev/null; ' +
  'n=$(ulimit -n); [ "$n" = unlimited ] || [ "$n" -ge 6000 ] || ' +
  'echo "ulimit -n is $n: scenario 3 needs about 6000 (raise the hard limit, e.g. in /etc/security/limits.conf)"; ' +
  'exec "$0" "$@"';

for (const name of chosen) {
  if (!SCENARIOS.includes(name))
    throw new Error(`unknown scenario ${name}: ${SCENARIOS.join(', ')}`);
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      '/bin/sh',
      ['-c', RAISE_FILE_LIMIT, process.execPath, path.join(here, `${name}.bench.ts`)],
      { stdio: 'inherit' },
    );
    child.on('exit', resolve);
  });
  console.info(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (code !== 0) process.exit(code ?? 1);
}
