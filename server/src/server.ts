/**
 * Starts Pilotis: `npm start` runs this. Listens on PORT and, on SIGTERM/SIGINT, stores and
 * unloads every open document before closing the database.
 */
import { ConfigError, loadConfig, type AppConfig } from './config.ts';

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A bad variable stops the server at once, naming it (no stack trace for a typo).
  console.error(error.message);
  process.exit(1);
}
// Imported once the configuration is known good, so a bad value is reported at once.
const { buildApp } = await import('./app.ts');
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
if (config.publicUrl && !config.smtpUrl) {
  // A published server without e-mail: sign-up cannot be confirmed, so it says when an address
  // is taken (decision 0020).
  console.warn(
    'SMTP_URL n’est pas défini : l’inscription crée les comptes sans confirmation par e-mail et dit si une adresse a déjà un compte. Définissez SMTP_URL sur un serveur ouvert au public.',
  );
}
