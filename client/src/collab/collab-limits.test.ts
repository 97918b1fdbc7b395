import { describe, expect, it } from 'vitest';
import { CloseCodes } from '@pilotis/shared';
import { limitFromClose, stopsSending } from './collab-limits.ts';

describe('the page’s reading of the server’s refusals', () => {
  it('maps socket close codes and document close reasons to a limit', () => {
    expect(limitFromClose({ code: 4429 })).toBe('rate-limited');
    expect(limitFromClose({ code: 1000, reason: CloseCodes.DocumentTooLarge.reason })).toBe(
      'too-large',
    );
    expect(limitFromClose({ code: 4413 })).toBe('too-large');
    expect(limitFromClose({ reason: CloseCodes.TooDeep.reason })).toBe('too-deep');
    expect(limitFromClose({ reason: CloseCodes.MalformedMessage.reason })).toBe('too-deep');
    expect(limitFromClose({ code: 1006 })).toBeNull();
    expect(limitFromClose({ code: 4409, reason: 'membership-changed' })).toBeNull();
  });

  it('stops sending only when the same update would be refused again', () => {
    expect(stopsSending('rate-limited')).toBe(false);
    expect(stopsSending('too-large')).toBe(true);
    expect(stopsSending('too-deep')).toBe(true);
    expect(stopsSending(null)).toBe(false);
  });
});
