/**
 * JSON schemas shared by several routes: they validate requests, shape responses and feed the
 * OpenAPI description.
 */
/** An id in a path: any short string; a malformed one is answered 404 like an unknown one. */
export const idParam = { type: 'string', maxLength: 64 } as const;
/** An id in a body: must be a well-formed UUID. */
export const uuidField = { type: 'string', format: 'uuid' } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const organisationSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'name'],
} as const;

export const cycleSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    organisationId: { type: 'string' },
    year: { type: 'integer' },
    stage: { type: 'string' },
    documentName: { type: 'string' },
    role: { type: 'string', description: 'Le rôle de l’appelant dans l’organisation du cycle' },
  },
  required: ['id', 'organisationId', 'year', 'stage', 'documentName'],
} as const;
