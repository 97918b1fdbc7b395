/**
 * The floor for the propagation benchmark: a bare Hocuspocus 4 server, in memory, no extensions.
 * Prints "listening on <port>" once ready.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
console.info(`listening on ${server.address.port}`);
