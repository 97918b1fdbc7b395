/**
 * `npm run backup -- [--organisation <id>]… [--output <file>]`: one archive of the given
 * organisations, or of everything. Works while the server runs (see
 * docs/decisions/0019-backup-and-restore.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runCommand, tableSummary } from './command.ts';
import type { BackupScope } from '../features/backup/archive.ts';
import { runBackup } from '../features/backup/run.ts';

const USAGE = `Usage : npm run backup -- [--organisation <id>]… [--output <fichier.zip>]
  sans --organisation : toute la base / without --organisation: everything`;

async function main(): Promise<number> {
  let values: { organisation?: string[]; output?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        organisation: { type: 'string', multiple: true, short: 'o' },
        output: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.info(USAGE);
    return 0;
  }
  const config = loadConfig();
  const scope: BackupScope = values.organisation?.length
    ? { kind: 'organisations', ids: values.organisation }
    : { kind: 'all' };
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const label = scope.kind === 'all' ? 'tout' : scope.ids.join('+').slice(0, 80);
  const baseDir = process.env.INIT_CWD ?? process.cwd();
  const output = path.resolve(baseDir, values.output ?? `pilotis-sauvegarde-${label}-${stamp}.zip`);
  const started = performance.now();
  const run = await runBackup(config, scope, output);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const rows = tableSummary(
    Object.entries(run.manifest.tables).map(([table, info]) => [table, info.rows]),
  );
  console.info(
    `Sauvegarde écrite / backup written: ${output}\n` +
      `  ${(run.bytes / 1024).toFixed(0)} Kio, ${seconds} s, ${run.via === 'server' ? 'par le serveur en marche / through the running server' : run.via}\n` +
      `  ${rows}\n` +
      '  Elle contient les empreintes des mots de passe et les liens d’invitation : gardez-la en lieu sûr.\n' +
      '  It holds password hashes and invitation links: keep it safe.',
  );
  return 0;
}

await runCommand(main);
