/**
 * The floor of the benchmarks: a bare Hocuspocus 4 server, in memory, no extensions. With
 * BARE_STATE_FILE, every document is loaded from that file (a Y.Doc state) when it is opened, as
 * a server reading its storage would. With an IPC channel it answers the bench's "stats"
 * (probe-stats.ts). Prints "listening on <port>" once ready.
 */
import { readFile } from 'node:fs/promises';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { answerStats } from './probe-stats.ts';

const stateFile = process.env.BARE_STATE_FILE;
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  ...(stateFile
    ? {
        async onLoadDocument({ document }) {
          Y.applyUpdate(document, await readFile(stateFile));
        },
      }
    : {}),
});
await server.listen();
answerStats(() => ({
  documents: server.hocuspocus.getDocumentsCount(),
  connections: server.hocuspocus.getConnectionsCount(),
}));
console.info(`listening on ${server.address.port}`);
