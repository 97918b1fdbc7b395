/**
 * Parsing an uploaded workbook off the server's thread: a runner of the export machinery
 * (createExportRunner: one low-priority child process, jobs in turn, a dead worker fails only its
 * job) whose worker is import-worker.ts.
 */
import type { ExportModel } from '@pilotis/shared';
import { createExportRunner, type ExportRunner } from './export-runner.ts';
import { ImportError } from './import-archive.ts';
import type { ImportResult } from './import-parse.ts';
import type { ParseOutcome } from './import-worker.ts';

let runner: ExportRunner | null = null;

/**
 * Parse `data` in the import process. Resolves with the table; rejects with ImportError (French
 * message) for a file that is not a usable steering table, or a plain Error when the parser died
 * (out of memory, over time).
 */
export async function parseInChild(data: Uint8Array): Promise<ImportResult> {
  runner ??= createExportRunner({
    workerUrl: new URL('./import-worker.ts', import.meta.url),
    jobTimeoutMs: 60_000,
    maxOldGenerationSizeMb: 768,
    // Someone is waiting for the preview: below the server, above the export renderer.
    niceness: 10,
  });
  let reply: Buffer;
  try {
    reply = await runner.run('xlsx', data as unknown as ExportModel);
  } catch {
    throw new ImportError(
      'not_xlsx',
      'Ce classeur n’a pas pu être lu (trop gros ou endommagé). Enregistrez-le à nouveau puis réessayez.',
    );
  }
  const outcome = JSON.parse(reply.toString('utf8')) as ParseOutcome;
  if (!outcome.ok) throw new ImportError(outcome.code, outcome.message);
  return outcome.result;
}

/** Stop the import process (server shutdown); a later parse starts a fresh one. */
export async function closeImportRunner(): Promise<void> {
  const running = runner;
  runner = null;
  await running?.close();
}
