import { describe, expect, it } from 'vitest';
import { CloseCodes } from '@pilotis/shared';
import { ConnectionGuard, DEFAULT_GUARD_LIMITS, readFrameHeader } from './connection-guard.ts';
import { frame } from '../../test/flood-helpers.ts';

const limits = {
  ...DEFAULT_GUARD_LIMITS,
  messagesPerSecond: 1,
  messageBurst: 10,
  updatesPerSecond: 1,
  updateBurst: 3,
  maxBufferedBytes: 100,
};

describe('ConnectionGuard', () => {
  it('reads the address, type and sync step of a frame', () => {
    expect(readFrameHeader(frame('cycle.é', 0, 2, Uint8Array.of(1, 2)))).toEqual({
      address: 'cycle.é',
      type: 0,
      step: 2,
    });
    expect(readFrameHeader(Uint8Array.of(200))).toBeNull();
  });

  it('closes a socket whose frame cannot be read (no stack trace from Hocuspocus)', () => {
    expect(new ConnectionGuard(limits).check(Uint8Array.of(200))).toEqual({
      close: CloseCodes.MalformedMessage,
    });
  });

  it('answers a full-state request once per opened document', () => {
    const guard = new ConnectionGuard(limits);
    const step1 = frame('doc', 0, 0, Uint8Array.of(0));
    expect(guard.check(step1)).toBe('handle');
    expect(guard.check(step1)).toBe('drop');
    expect(guard.check(frame('other', 0, 0, Uint8Array.of(0)))).toBe('handle');
    expect(guard.check(frame('doc', 7))).toBe('handle');
    expect(guard.check(step1)).toBe('handle');
  });

  it('closes over the update rate, and over the message rate', () => {
    const updates = new ConnectionGuard(limits);
    const update = frame('doc', 0, 2, Uint8Array.of(0, 0));
    expect([1, 2, 3].map(() => updates.check(update))).toEqual(['handle', 'handle', 'handle']);
    expect(updates.check(update)).toEqual({ close: { ...CloseCodes.RateLimited } });
    const messages = new ConnectionGuard(limits);
    const awareness = frame('doc', 1, Uint8Array.of(0));
    for (let i = 0; i < 10; i++) expect(messages.check(awareness)).toBe('handle');
    expect(messages.check(awareness)).toEqual({ close: { ...CloseCodes.RateLimited } });
  });

  it('knows when too many bytes wait for a client that does not read', () => {
    const guard = new ConnectionGuard(limits);
    expect(guard.overBuffered(100)).toBe(false);
    expect(guard.overBuffered(101)).toBe(true);
  });
});
