/**
 * `npm run restore -- <archive.zip> [--allow-non-empty]`: brings a backup back into the
 * database configured by DATABASE_URL / DATA_DIR, which no server may be using.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runCommand, tableSummary } from './command.ts';
import { runRestore } from '../features/backup/run.ts';

const USAGE = `Usage : npm run restore -- <sauvegarde.zip> [--allow-non-empty]
  Arrêtez le serveur avant / stop the server first.`;

async function main(): Promise<number> {
  let parsed: { values: { 'allow-non-empty'?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { 'allow-non-empty': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.info(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), parsed.positionals[0]!);
  const started = performance.now();
  const result = await runRestore(config, file, {
    allowNonEmpty: parsed.values['allow-non-empty'] ?? false,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const rows = tableSummary(Object.entries(result.tables));
  const target = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  console.info(
    `Sauvegarde restaurée dans ${target} en ${seconds} s / backup restored into ${target} in ${seconds} s\n  ${rows}\n` +
      '  Chacun se reconnecte (les sessions ne sont pas sauvegardées) / everyone signs in again.',
  );
  return 0;
}

await runCommand(main);
