/**
 * Comment threads of a cycle, kept in SQL (not in the cycle document): a commentateur posts without
 * any write access to the document. Author and time always come from the server. Threads are
 * never deleted with their anchor: they become *détaché* and keep their quote.
 */
import { randomUUID } from 'node:crypto';
import type { CycleModel } from '@pilotis/shared';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { isUuid } from '../schemas.ts';
import {
  anchorIndex,
  anchorKey,
  type AnchorContext,
  type AnchorInfo,
  type AnchorKind,
} from './comment-anchors.ts';

export const MAX_MESSAGE_LENGTH = 10_000;
/** Shown in place of a deleted message, in the app and in exports. */
export const DELETED_MESSAGE_TEXT = 'message supprimé';

export type ThreadStatus = 'open' | 'resolved' | 'detached';

export interface Person {
  id: string;
  name: string;
}

export interface Message {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface Thread {
  id: string;
  cycleId: string;
  anchor: { kind: AnchorKind; id: string; field?: string };
  /** 'resolved' when resolved; otherwise 'detached' when the anchor is gone, else 'open'. */
  status: ThreadStatus;
  resolved: boolean;
  detached: boolean;
  /** The anchor's text when it was last seen (a row's label, a theme's title…). */
  quote: string;
  context: AnchorContext;
  createdBy: Person | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: Person | null;
  messages: Message[];
  /** For the caller: a message by someone else arrived after they last read the thread. */
  unread: boolean;
  /** For the caller: a message of this thread mentions them. */
  mentionsMe: boolean;
}

interface ThreadRow {
  id: string;
  cycle_id: string;
  anchor_kind: AnchorKind;
  anchor_id: string;
  anchor_field: string | null;
  quote: string;
  context: AnchorContext | string;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date | string;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  resolver_name: string | null;
  detached_at: Date | string | null;
  read_at: Date | string | null;
}

interface MessageRow {
  id: string;
  thread_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  created_at: Date | string;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value ? iso(value) : null);
const person = (id: string | null, name: string | null): Person | null =>
  id ? { id, name: name ?? '' } : null;
const DELETED_ACCOUNT: Person = { id: '', name: 'Compte supprimé' };

const THREAD_SELECT = `
  SELECT t.id, t.cycle_id, t.anchor_kind, t.anchor_id, t.anchor_field, t.quote, t.context,
         t.created_by, cu.name AS creator_name, t.created_at, t.resolved_at, t.resolved_by,
         ru.name AS resolver_name, t.detached_at, r.read_at
    FROM comment_threads t
    LEFT JOIN users cu ON cu.id = t.created_by
    LEFT JOIN users ru ON ru.id = t.resolved_by
    LEFT JOIN comment_reads r ON r.thread_id = t.id AND r.user_id = $1`;

function toMessage(row: MessageRow): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    author: person(row.author_id, row.author_name) ?? DELETED_ACCOUNT,
    body: deleted ? '' : row.body,
    createdAt: iso(row.created_at),
    editedAt: isoOrNull(row.edited_at),
    deleted,
  };
}

async function assemble(db: Queryable, rows: ThreadRow[], userId: string): Promise<Thread[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const messages = await db.query<MessageRow>(
    `SELECT m.id, m.thread_id, m.author_id, u.name AS author_name, m.body, m.created_at,
            m.edited_at, m.deleted_at
       FROM comment_messages m LEFT JOIN users u ON u.id = m.author_id
      WHERE m.thread_id = ANY($1::uuid[]) ORDER BY m.created_at, m.id`,
    [ids],
  );
  const mentioned = new Set(
    (
      await db.query<{ thread_id: string }>(
        `SELECT DISTINCT m.thread_id FROM comment_mentions x
           JOIN comment_messages m ON m.id = x.message_id
          WHERE x.user_id = $1 AND m.thread_id = ANY($2::uuid[]) AND m.deleted_at IS NULL`,
        [userId, ids],
      )
    ).map((row) => row.thread_id),
  );
  const byThread = new Map<string, MessageRow[]>();
  for (const message of messages) {
    const list = byThread.get(message.thread_id) ?? [];
    list.push(message);
    byThread.set(message.thread_id, list);
  }
  return rows.map((row) => {
    const list = byThread.get(row.id) ?? [];
    const readAt = row.read_at ? new Date(row.read_at).getTime() : 0;
    const resolved = row.resolved_at !== null;
    const detached = row.detached_at !== null;
    return {
      id: row.id,
      cycleId: row.cycle_id,
      anchor: {
        kind: row.anchor_kind,
        id: row.anchor_id,
        ...(row.anchor_field ? { field: row.anchor_field } : {}),
      },
      status: resolved ? 'resolved' : detached ? 'detached' : 'open',
      resolved,
      detached,
      quote: row.quote,
      context: typeof row.context === 'string' ? JSON.parse(row.context) : row.context,
      createdBy: person(row.created_by, row.creator_name),
      createdAt: iso(row.created_at),
      resolvedAt: isoOrNull(row.resolved_at),
      resolvedBy: person(row.resolved_by, row.resolver_name),
      messages: list.map(toMessage),
      unread: list.some(
        (m) =>
          m.author_id !== userId &&
          Math.max(
            new Date(m.created_at).getTime(),
            m.edited_at ? new Date(m.edited_at).getTime() : 0,
          ) > readAt,
      ),
      mentionsMe: mentioned.has(row.id),
    };
  });
}

/**
 * Bring the stored anchor state in line with the cycle as it is now: threads whose anchor left the
 * model become detached (and come back if it returns, e.g. a restored row); attached ones refresh
 * their quote and context so that a later detachment shows the last known text.
 */
export async function syncAnchors(db: Database, cycleId: string, model: CycleModel): Promise<void> {
  const index = anchorIndex(model);
  const rows = await db.query<{
    id: string;
    anchor_kind: string;
    anchor_id: string;
    quote: string;
    context: AnchorContext | string;
    detached_at: Date | string | null;
  }>(
    'SELECT id, anchor_kind, anchor_id, quote, context, detached_at FROM comment_threads WHERE cycle_id = $1',
    [cycleId],
  );
  for (const row of rows) {
    const info = index.get(anchorKey(row.anchor_kind, row.anchor_id));
    if (!info) {
      if (!row.detached_at) {
        await db.query('UPDATE comment_threads SET detached_at = now() WHERE id = $1', [row.id]);
      }
      continue;
    }
    const context = typeof row.context === 'string' ? row.context : JSON.stringify(row.context);
    const nextContext = JSON.stringify(info.context);
    if (row.detached_at || row.quote !== info.quote || !sameJson(context, nextContext)) {
      await db.query(
        'UPDATE comment_threads SET detached_at = NULL, quote = $2, context = $3::jsonb WHERE id = $1',
        [row.id, info.quote, nextContext],
      );
    }
  }
}

/** Same JSON objects whatever their key order (jsonb stores keys in its own order). */
function sameJson(a: string, b: string): boolean {
  const canonical = (text: string) => {
    const value = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(
      Object.keys(value)
        .sort()
        .map((key) => [key, value[key]]),
    );
  };
  try {
    return canonical(a) === canonical(b);
  } catch {
    return false;
  }
}

/** Every thread of a cycle, oldest first, with the caller's unread and mention markers. */
export async function listThreads(
  db: Database,
  cycleId: string,
  userId: string,
): Promise<Thread[]> {
  const rows = await db.query<ThreadRow>(
    `${THREAD_SELECT} WHERE t.cycle_id = $2 ORDER BY t.created_at, t.id`,
    [userId, cycleId],
  );
  return assemble(db, rows, userId);
}

/** One thread (any cycle); null when the id is unknown or malformed. */
export async function findThread(
  db: Queryable,
  threadId: string,
  userId: string,
): Promise<Thread | null> {
  if (!isUuid(threadId)) return null;
  const rows = await db.query<ThreadRow>(`${THREAD_SELECT} WHERE t.id = $2`, [userId, threadId]);
  return (await assemble(db, rows, userId))[0] ?? null;
}

/** The cycle and organisation a thread belongs to, for access checks; a 404 when unknown. */
export async function threadOwner(
  db: Queryable,
  threadId: string,
): Promise<{
  cycleId: string;
  organisationId: string;
  documentName: string;
  createdBy: string | null;
}> {
  if (!isUuid(threadId)) throw notFound('Fil de discussion introuvable.');
  const [row] = await db.query<{
    cycle_id: string;
    organisation_id: string;
    document_name: string;
    created_by: string | null;
  }>(
    `SELECT t.cycle_id, c.organisation_id, c.document_name, t.created_by
       FROM comment_threads t JOIN cycles c ON c.id = t.cycle_id WHERE t.id = $1`,
    [threadId],
  );
  if (!row) throw notFound('Fil de discussion introuvable.');
  return {
    cycleId: row.cycle_id,
    organisationId: row.organisation_id,
    documentName: row.document_name,
    createdBy: row.created_by,
  };
}

/** Members of the organisation whose name follows an @ in `body` (never the author). */
async function mentionedMembers(
  db: Queryable,
  organisationId: string,
  body: string,
  authorId: string,
): Promise<string[]> {
  if (!body.includes('@')) return [];
  const members = await db.query<{ id: string; name: string }>(
    `SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = $1`,
    [organisationId],
  );
  const text = body.toLocaleLowerCase('fr');
  return members
    .filter((m) => m.id !== authorId && m.name.trim())
    .filter((m) => text.includes(`@${m.name.trim().toLocaleLowerCase('fr')}`))
    .map((m) => m.id);
}

export function checkBody(body: string): void {
  if (!body.trim()) throw badRequest('empty_message', 'Le message est vide.');
  if (body.length > MAX_MESSAGE_LENGTH) {
    throw badRequest(
      'message_too_long',
      `Le message dépasse ${MAX_MESSAGE_LENGTH.toLocaleString('fr-FR')} caractères.`,
    );
  }
}

async function insertMessage(
  tx: Queryable,
  input: {
    threadId: string;
    cycleId: string;
    organisationId: string;
    authorId: string;
    body: string;
  },
): Promise<{ messageId: string; mentions: string[] }> {
  const messageId = randomUUID();
  await tx.query(
    'INSERT INTO comment_messages (id, thread_id, author_id, body) VALUES ($1, $2, $3, $4)',
    [messageId, input.threadId, input.authorId, input.body],
  );
  const mentions = await mentionedMembers(tx, input.organisationId, input.body, input.authorId);
  for (const userId of mentions) {
    await tx.query('INSERT INTO comment_mentions (message_id, user_id) VALUES ($1, $2)', [
      messageId,
      userId,
    ]);
    await notify(tx, userId, input, messageId, 'mention');
  }
  await markRead(tx, input.threadId, input.authorId);
  return { messageId, mentions };
}

async function notify(
  tx: Queryable,
  userId: string,
  input: { threadId: string; cycleId: string; authorId: string },
  messageId: string | null,
  kind: 'mention' | 'reply' | 'resolved',
): Promise<void> {
  await tx.query(
    `INSERT INTO comment_notifications (user_id, cycle_id, thread_id, message_id, kind, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [userId, input.cycleId, input.threadId, messageId, kind, input.authorId],
  );
}

/** Remember that `userId` has read the thread up to now. */
export async function markRead(db: Queryable, threadId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO comment_reads (thread_id, user_id, read_at) VALUES ($1, $2, now())
     ON CONFLICT (thread_id, user_id) DO UPDATE SET read_at = now()`,
    [threadId, userId],
  );
}

/**
 * Open a thread on an anchor that exists in the cycle now (a 400 otherwise), with its first
 * message. Mentioned members get an inbox entry.
 */
export async function createThread(
  db: Database,
  input: {
    cycleId: string;
    organisationId: string;
    model: CycleModel;
    anchor: { kind: AnchorKind; id: string; field?: string };
    body: string;
    authorId: string;
    /** For a passage: the thread id its mark carries, and what it wraps. */
    passage?: { threadId: string; info: AnchorInfo };
  },
): Promise<string> {
  checkBody(input.body);
  // A passage was just marked in the text (see comments.passages.ts): its thread id and quote come
  // from there, the model read before the mark does not know it yet.
  const info = input.passage
    ? input.passage.info
    : anchorIndex(input.model).get(anchorKey(input.anchor.kind, input.anchor.id));
  if (!info || (input.anchor.kind === 'passage' && !input.passage)) {
    throw badRequest(
      'unknown_anchor',
      'L’élément à commenter n’existe pas (ou plus) dans ce cycle.',
    );
  }
  const threadId = input.passage?.threadId ?? randomUUID();
  const anchorId = input.passage ? threadId : input.anchor.id;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO comment_threads (id, cycle_id, anchor_kind, anchor_id, anchor_field, quote, context, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        threadId,
        input.cycleId,
        input.anchor.kind,
        anchorId,
        input.passage ? null : (input.anchor.field ?? null),
        info.quote,
        JSON.stringify(info.context),
        input.authorId,
      ],
    );
    await insertMessage(tx, { ...input, threadId });
  });
  return threadId;
}

/** Reply in a thread. The thread's author (and earlier participants) get a "reply" entry. */
export async function addMessage(
  db: Database,
  input: {
    threadId: string;
    cycleId: string;
    organisationId: string;
    authorId: string;
    body: string;
  },
): Promise<Message> {
  checkBody(input.body);
  const messageId = await db.transaction(async (tx) => {
    const { messageId, mentions } = await insertMessage(tx, input);
    const participants = await tx.query<{ user_id: string }>(
      `SELECT created_by AS user_id FROM comment_threads WHERE id = $1 AND created_by IS NOT NULL
       UNION SELECT author_id FROM comment_messages WHERE thread_id = $1 AND author_id IS NOT NULL`,
      [input.threadId],
    );
    for (const { user_id: userId } of participants) {
      if (userId === input.authorId || mentions.includes(userId)) continue;
      // Only people still in the organisation hear about it.
      const [member] = await tx.query(
        'SELECT 1 FROM memberships WHERE organisation_id = $1 AND user_id = $2',
        [input.organisationId, userId],
      );
      if (member) await notify(tx, userId, input, messageId, 'reply');
    }
    return messageId;
  });
  const [row] = await db.query<MessageRow>(
    `SELECT m.id, m.thread_id, m.author_id, u.name AS author_name, m.body, m.created_at,
            m.edited_at, m.deleted_at
       FROM comment_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1`,
    [messageId],
  );
  return toMessage(row!);
}

async function ownMessage(db: Queryable, threadId: string, messageId: string, userId: string) {
  if (!isUuid(messageId)) throw notFound('Message introuvable.');
  const [row] = await db.query<{ author_id: string | null; deleted_at: unknown }>(
    'SELECT author_id, deleted_at FROM comment_messages WHERE id = $1 AND thread_id = $2',
    [messageId, threadId],
  );
  if (!row || row.deleted_at) throw notFound('Message introuvable.');
  if (row.author_id !== userId) {
    throw new AppError(403, 'not_your_message', 'Seul l’auteur d’un message peut le modifier.');
  }
}

/** Change the text of one's own message (mentions are recomputed; the edit time is shown). */
export async function editMessage(
  db: Database,
  input: {
    threadId: string;
    messageId: string;
    organisationId: string;
    cycleId: string;
    userId: string;
    body: string;
  },
): Promise<void> {
  checkBody(input.body);
  await db.transaction(async (tx) => {
    await ownMessage(tx, input.threadId, input.messageId, input.userId);
    await tx.query('UPDATE comment_messages SET body = $2, edited_at = now() WHERE id = $1', [
      input.messageId,
      input.body,
    ]);
    const before = new Set(
      (
        await tx.query<{ user_id: string }>(
          'SELECT user_id FROM comment_mentions WHERE message_id = $1',
          [input.messageId],
        )
      ).map((row) => row.user_id),
    );
    const now = await mentionedMembers(tx, input.organisationId, input.body, input.userId);
    for (const userId of now) {
      if (before.has(userId)) continue;
      await tx.query('INSERT INTO comment_mentions (message_id, user_id) VALUES ($1, $2)', [
        input.messageId,
        userId,
      ]);
      await notify(
        tx,
        userId,
        { threadId: input.threadId, cycleId: input.cycleId, authorId: input.userId },
        input.messageId,
        'mention',
      );
    }
    for (const userId of before) {
      if (!now.includes(userId)) {
        await tx.query('DELETE FROM comment_mentions WHERE message_id = $1 AND user_id = $2', [
          input.messageId,
          userId,
        ]);
      }
    }
  });
}

/** Delete one's own message: the thread keeps a "message supprimé" line in its place. */
export async function deleteMessage(
  db: Database,
  input: { threadId: string; messageId: string; userId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await ownMessage(tx, input.threadId, input.messageId, input.userId);
    await tx.query(`UPDATE comment_messages SET body = '', deleted_at = now() WHERE id = $1`, [
      input.messageId,
    ]);
    await tx.query('DELETE FROM comment_mentions WHERE message_id = $1', [input.messageId]);
    await tx.query('DELETE FROM comment_notifications WHERE message_id = $1', [input.messageId]);
  });
}

/** Resolve or reopen; the thread's author hears about a resolution by someone else. */
export async function setResolved(
  db: Database,
  input: {
    threadId: string;
    cycleId: string;
    userId: string;
    resolved: boolean;
    createdBy: string | null;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (input.resolved) {
      const changed = await tx.query(
        `UPDATE comment_threads SET resolved_at = now(), resolved_by = $2
          WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
        [input.threadId, input.userId],
      );
      if (changed.length > 0 && input.createdBy && input.createdBy !== input.userId) {
        await notify(
          tx,
          input.createdBy,
          { threadId: input.threadId, cycleId: input.cycleId, authorId: input.userId },
          null,
          'resolved',
        );
      }
    } else {
      await tx.query(
        'UPDATE comment_threads SET resolved_at = NULL, resolved_by = NULL WHERE id = $1',
        [input.threadId],
      );
    }
  });
}

/** Open (unresolved, attached) thread counts per row id, for the grid. */
export function openCountsByRow(threads: Thread[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const thread of threads) {
    if (thread.anchor.kind === 'row' && thread.status === 'open') {
      counts[thread.anchor.id] = (counts[thread.anchor.id] ?? 0) + 1;
    }
  }
  return counts;
}
