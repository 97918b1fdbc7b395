/**
 * How the command-line entry points end: the command's exit code, or 1 with the message alone
 * (French and English, no stack) for an error the person can act on — a bad archive or setting.
 */
import { ConfigError } from '../config.ts';
import { BackupError } from '../features/backup/archive.ts';

export async function runCommand(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof BackupError || error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

/** "documents 3, versions 1": the tables that hold rows, for the closing summary. */
export function tableSummary(counts: Iterable<[string, number]>): string {
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
}
