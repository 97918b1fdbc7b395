/**
 * Start a script (the server's entry point, by default) as a real child process and wait for the
 * port it prints: how `npm start` runs in production, for tests that kill it and for benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER_ENTRY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/server.ts',
);

export interface SpawnedServer {
  child: ChildProcess;
  port: string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

export async function spawnWithPort(
  env: NodeJS.ProcessEnv,
  script = SERVER_ENTRY,
  portPattern = /localhost:(\d+)/,
): Promise<SpawnedServer> {
  // SPAWN_NODE_ARGS: extra Node flags for the child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to profile the server under a benchmark (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.SPAWN_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = portPattern.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`${path.basename(script)} exited (${code}): ${output}`)),
    );
  });
  return {
    child,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
