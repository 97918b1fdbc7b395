/**
 * A fake SMTP server for the tests that check what Pilotis mails (reset links, invitations, comment
 * digests): it accepts every message on a free port of the loopback and keeps its raw text.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** Every fake inbox of this test process (the sign-up helper finds its confirmation link there). */
export const inboxes = new Set<string[]>();

/** The recipient and the text of a received message (quoted-printable body decoded). */
export function readMail(raw: string): { to: string; text: string } {
  const split = raw.indexOf('\n\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = (split < 0 ? '' : raw.slice(split + 2)).replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const hex = /^=([0-9A-F]{2})/.exec(body.slice(i, i + 3))?.[1];
    if (hex) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(body[i]!, 'utf8'));
  }
  const text = Buffer.from(bytes).toString('utf8');
  return { to: /^To: (.*)$/m.exec(head)?.[1] ?? '', text };
}

/**
 * Wait for the message to `to` whose decoded text contains `marker`, take it out of its inbox (so
 * that tests counting their own mails do not see it) and return its text.
 */
export async function takeMail(to: string, marker: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const inbox of inboxes) {
      const index = inbox.findIndex((raw) => {
        const mail = readMail(raw);
        return mail.to.toLowerCase().includes(to.toLowerCase()) && mail.text.includes(marker);
      });
      if (index >= 0) return readMail(inbox.splice(index, 1)[0]!).text;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for a mail to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Just enough of SMTP to receive one message at a time; keeps what it receives. */
export function fakeSmtp(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  inboxes.add(messages);
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
  server.on('close', () => inboxes.delete(messages));
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
