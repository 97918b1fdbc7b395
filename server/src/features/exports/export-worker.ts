/**
 * The export renderer process (see export-runner.ts): renders one job at a time and sends the
 * bytes back over the IPC channel.
 */
import { buildExportModel, type ExportModel } from '@pilotis/shared';
import type { ExportJob, ExportReply } from './export-runner.ts';
import { renderDossier, renderSynthesis } from './pdf.ts';
import { renderWorkbook } from './xlsx.ts';
import { typesetExportModel } from './export-typography.ts';
import { renderDocx } from './docx.ts';
import { renderSynthesisDocx } from './docx-synthesis.ts';

/** The job's model, built here when the server sent the cycle (issue 18 #7: off its thread). */
function modelOf(job: ExportJob): ExportModel {
  return 'cycle' in job.source ? buildExportModel(job.source.cycle, job.source.info) : job.source;
}

async function render(job: ExportJob): Promise<Buffer> {
  const model = modelOf(job);
  switch (job.kind) {
    case 'xlsx':
      return renderWorkbook(model);
    case 'pdf':
      return renderDossier(typesetExportModel(model), job.options);
    case 'synthesis':
      return renderSynthesis(typesetExportModel(model));
    case 'docx': // issue 19
      return renderDocx(typesetExportModel(model));
    case 'synthesis-docx':
      return renderSynthesisDocx(typesetExportModel(model));
    default:
      return Promise.reject(new Error(`type d’export inconnu : ${String(job.kind)}`));
  }
}

/**
 * Bytes that own their whole ArrayBuffer, so it can be transferred: small Buffers live in Node's
 * shared pool, and transferring the pool would detach unrelated buffers.
 */
export function transferable(buffer: Buffer): Uint8Array<ArrayBuffer> {
  if (
    buffer.buffer instanceof ArrayBuffer &&
    buffer.byteOffset === 0 &&
    buffer.byteLength === buffer.buffer.byteLength
  ) {
    return new Uint8Array(buffer.buffer);
  }
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return copy;
}

if (process.send) {
  process.on('message', (message: unknown) => {
    const job = message as ExportJob;
    render(job).then(
      (buffer) => {
        const reply: ExportReply = { id: job.id, ok: true, data: transferable(buffer) };
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
