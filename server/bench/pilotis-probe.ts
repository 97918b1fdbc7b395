/**
 * The Pilotis server as `npm start` builds it (same configuration, same app), answering the
 * bench's "stats" over IPC (probe-stats.ts): memory, documents loaded, connections. Prints
 * "Pilotis (sonde) : http://localhost:<port>" once it listens.
 */
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { answerStats } from './probe-stats.ts';

const config = loadConfig();
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
answerStats(() => ({
  documents: app.hocuspocus.getDocumentsCount(),
  connections: app.hocuspocus.getConnectionsCount(),
}));
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
const address = app.server.address();
console.info(
  `Pilotis (sonde) : http://localhost:${typeof address === 'object' && address ? address.port : ''}`,
);
