/**
 * Starts Pilotis: `npm start` runs this. Listens on PORT and, on SIGTERM/SIGINT, stores and
 * unloads every open document before closing the database.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const app = await buildApp(config);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info(`${signal} received: saving documents and stopping`);
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const storage = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
console.info(`Pilotis est prêt : http://localhost:${port} — stockage ${storage}`);
