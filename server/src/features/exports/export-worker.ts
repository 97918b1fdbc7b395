/**
 * The export worker thread (see export-runner.ts): renders one job at a time and posts the bytes
 * back, transferring the memory instead of copying it.
 */
import { parentPort } from 'node:worker_threads';
import type { ExportJob, ExportReply } from './export-runner.ts';
import { renderDossier, renderSynthesis } from './pdf.ts';
import { renderWorkbook } from './xlsx.ts';

function render(job: ExportJob): Promise<Buffer> {
  switch (job.kind) {
    case 'xlsx':
      return renderWorkbook(job.model);
    case 'pdf':
      return renderDossier(job.model, job.options);
    case 'synthesis':
      return renderSynthesis(job.model);
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

const port = parentPort;
if (port) {
  port.on('message', (job: ExportJob) => {
    render(job).then(
      (buffer) => {
        const data = transferable(buffer);
        const reply: ExportReply = { id: job.id, ok: true, data };
        port.postMessage(reply, [data.buffer]);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const reply: ExportReply = { id: job.id, ok: false, message };
        port.postMessage(reply);
      },
    );
  });
}
