/**
 * A fake SMTP server for the tests that check what Pilotis mails (reset links, invitations, comment
 * digests): it accepts every message on a free port of the loopback and keeps its raw text.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** Just enough of SMTP to receive one message at a time; keeps what it receives. */
export function fakeSmtp(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket: Socket) => {
    let data = false;
    let buffer = '';
    let message = '';
    socket.write('220 faux-smtp\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (data) {
          if (line === '.') {
            data = false;
            messages.push(message);
            message = '';
            socket.write('250 reçu\r\n');
          } else {
            message += `${line}\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 faux-smtp\r\n');
        else if (verb === 'DATA') {
          data = true;
          socket.write('354 allez-y\r\n');
        } else if (verb === 'QUIT') socket.end('221 au revoir\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : 0,
        messages,
      });
    }),
  );
}
