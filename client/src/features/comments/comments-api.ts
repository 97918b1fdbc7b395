/**
 * The comment routes of API.md (threads, messages, resolve/reopen) and the inbox, typed for the
 * browser; errors are ApiError with the server's French message.
 */
import { ApiError } from '../../lib/api.ts';

export type AnchorKind = 'row' | 'theme' | 'action' | 'section' | 'passage';
export type ThreadStatus = 'open' | 'resolved' | 'detached';

export interface CommentPerson {
  id: string;
  name: string;
}

export interface CommentMessage {
  id: string;
  author: CommentPerson;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface Thread {
  id: string;
  cycleId: string;
  anchor: { kind: AnchorKind; id: string; field?: string };
  status: ThreadStatus;
  resolved: boolean;
  detached: boolean;
  quote: string;
  context: {
    themeNumber?: number;
    themeTitle?: string;
    domainNumber?: string;
    domainTitle?: string;
    rowIndex?: number;
    /** For a passage: its section. */
    sectionId?: string;
    sectionTitle?: string;
  };
  createdBy: CommentPerson | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: CommentPerson | null;
  messages: CommentMessage[];
  unread: boolean;
  mentionsMe: boolean;
}

export interface InboxItem {
  id: number;
  kind: 'mention' | 'reply' | 'resolved';
  cycleId: string;
  cycleYear: number;
  organisationName: string;
  threadId: string;
  quote: string;
  actor: CommentPerson | null;
  excerpt: string;
  createdAt: string;
  read: boolean;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload as { error?: string; message?: string } | null;
    throw new ApiError(response.status, error?.error ?? 'unknown', error?.message ?? '');
  }
  return payload as T;
}

const thread = (id: string) => `/api/threads/${encodeURIComponent(id)}`;

export const commentsApi = {
  list: (cycleId: string) =>
    call<Thread[]>('GET', `/api/cycles/${encodeURIComponent(cycleId)}/threads`),
  get: (id: string) => call<Thread>('GET', thread(id)),
  create: (
    cycleId: string,
    anchor: Thread['anchor'],
    body: string,
    passage?: { from: string; to: string },
  ) =>
    call<Thread>('POST', `/api/cycles/${encodeURIComponent(cycleId)}/threads`, {
      anchor,
      body,
      ...(passage ? { passage } : {}),
    }),
  reply: (id: string, body: string) =>
    call<CommentMessage>('POST', `${thread(id)}/messages`, { body }),
  edit: (id: string, messageId: string, body: string) =>
    call<Thread>('PATCH', `${thread(id)}/messages/${encodeURIComponent(messageId)}`, { body }),
  remove: (id: string, messageId: string) =>
    call<Thread>('DELETE', `${thread(id)}/messages/${encodeURIComponent(messageId)}`),
  resolve: (id: string) => call<Thread>('POST', `${thread(id)}/resolve`, {}),
  reopen: (id: string) => call<Thread>('POST', `${thread(id)}/reopen`, {}),
  markRead: (id: string) => call<null>('POST', `${thread(id)}/read`, {}),
  inbox: () => call<{ unread: number; items: InboxItem[] }>('GET', '/api/me/notifications'),
  markInboxRead: (ids?: number[]) =>
    call<null>('POST', '/api/me/notifications/read', ids ? { ids } : {}),
  settings: () => call<{ mail: boolean }>('GET', '/api/me/comment-settings'),
  setMail: (mail: boolean) => call<{ mail: boolean }>('PUT', '/api/me/comment-settings', { mail }),
};
