/**
 * The live export names the cycle's current stage on its version line, and the two PDF dossiers
 * (with and without the comments annex) download under different names.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStage } from '@pilotis/shared';
import {
  BACKENDS,
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type Person,
  type RunningServer,
  type Storage,
} from './helpers.ts';

async function download(person: Person, path: string) {
  const response = await fetch(`${person.baseUrl}${path}`, { headers: { cookie: person.cookie } });
  return {
    status: response.status,
    name: decodeURIComponent(
      /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        '',
    ),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe.each(BACKENDS)('live exports on %s', (backend) => {
  let storage: Storage;
  let server: RunningServer;

  beforeAll(async () => {
    storage = await createStorage(backend);
    server = await startServer(testConfig(storage));
  });

  afterAll(async () => {
    await server?.close();
    await storage?.dispose();
  });

  it('names the current stage on the version line, and gives each dossier its own file name', async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const client = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    try {
      setStage(client.doc, 'board');
      await acknowledged(client);
    } finally {
      client.destroy();
    }
    const xlsx = await download(cycle.pilote, `/api/cycles/${cycle.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const texts: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? '')))),
    );
    expect(texts).toContain('Version de travail — étape Bureau / CA');

    const plain = await download(cycle.pilote, `/api/cycles/${cycle.id}/export.pdf`);
    const annex = await download(
      cycle.pilote,
      `/api/cycles/${cycle.id}/export.pdf?annexe=commentaires`,
    );
    expect(plain.status).toBe(200);
    expect(annex.status).toBe(200);
    expect(plain.name).toMatch(/dossier\.pdf$/);
    expect(annex.name).toMatch(/dossier avec commentaires\.pdf$/);
  });
});
