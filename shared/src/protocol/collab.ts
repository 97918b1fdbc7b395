/**
 * What client and server agree on over the collaboration socket: the path, document names,
 * the query parameter carrying the client's schema version, and the close codes the server uses.
 */

/** Path of the Hocuspocus WebSocket endpoint, on the same origin as the app. */
export const COLLAB_PATH = '/collab';

/** Query parameter through which the client announces the SCHEMA_VERSION it was built with. */
export const SCHEMA_VERSION_PARAM = 'schemaVersion';

const CYCLE_PREFIX = 'cycle.';

/** The Hocuspocus document name of a cycle. */
export function cycleDocumentName(cycleId: string): string {
  return `${CYCLE_PREFIX}${cycleId}`;
}

/** The cycle id in a document name, or null when the name is not a cycle's. */
export function parseCycleDocumentName(documentName: string): string | null {
  if (!documentName.startsWith(CYCLE_PREFIX)) return null;
  const id = documentName.slice(CYCLE_PREFIX.length);
  return /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

/**
 * WebSocket close codes (4000–4999 is the application range). The client maps each to a French
 * message; `reason` is for logs.
 */
export const CloseCodes = {
  /** The client was built for an older document schema: it must reload. */
  ClientOutdated: { code: 4426, reason: 'client-outdated' },
  /** No such document (or not one the caller may see). */
  DocumentNotFound: { code: 4404, reason: 'document-not-found' },
  /** The caller is not signed in. */
  Unauthorized: { code: 4401, reason: 'unauthorized' },
  /** Signed in, but not allowed to open this document. */
  Forbidden: { code: 4403, reason: 'forbidden' },
  /** The socket sent more messages or updates than a person can type: closed, it reconnects. */
  RateLimited: { code: 4429, reason: 'rate-limited' },
  /** An update would make a text, the entity count or the document exceed its limit: refused. */
  DocumentTooLarge: { code: 4413, reason: 'document-too-large' },
  /** An update nests types or values deeper than the document schema allows: refused. */
  TooDeep: { code: 4422, reason: 'too-deep' },
  /** A message or update that cannot be decoded: refused. */
  MalformedMessage: { code: 4400, reason: 'malformed-message' },
} as const;

/** Close code of a socket whose access changed (member removed or role lowered): reconnect. */
export const MembershipChanged = { code: 4409, reason: 'membership-changed' } as const;
