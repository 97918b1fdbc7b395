/**
 * Issue 18 #4 and #7 on a real server: an export too large for the renderer is refused with a
 * 413 in French (it died out of memory with a 500), and the live export is built in the renderer
 * from the cycle, with the same file as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { EXPORT_LIMITS } from '../src/features/exports/export-limits.ts';

describe('export limits', () => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage('pglite');
    server = await startServer(testConfig(storage));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('refuses an export larger than the limit with a 413, and renders one within it', async () => {
    const cycle = await createCycle(server.httpUrl);
    const saved = { ...EXPORT_LIMITS };
    try {
      EXPORT_LIMITS.maxEntities = 10; // the template alone has 8 themes and their domains and rows
      for (const file of ['export.xlsx', 'export.pdf', 'synthese.pdf']) {
        const reply = await cycle.pilote.get(`/api/cycles/${cycle.id}/${file}`);
        expect(reply.status, file).toBe(413);
        expect(reply.body.error).toBe('export_too_large');
        expect(reply.body.message).toMatch(/trop volumineux/);
      }
    } finally {
      Object.assign(EXPORT_LIMITS, saved);
    }
    const response = await fetch(`${server.httpUrl}/api/cycles/${cycle.id}/export.xlsx`, {
      headers: { cookie: cycle.pilote.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('Association des Tests 2026');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = book.getWorksheet('Pilotage')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Thème');
    expect(sheet.rowCount).toBeGreaterThan(8);
  });
});
