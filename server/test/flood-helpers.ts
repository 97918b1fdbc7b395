/**
 * Tools for the attack tests of issue 18: a raw socket speaking just enough of the Hocuspocus
 * protocol to authenticate and then misbehave, and a measure of what everyone else experiences
 * meanwhile (edit propagation between two ordinary clients, /api/health latency).
 */
import WebSocket from 'ws';
import { readRows, rowText, addRow, readDomains } from '@pilotis/shared';
import { waitFor, type Person, type TestClient } from './helpers.ts';

/** lib0 varUint / varString / varUint8Array, enough to build Hocuspocus frames. */
export function frame(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const bytes: number[] = [];
  const varUint = (value: number) => {
    while (value > 0x7f) {
      bytes.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    bytes.push(value);
  };
  for (const part of parts) {
    if (typeof part === 'number') varUint(part);
    else {
      const data = typeof part === 'string' ? new TextEncoder().encode(part) : part;
      varUint(data.length);
      bytes.push(...data);
    }
  }
  return Uint8Array.from(bytes);
}

/** A SyncStep1 with an empty state vector: "send me the whole document". */
export const fullStateRequest = (documentName: string) =>
  frame(documentName, 0, 0, Uint8Array.of(0));

/** A document update message carrying `update`. */
export const updateMessage = (documentName: string, update: Uint8Array) =>
  frame(documentName, 0, 2, update);

export interface RawPeer {
  socket: WebSocket;
  closed: Promise<number>;
  /** Stop reading what the server sends (the kernel buffers fill, then the server's queue). */
  stopReading(): void;
  resumeReading(): void;
}

/** A raw socket authenticated to `documentName` as `person`. */
export async function rawPeer(
  wsUrl: string,
  documentName: string,
  person: Person,
): Promise<RawPeer> {
  // No random masks: the attacker's own CPU cost must not be measured as the server's.
  const socket = new WebSocket(wsUrl, {
    headers: { cookie: person.cookie },
    generateMask: () => {},
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const answered = new Promise((resolve) => socket.once('message', resolve));
  socket.send(frame(documentName, 2, 0, 'cookie'));
  await answered;
  const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return {
    socket,
    closed,
    stopReading: () => raw.pause(),
    resumeReading: () => raw.resume(),
  };
}

/** Send `count` frames made by `make`, in batches, yielding between them. */
export async function flood(
  socket: WebSocket,
  count: number,
  make: (i: number) => Uint8Array,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(make(i));
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Grow a cycle document to about `rows` × `chars` characters through a real client. */
export async function fillDocument(client: TestClient, rows: number, chars: number): Promise<void> {
  const domainId = readDomains(client.doc)[0]!.id;
  const text = 'Évaluer l’écart de salaires, 38,5 % — ligne de remplissage. '.repeat(
    Math.ceil(chars / 60),
  );
  for (let i = 0; i < rows; i++) {
    const id = addRow(client.doc, domainId);
    rowText(client.doc, id, 'label').insert(0, text.slice(0, chars));
  }
  await waitFor(
    () => !client.provider.hasUnsyncedChanges,
    'the filled document to be saved',
    60_000,
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

export interface Experience {
  propagationP95: number;
  propagationMax: number;
  healthMax: number;
  edits: number;
  healthChecks: number;
}

/**
 * While `attack` runs (and `settleMs` after), `writer` types into the first row and `reader`
 * waits for each keystroke; /api/health is asked every 100 ms. Returns the latencies seen.
 */
export async function measureDuring(
  httpUrl: string,
  writer: TestClient,
  reader: TestClient,
  attack: () => Promise<void>,
  settleMs = 1500,
): Promise<Experience> {
  const rowId = readRows(writer.doc)[0]!.id;
  const writerText = rowText(writer.doc, rowId, 'label');
  const readerText = () => rowText(reader.doc, rowId, 'label').toString();
  let done = false;
  const propagation: number[] = [];
  const health: number[] = [];
  const typing = (async () => {
    for (let i = 0; !done || i < 5; i++) {
      const marker = `⟨${i}⟩`;
      const start = performance.now();
      writerText.insert(0, marker);
      await waitFor(() => readerText().includes(marker), `edit ${i} to reach the reader`, 60_000);
      propagation.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const polling = (async () => {
    while (!done) {
      const start = performance.now();
      const reply = await fetch(`${httpUrl}/api/health`);
      await reply.text();
      health.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    await attack();
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    done = true;
  }
  await Promise.all([typing, polling]);
  return {
    propagationP95: percentile(propagation, 95),
    propagationMax: Math.max(...propagation),
    healthMax: Math.max(...health),
    edits: propagation.length,
    healthChecks: health.length,
  };
}
