/**
 * The import parser process: the same low-priority child process machinery as the export renderer
 * (see export-runner.ts), with this module as its worker. Inflating and reading a workbook (up to
 * 100 Mo inflated) costs seconds of CPU and hundreds of megabytes: here it never stalls anyone's
 * typing, and a hostile file can at worst kill this process (the server starts a new one).
 */
import type { ExportJob, ExportReply } from './export-runner.ts';
import { ImportError } from './import-archive.ts';
import { parseSteeringWorkbook, type ImportResult } from './import-parse.ts';

/** What the parser sends back, JSON-encoded in the reply's bytes. */
export type ParseOutcome =
  { ok: true; result: ImportResult } | { ok: false; code: ImportError['code']; message: string };

async function parse(data: Uint8Array): Promise<ParseOutcome> {
  try {
    return { ok: true, result: await parseSteeringWorkbook(data) };
  } catch (error) {
    if (error instanceof ImportError)
      return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

if (process.send) {
  process.on('message', (message: unknown) => {
    const job = message as ExportJob;
    parse(job.source as unknown as Uint8Array).then(
      (outcome) => {
        const reply: ExportReply = {
          id: job.id,
          ok: true,
          data: new TextEncoder().encode(JSON.stringify(outcome)),
        };
        process.send?.(reply);
      },
      (error: unknown) => {
        const reply: ExportReply = {
          id: job.id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        };
        process.send?.(reply);
      },
    );
  });
}

// The server went away (even killed with SIGKILL): do not linger as an orphan.
process.on('disconnect', () => process.exit(0));
