/**
 * TypeBox schemas of the versions routes: one declaration gives validation, the handlers' types,
 * the response serialisation and the OpenAPI entry.
 */
import { Type, type Static } from 'typebox';
import { STAGES } from '@pilotis/shared';

export const ErrorReply = Type.Object({ error: Type.String(), message: Type.String() });

/** An id in a path: any short string; a malformed one is answered 404 like an unknown one. */
const Id = Type.String({ maxLength: 64 });

export const CycleParams = Type.Object({ cycleId: Id });
export const VersionParams = Type.Object({ versionId: Id });
export const LinkParams = Type.Object({ linkId: Id });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export const StageSchema = Type.Enum([...STAGES]);

const FilesStored = Type.Boolean({
  description:
    'Le classeur et le PDF sont enregistrés dans la version ; sinon (version automatique) ils sont ' +
    'produits à la demande à partir du document figé, et leurs empreintes sont celles de fichiers vides',
});

export const VersionSchema = Type.Object({
  id: Type.String(),
  cycleId: Type.String(),
  label: Type.String(),
  stage: StageSchema,
  kind: Type.Union([Type.Literal('named'), Type.Literal('safety'), Type.Literal('checkpoint')], {
    description:
      'named: figée par un pilote; safety: avant une restauration; checkpoint: automatique',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  hash: Type.String({ description: 'SHA-256 de l’état du document figé' }),
  xlsxHash: Type.String({ description: 'SHA-256 du classeur enregistré' }),
  pdfHash: Type.String({ description: 'SHA-256 du dossier PDF enregistré' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  publicLink: Type.Boolean({ description: 'Un lien public actif existe' }),
  docx: Type.Boolean({ description: 'Un dossier DOCX à modifier est enregistré avec la version' }),
  filesStored: FilesStored,
});
export type VersionReply = Static<typeof VersionSchema>;

export const FreezeBody = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    stage: StageSchema,
  },
  { additionalProperties: false },
);

export const StageBody = Type.Object({ stage: StageSchema }, { additionalProperties: false });

export const CompareQuery = Type.Object({
  with: Type.String({ maxLength: 64, description: 'Un identifiant de version ou « live »' }),
  theme: Type.Optional(Type.String({ maxLength: 64 })),
});

const CellValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const Piece = Type.Object({
  op: Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(1)]),
  text: Type.String(),
});

export const ComparisonSchema = Type.Object({
  cells: Type.Array(
    Type.Object({
      rowId: Type.String(),
      field: Type.String(),
      before: CellValue,
      after: CellValue,
    }),
  ),
  rowsAdded: Type.Array(Type.String()),
  rowsRemoved: Type.Array(Type.String()),
  rowsMoved: Type.Array(Type.String()),
  themes: Type.Array(
    Type.Object({
      themeId: Type.String(),
      number: Type.Number(),
      title: Type.String(),
      before: Type.Boolean(),
      after: Type.Boolean(),
    }),
  ),
  actions: Type.Array(
    Type.Object({
      actionId: Type.String(),
      title: Type.String(),
      before: Type.String(),
      after: Type.String(),
    }),
  ),
  sections: Type.Array(
    Type.Object({
      sectionId: Type.String(),
      title: Type.String(),
      change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
      paragraphs: Type.Array(Piece),
    }),
  ),
  rows: Type.Record(
    Type.String(),
    Type.Object({
      label: Type.String(),
      themeId: Type.Union([Type.String(), Type.Null()]),
      domainNumber: Type.String(),
    }),
  ),
});

export const RestoreBody = Type.Object(
  {
    scope: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
        Type.Object(
          { kind: Type.Union([Type.Literal('theme'), Type.Literal('row')]), id: Id },
          { additionalProperties: false },
        ),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const RestoreReply = Type.Object({
  safetyVersionId: Type.String(),
  summary: Type.Object({ added: Type.Integer(), updated: Type.Integer(), removed: Type.Integer() }),
});

export const LinkBody = Type.Object(
  { expiresAt: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);

export const LinkSchema = Type.Object({
  id: Type.String(),
  versionId: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revoked: Type.Boolean(),
  openCount: Type.Integer(),
  lastOpenedAt: Type.Union([Type.String(), Type.Null()]),
});

export const CreatedLink = Type.Object({
  ...LinkSchema.properties,
  token: Type.String(),
  url: Type.String(),
});

export const PublicVersionSchema = Type.Object({
  label: Type.String(),
  stage: StageSchema,
  createdAt: Type.String(),
  organisationName: Type.String(),
  year: Type.Integer(),
  hash: Type.String(),
  xlsxHash: Type.String(),
  pdfHash: Type.String(),
  filesStored: FilesStored,
});

/** A file answered as bytes (documented for OpenAPI; Fastify sends Buffers as they are). */
export const FileReply = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
