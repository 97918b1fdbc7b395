/**
 * Per-socket limits on the collaboration endpoint (issue 18 #1 and #5). One person's socket must
 * not be able to make the server work, queue memory or write for everyone else:
 *
 * - a token bucket of messages (any kind), and a smaller one of document updates;
 * - a cap on the bytes queued towards a client that stopped reading (`bufferedAmount`);
 * - a full-state request (SyncStep1) answered once per document and connection: the connection
 *   receives every later change anyway, so a repeated request is only ever an amplifier.
 *
 * Over a limit the socket is closed (CloseCodes.RateLimited / terminated when it does not read).
 */
import { CloseCodes } from '@pilotis/shared';
import { DEFAULT_DOCUMENT_LIMITS } from './document-limits.extension.ts';

/** The limits, all per socket. */
export interface GuardLimits {
  /** Messages per second, sustained (default 200). */
  messagesPerSecond: number;
  /** Messages accepted in a burst above the sustained rate (default 1000). */
  messageBurst: number;
  /** Document updates per second, sustained (default 30: a fast typist makes about 10). */
  updatesPerSecond: number;
  /** Document updates accepted in a burst (default 100; an offline catch-up is one update). */
  updateBurst: number;
  /** Bytes queued towards the client before the socket is dropped (default 64 MiB). */
  maxBufferedBytes: number;
  /** Largest encoded document: an update that would grow it further is refused (default 16 MiB). */
  maxDocumentBytes: number;
  /** Deepest nesting of types and plain values in a document (default 64). */
  maxDepth: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = {
  messagesPerSecond: 200,
  messageBurst: 1000,
  updatesPerSecond: 30,
  updateBurst: 100,
  maxBufferedBytes: 64 * 1024 * 1024,
  ...DEFAULT_DOCUMENT_LIMITS,
};

/** A classic token bucket: `rate` tokens a second, at most `burst` saved up. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly rate: number;
  private readonly burst: number;

  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Take one token; false when none is left. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

// Hocuspocus message layout: varString document address, varUint message type, then for sync
// messages varUint sync step (y-protocols) and the payload.
const MESSAGE_SYNC = 0;
const MESSAGE_SYNC_REPLY = 4;
const MESSAGE_CLOSE = 7;
const SYNC_STEP1 = 0;

/** A frame's document address, message type and sync step; null when it cannot be read. */
export function readFrameHeader(
  frame: Uint8Array,
): { address: string; type: number; step: number | null } | null {
  let position = 0;
  const varUint = (): number | null => {
    let value = 0;
    let shift = 0;
    while (position < frame.length && shift < 35) {
      const byte = frame[position++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
    return null;
  };
  const length = varUint();
  if (length === null || position + length > frame.length) return null;
  const address = Buffer.from(frame.buffer, frame.byteOffset + position, length).toString('utf8');
  position += length;
  const type = varUint();
  if (type === null) return null;
  const step = type === MESSAGE_SYNC || type === MESSAGE_SYNC_REPLY ? varUint() : null;
  return { address, type, step };
}

export type Verdict = 'handle' | 'drop' | { close: { code: number; reason: string } };

/** The limits of one socket. */
export class ConnectionGuard {
  private readonly messages: TokenBucket;
  private readonly updates: TokenBucket;
  private readonly limits: GuardLimits;
  /** Document addresses whose full state this connection was already sent. */
  private readonly synced = new Set<string>();

  constructor(limits: GuardLimits = DEFAULT_GUARD_LIMITS) {
    this.limits = limits;
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.updates = new TokenBucket(limits.updatesPerSecond, limits.updateBurst);
  }

  /** True when the client let more than the allowed bytes pile up unread. */
  overBuffered(bufferedAmount: number): boolean {
    return bufferedAmount > this.limits.maxBufferedBytes;
  }

  /** What to do with one incoming frame. */
  check(frame: Uint8Array): Verdict {
    if (!this.messages.take()) return { close: { ...CloseCodes.RateLimited } };
    const header = readFrameHeader(frame);
    // Unreadable: closed here with one log line (Hocuspocus would log a stack trace for it).
    if (!header) return { close: { ...CloseCodes.MalformedMessage } };
    if (header.type === MESSAGE_CLOSE) {
      // A document closed on this socket gets its first full state again when reopened.
      this.synced.delete(header.address);
      return 'handle';
    }
    if (header.type !== MESSAGE_SYNC && header.type !== MESSAGE_SYNC_REPLY) return 'handle';
    if (header.step === SYNC_STEP1) {
      if (this.synced.has(header.address)) return 'drop';
      this.synced.add(header.address);
      return 'handle';
    }
    if (!this.updates.take()) return { close: { ...CloseCodes.RateLimited } };
    return 'handle';
  }
}
