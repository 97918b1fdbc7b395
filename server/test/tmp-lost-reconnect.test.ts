import { afterAll, beforeAll, it } from 'vitest';
import { deleteRow, readCycle, rowText, isDeleted } from '@pilotis/shared';
import { acknowledged, connectClient, createCycle, createStorage, startServer, testConfig, waitFor, type RunningServer, type Storage } from './helpers.ts';

let storage: Storage;
let server: RunningServer;
beforeAll(async () => {
  storage = await createStorage('pglite');
  server = await startServer(testConfig(storage));
});
afterAll(async () => {
  await server?.close();
  await storage?.dispose();
});

for (const variant of ['online delete', 'offline delete', 'offline text', 'offline text then delete']) {
  it(variant, async () => {
    const cycle = await createCycle(server.httpUrl, 2026);
    const client = await connectClient(server.wsUrl, cycle.documentName, cycle.pilote);
    const rowId = readCycle(client.doc).rows[0]!.id;
    const offline = variant.startsWith('offline');
    if (offline) {
      client.socket.disconnect();
      await waitFor(() => client.socket.status === 'disconnected', 'closed');
    }
    if (variant.includes('text')) rowText(client.doc, rowId, 'sources').insert(0, 'X');
    if (variant.includes('delete')) deleteRow(client.doc, rowId, 'Fuzz');
    if (offline) void client.socket.connect();
    await waitFor(() => client.provider.isSynced, 'sync');
    await acknowledged(client);
    const serverDoc = server.app.hocuspocus.documents.get(cycle.documentName)!;
    await new Promise((r) => setTimeout(r, 500));
    console.log('RESULT', variant, 'text', JSON.stringify(rowText(serverDoc, rowId, 'sources').toString()), 'deleted', isDeleted(serverDoc, 'row', rowId), 'client deleted', isDeleted(client.doc, 'row', rowId));
    client.destroy();
  });
}
