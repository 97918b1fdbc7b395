/**
 * What the server's refusals on the collaboration socket mean for the page (issue 18): over the
 * message rate the socket is closed (4429) and the provider reconnects by itself; an update that
 * would make the document too large (4413), too deeply nested (4422) or unreadable is refused
 * and this page must stop sending it (it would be refused again at every reconnection).
 */
import { CloseCodes } from '@pilotis/shared';

export type CollabLimit = 'rate-limited' | 'too-large' | 'too-deep' | null;

/** The limit a close (socket close code, or a document close's reason) stands for. */
export function limitFromClose(close: { code?: number; reason?: string }): CollabLimit {
  if (close.code === CloseCodes.RateLimited.code || close.reason === CloseCodes.RateLimited.reason)
    return 'rate-limited';
  if (
    close.code === CloseCodes.DocumentTooLarge.code ||
    close.reason === CloseCodes.DocumentTooLarge.reason
  )
    return 'too-large';
  if (
    close.code === CloseCodes.TooDeep.code ||
    close.reason === CloseCodes.TooDeep.reason ||
    close.code === CloseCodes.MalformedMessage.code ||
    close.reason === CloseCodes.MalformedMessage.reason
  )
    return 'too-deep';
  return null;
}

/** True for a refusal after which this page must stop sending (read-only until it reloads). */
export function stopsSending(limit: CollabLimit): boolean {
  return limit === 'too-large' || limit === 'too-deep';
}
