/**
 * TypeBox schemas of the comment routes: they validate requests, shape responses (nothing else
 * leaves the server) and feed the OpenAPI description.
 */
import { Type, type Static } from 'typebox';
import { ANCHOR_KINDS } from './comment-anchors.ts';
import { MAX_MESSAGE_LENGTH } from './comments.service.ts';

export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

export const CycleParams = Type.Object({ cycleId: Type.String({ maxLength: 64 }) });
export const ThreadParams = Type.Object({ threadId: Type.String({ maxLength: 64 }) });
export const MessageParams = Type.Object({
  threadId: Type.String({ maxLength: 64 }),
  messageId: Type.String({ maxLength: 64 }),
});
export const VersionParams = Type.Object({ versionId: Type.String({ maxLength: 64 }) });

/** Plain text, line breaks allowed; rendered as text everywhere, never as HTML. */
export const MessageBody = Type.String({
  minLength: 1,
  maxLength: MAX_MESSAGE_LENGTH,
  description: 'Texte brut (sauts de ligne permis), 10 000 caractères au plus',
});

const PersonSchema = Type.Object({ id: Type.String(), name: Type.String() });

export const MessageSchema = Type.Object({
  id: Type.String(),
  author: PersonSchema,
  body: Type.String({ description: 'Vide pour un message supprimé' }),
  createdAt: Type.String({ description: 'Heure du serveur (ISO 8601)' }),
  editedAt: Type.Union([Type.String(), Type.Null()]),
  deleted: Type.Boolean(),
});

const AnchorKind = Type.Union([
  Type.Literal('row'),
  Type.Literal('theme'),
  Type.Literal('action'),
  Type.Literal('section'),
  Type.Literal('passage'),
]);
/** Kept in step with ANCHOR_KINDS (compile-time check). */
export const ANCHOR_KIND_VALUES: readonly Static<typeof AnchorKind>[] = ANCHOR_KINDS;

export const AnchorSchema = Type.Object({
  kind: AnchorKind,
  id: Type.String({ minLength: 1, maxLength: 64 }),
  field: Type.Optional(
    Type.String({ maxLength: 40, description: 'Une colonne de la ligne (ex. target1y)' }),
  ),
});

export const ThreadSchema = Type.Object({
  id: Type.String(),
  cycleId: Type.String(),
  anchor: AnchorSchema,
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('detached')]),
  resolved: Type.Boolean(),
  detached: Type.Boolean(),
  quote: Type.String(),
  context: Type.Object({
    themeNumber: Type.Optional(Type.Number()),
    themeTitle: Type.Optional(Type.String()),
    domainNumber: Type.Optional(Type.String()),
    domainTitle: Type.Optional(Type.String()),
    rowIndex: Type.Optional(Type.Number()),
    sectionId: Type.Optional(Type.String()),
    sectionTitle: Type.Optional(Type.String()),
  }),
  createdBy: Type.Union([PersonSchema, Type.Null()]),
  createdAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([PersonSchema, Type.Null()]),
  messages: Type.Array(MessageSchema),
  unread: Type.Boolean(),
  mentionsMe: Type.Boolean(),
});

/**
 * Other fields a client may send (an author, a date) are ignored, never stored: author and time
 * are the server's.
 */
/** A Yjs relative position (Y.encodeRelativePosition), base64. */
const RelativePosition = Type.String({
  minLength: 4,
  maxLength: 400,
  pattern: '^[A-Za-z0-9+/=]+$',
});

export const NewThreadBody = Type.Object({
  anchor: AnchorSchema,
  body: MessageBody,
  passage: Type.Optional(
    Type.Object(
      { from: RelativePosition, to: RelativePosition },
      {
        description:
          'Pour un passage (anchor.kind « passage », anchor.id = la section) : début et fin de la sélection',
      },
    ),
  ),
});

export const NewMessageBody = Type.Object({ body: MessageBody });

export const NotificationSchema = Type.Object({
  id: Type.Number(),
  kind: Type.Union([Type.Literal('mention'), Type.Literal('reply'), Type.Literal('resolved')]),
  cycleId: Type.String(),
  cycleYear: Type.Number(),
  organisationName: Type.String(),
  threadId: Type.String(),
  quote: Type.String(),
  actor: Type.Union([PersonSchema, Type.Null()]),
  excerpt: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});

export const InboxSchema = Type.Object({
  unread: Type.Number(),
  items: Type.Array(NotificationSchema),
});

export const MarkReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 })) },
  { additionalProperties: false },
);

export const MailSettingsSchema = Type.Object(
  { mail: Type.Boolean({ description: 'Recevoir un e-mail récapitulatif (15 min au plus)' }) },
  { additionalProperties: false },
);

export const VersionThreadsSchema = Type.Object({
  versionId: Type.String(),
  frozenAt: Type.String(),
  threads: Type.Array(ThreadSchema),
});
