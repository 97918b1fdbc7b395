/**
 * Limits on what one update may do to a document (issue 18 #4 and #12), checked in `beforeSync`
 * before the update reaches the log or the document, so a refused update leaves nothing behind:
 *
 * - **size**: a document that would grow past `maxDocumentBytes` refuses the update
 *   (CloseCodes.DocumentTooLarge, 4413). The size is the stored state plus every update accepted
 *   since (an upper bound: Yjs merges), re-measured at each store — no extra encoding;
 * - **nesting**: a type or plain value nested deeper than `maxDepth` (counted from the root, a
 *   plain JSON value's own levels included) is refused (CloseCodes.TooDeep, 4422): a 20,000-deep
 *   structure in a row overflowed every client's stack, so nobody could delete it;
 * - **malformed**: an update Yjs cannot decode is refused (CloseCodes.MalformedMessage) with a
 *   one-line log, not a stack trace carrying attacker-chosen text.
 *
 * Hocuspocus answers a refusal by closing that document on the socket with the code's reason;
 * the client shows the French message and stops sending (use-cycle-doc.ts).
 */
import type { Extension, afterUnloadDocumentPayload, beforeSyncPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { CloseCodes } from '@pilotis/shared';

export interface DocumentLimits {
  /** Largest encoded document, in bytes (default 16 MiB; a 600-row cycle is about 1 MiB). */
  maxDocumentBytes: number;
  /** Deepest nesting of types and plain values below a root type (default 64). */
  maxDepth: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxDocumentBytes: 16 * 1024 * 1024,
  maxDepth: 64,
};

/**
 * The size of each loaded document, in bytes: what was loaded or last stored plus every update
 * accepted since. The persistence extension reports loads and stores; this extension adds updates.
 */
export class DocumentSizes {
  private readonly sizes = new Map<string, number>();

  /** The measured size after a load or a store. */
  set(documentName: string, bytes: number): void {
    this.sizes.set(documentName, bytes);
  }

  get(documentName: string): number {
    return this.sizes.get(documentName) ?? 0;
  }

  add(documentName: string, bytes: number): void {
    this.sizes.set(documentName, this.get(documentName) + bytes);
  }

  delete(documentName: string): void {
    this.sizes.delete(documentName);
  }
}

/** Levels of a plain (JSON-like) value: 0 for a scalar, 1 for a flat array or object. Iterative. */
export function valueDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object' || current instanceof Uint8Array) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push({ value: child, depth: level });
  }
  return deepest;
}

/** Depth of a type in a document: 1 for a root type, 2 for a type inside it, … */
function typeDepth(type: Y.AbstractType<unknown>): number {
  let depth = 1;
  let item = type._item;
  while (item) {
    depth += 1;
    item = (item.parent as Y.AbstractType<unknown>)._item;
  }
  return depth;
}

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/**
 * True when applying `structs` to `doc` would nest a type or value deeper than `maxDepth`.
 * A struct's parent is written in the update only when it has no neighbours; otherwise it is the
 * parent of its left (or right) neighbour, found in the update itself or in the document. A
 * parent that cannot be found yet (Yjs keeps such updates pending) is not counted.
 */
export function exceedsDepth(doc: Y.Doc, structs: Struct[], maxDepth: number): boolean {
  // The update's own items by client, in clock order (decodeUpdate sorts them so).
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const list = byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  };
  const inDocument = (id: Y.ID): Y.Item | null => {
    const known = doc.store.clients.get(id.client);
    if (!known || known.length === 0) return null;
    const last = known[known.length - 1]!;
    if (id.clock >= last.id.clock + last.length) return null;
    const found = Y.getItem(doc.store, id);
    return found instanceof Y.Item ? found : null;
  };

  const parentMemo = new Map<Y.Item, number | null>();
  const createdMemo = new Map<Y.Item, number | null>();
  /**
   * Depth of the type an item of the update creates. Each call one level deeper raises `level`,
   * so a chain longer than the limit stops at the limit instead of exhausting the stack.
   */
  const depthOfCreated = (item: Y.Item, level: number): number | null => {
    if (createdMemo.has(item)) return createdMemo.get(item)!;
    if (level > maxDepth) return maxDepth + 1;
    const parent = parentDepth(item, level);
    const depth = parent === null ? null : parent + 1;
    createdMemo.set(item, depth);
    return depth;
  };
  /** Depth of the parent type of an item of the update; null when unknown. */
  const parentDepth = (start: Y.Item, level: number): number | null => {
    // Walk left (or right) neighbours inside the update until a written parent or a document
    // item is reached; every item walked through has the same parent.
    const walked: Y.Item[] = [];
    let item: Y.Item = start;
    let depth: number | null = null;
    for (let hops = 0; hops <= structs.length; hops++) {
      if (parentMemo.has(item)) {
        depth = parentMemo.get(item)!;
        break;
      }
      walked.push(item);
      const parent = item.parent as unknown;
      if (typeof parent === 'string') {
        depth = 1; // a root type
        break;
      }
      if (parent instanceof Y.ID) {
        const owner = inUpdate(parent);
        if (owner) {
          depth = depthOfCreated(owner, level + 1);
        } else {
          const existing = inDocument(parent);
          depth =
            existing?.content instanceof Y.ContentType
              ? typeDepth(existing.content.type as Y.AbstractType<unknown>)
              : null;
        }
        break;
      }
      const neighbour = item.origin ?? item.rightOrigin;
      const next = neighbour ? inUpdate(neighbour) : null;
      if (!neighbour || next === item) break;
      if (!next) {
        const existing = inDocument(neighbour);
        depth = existing ? typeDepth(existing.parent as Y.AbstractType<unknown>) : null;
        break;
      }
      item = next;
    }
    for (const each of walked) parentMemo.set(each, depth);
    return depth;
  };

  for (const list of byClient.values()) {
    for (const item of list) {
      const content = item.content;
      if (content instanceof Y.ContentType) {
        const depth = depthOfCreated(item, 1);
        if (depth !== null && depth > maxDepth) return true;
      } else if (content instanceof Y.ContentAny || content instanceof Y.ContentEmbed) {
        const values = content instanceof Y.ContentAny ? content.arr : [content.embed];
        const deepest = valueDepth(values, maxDepth) - 1;
        if (deepest <= 0) continue;
        const parent = parentDepth(item, 1);
        if (parent !== null && parent + deepest > maxDepth) return true;
        if (deepest > maxDepth) return true;
      } else if (content instanceof Y.ContentFormat) {
        if (valueDepth(content.value, maxDepth) > maxDepth) return true;
      }
    }
  }
  return false;
}

export class DocumentLimitsExtension implements Extension {
  extensionName = 'pilotis-document-limits';

  private readonly sizes: DocumentSizes;
  private readonly limits: DocumentLimits;

  constructor(sizes: DocumentSizes, limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS) {
    this.sizes = sizes;
    this.limits = limits;
  }

  async beforeSync({ connection, document, documentName, type, payload }: beforeSyncPayload) {
    // Read-only connections' updates are never applied (Hocuspocus answers them itself).
    if (connection.readOnly || (type !== 1 && type !== 2)) return;
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(payload);
    } catch {
      throw { ...CloseCodes.MalformedMessage };
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    if (this.sizes.get(documentName) + payload.byteLength > this.limits.maxDocumentBytes) {
      throw { ...CloseCodes.DocumentTooLarge };
    }
    if (exceedsDepth(document, decoded.structs, this.limits.maxDepth)) {
      throw { ...CloseCodes.TooDeep };
    }
    this.sizes.add(documentName, payload.byteLength);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.sizes.delete(documentName);
  }
}
