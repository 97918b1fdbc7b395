/**
 * TypeBox schemas shared by several routes: one declaration validates requests, types the
 * handlers, shapes responses (nothing else leaves the server) and feeds the OpenAPI description.
 */
import { Type, type TString } from 'typebox';
import { ROLES, STAGES } from '@pilotis/shared';

/** An id in a path: any short string; a malformed one is answered 404 like an unknown one. */
export const idParam = Type.String({ maxLength: 64 }) as TString & { readonly maxLength: 64 };
/** An id in a body: must be a well-formed UUID. */
export const uuidField = Type.String({ format: 'uuid' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** Every 4xx/5xx answer: a stable code and a French sentence for a person. */
export const errorSchema = Type.Object({ error: Type.String(), message: Type.String() });

/** The same error body under every status a route may answer with. */
export const errorReplies = <const S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorSchema])) as Record<
    S,
    typeof errorSchema
  >;

/** An answer with no body (204). */
export const noContent = Type.Null({ description: 'Pas de contenu' });

export const roleSchema = Type.Enum([...ROLES]);
export const stageSchema = Type.Enum([...STAGES]);

export const OrgParams = Type.Object({ orgId: idParam });
export const CycleParams = Type.Object({ cycleId: idParam });

export const organisationSchema = Type.Object({ id: Type.String(), name: Type.String() });

export const cycleSchema = Type.Object({
  id: Type.String(),
  organisationId: Type.String(),
  year: Type.Integer(),
  stage: Type.String(),
  documentName: Type.String(),
  role: Type.Optional(
    Type.String({ description: 'Le rôle de l’appelant dans l’organisation du cycle' }),
  ),
});

export const userSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
});

/** A downloaded file (xlsx, pdf, docx). */
export const fileReply = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
