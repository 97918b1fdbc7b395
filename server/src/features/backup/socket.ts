/**
 * PGlite is one process's database: a second process must never open ./data while the server
 * runs. So a server on PGlite listens on a Unix socket inside its data directory
 * (`<DATA_DIR>/backup.sock`, mode 0600: only whoever may read the data itself may ask), and
 * `npm run backup` asks it for the archive; the server writes it from its own connection, in one
 * transaction. The socket answers nothing but backups. When no server answers, the CLI opens
 * the directory itself.
 */
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Writable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { BackupError, type BackupScope } from './archive.ts';
import { writeBackup } from './backup.ts';

export const socketPath = (dataDir: string) => path.join(dataDir, 'backup.sock');

/** Longest request line accepted (a scope of organisation ids). */
const MAX_REQUEST = 64 * 1024;

function parseScope(line: string): BackupScope {
  const value = JSON.parse(line) as { scope?: BackupScope };
  const scope = value.scope;
  if (scope?.kind === 'all') return { kind: 'all' };
  if (
    scope?.kind === 'organisations' &&
    Array.isArray(scope.ids) &&
    scope.ids.every((id) => typeof id === 'string')
  ) {
    return { kind: 'organisations', ids: scope.ids };
  }
  throw new Error('bad request');
}

async function backupSocket(app: FastifyInstance): Promise<void> {
  if (app.db.kind !== 'pglite') return;
  const file = socketPath(app.config.dataDir);
  await unlink(file).catch(() => {}); // left by a killed server
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    const onData = (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) {
        if (buffer.length > MAX_REQUEST) socket.destroy();
        return;
      }
      socket.off('data', onData);
      let scope: BackupScope;
      try {
        scope = parseScope(buffer.slice(0, end));
      } catch {
        socket.end(`${JSON.stringify({ code: 'bad_request', message: 'bad request' })}\n`);
        return;
      }
      writeBackup(app.db, scope, socket).catch((error: unknown) => {
        if (socket.bytesWritten === 0 && error instanceof BackupError) {
          socket.end(`${JSON.stringify({ code: error.code, message: error.message })}\n`);
        } else {
          app.log.error(error, 'backup through the socket failed');
          socket.resetAndDestroy(); // the client sees a reset, never a short archive as complete
        }
      });
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
    await chmod(file, 0o600);
  } catch (error) {
    app.log.warn(error, `no backup socket at ${file}: stop the server to back up`);
    return;
  }
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await unlink(file).catch(() => {});
  });
}

export default fp(backupSocket, { name: 'backup-socket', dependencies: ['db'] });

/** Is a server answering on the data directory's backup socket? */
export function serverAnswers(dataDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath(dataDir));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Ask the server running on `dataDir` for the archive of `scope`, written to `out`. Resolves
 * false when no server answers (nothing written), true once the archive has been received.
 */
export function backupThroughServer(
  dataDir: string,
  scope: BackupScope,
  out: Writable,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath(dataDir));
    let connected = false;
    let first = true;
    let refusal = '';
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ scope })}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      if (first && chunk[0] === 0x7b /* { : a refusal, not a zip */) refusal = ' ';
      first = false;
      if (refusal) refusal += chunk.toString('utf8');
      else if (!out.write(chunk)) {
        socket.pause();
        out.once('drain', () => socket.resume());
      }
    });
    socket.once('error', (error) => {
      if (!connected) resolve(false);
      else reject(error);
    });
    socket.once('end', () => {
      if (refusal) {
        const { code, message } = JSON.parse(refusal) as { code: string; message: string };
        const [french = message, english = message] = message.split('\n');
        reject(new BackupError(code, french, english));
        return;
      }
      out.end(() => resolve(true));
    });
  });
}
