/**
 * Every error leaves as `{error, message}` JSON with a 4xx/5xx status; never a stack trace.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { databaseError } from '../http/database-errors.ts';

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return 'La requête est invalide.';
  const field = first.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
  const where = field ? ` (champ « ${field} »)` : '';
  switch (first.keyword) {
    case 'required':
      return `Champ obligatoire manquant : « ${String(first.params.missingProperty)} ».`;
    case 'additionalProperties':
      return `Champ inconnu : « ${String(first.params.additionalProperty)} ».`;
    case 'maxLength':
      return `Texte trop long${where} : ${String(first.params.limit)} caractères au plus.`;
    case 'minLength':
      return `Texte trop court${where}.`;
    case 'minimum':
    case 'maximum':
      return `Valeur hors des limites autorisées${where}.`;
    case 'type':
    case 'format':
    case 'pattern':
    case 'enum':
      return `Valeur invalide${where}.`;
    default:
      return `La requête est invalide${where}.`;
  }
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      return reply
        .status(400)
        .send({ error: 'invalid_request', message: validationMessage(error) });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return reply.status(400).send({
        error: 'invalid_json',
        message: 'Le corps de la requête n’est pas du JSON valide.',
      });
    }
    // A value the database refused: the caller's mistake, said in French (issue 18 #9).
    const refused = databaseError(error);
    if (refused) {
      if (refused.statusCode >= 500) request.log.warn({ code: error.code }, 'database busy');
      return reply
        .status(refused.statusCode)
        .send({ error: refused.code, message: refused.message });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const messages: Record<number, [string, string]> = {
        413: ['payload_too_large', 'Les données envoyées sont trop volumineuses.'],
        415: ['unsupported_media_type', 'Format de données non pris en charge : envoyez du JSON.'],
        429: ['too_many_requests', 'Trop de tentatives : réessayez dans une minute.'],
      };
      const [code, message] = messages[status] ?? ['bad_request', 'La requête est invalide.'];
      return reply.status(status).send({ error: code, message });
    }
    request.log.error(error);
    return reply.status(500).send({
      error: 'internal',
      message: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
    });
  });
}

export default fp(errorsPlugin, { name: 'errors' });
