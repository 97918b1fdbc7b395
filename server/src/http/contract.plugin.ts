/**
 * The `{error, message}` contract at the edges of the HTTP server (issue 18 #9, #12, #15), for
 * every route, old and new, whatever its schema:
 *
 * - a URL longer than MAX_URL_LENGTH → 414, without echoing it;
 * - a plain GET on the collaboration path (no WebSocket upgrade) → 426 with a French message;
 * - a JSON body nested deeper than MAX_BODY_DEPTH → 400 (deep structures exhaust stacks later);
 * - a text field with control, direction-override or invisible characters, or broken UTF-16
 *   → 400 naming the field (they reached download file names and made PostgreSQL answer 500).
 *
 * The handlers of errors that happen before routing (Node's parser, Fastify's router) are in
 * framework-errors.ts and are passed as Fastify options (app.ts).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COLLAB_PATH } from '@pilotis/shared';
import { valueDepth } from '../collab/document-limits.extension.ts';
import { stripInvisible, textProblem } from './text.ts';

/** Longest URL (path and query) answered; 8 KiB like most proxies. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Deepest JSON body accepted: the API's deepest body is 4 levels. */
export const MAX_BODY_DEPTH = 32;

/** Passwords are checked as typed, never refused for their characters (old accounts keep theirs). */
const UNCHECKED_KEY = /password/i;

/** The first string (with its path) that carries a forbidden character. Iterative. */
export function findBadText(
  value: unknown,
): { path: string; problem: 'control' | 'encoding' } | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { path, problem };
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    for (const [key, child] of Object.entries(current)) {
      if (UNCHECKED_KEY.test(key)) continue;
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: path ? `${path}.${key}` : key, problem: keyProblem };
      stack.push({ value: child, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
}

function refuse(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.status(status).header('cache-control', 'no-store').send({ error, message });
}

async function contractPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      return refuse(
        reply,
        414,
        'uri_too_long',
        'L’adresse demandée est trop longue : vérifiez le lien utilisé.',
      );
    }
    const path = request.url.split('?')[0];
    if (
      path === COLLAB_PATH &&
      request.headers.upgrade?.toLowerCase() !== 'websocket' &&
      request.method !== 'OPTIONS'
    ) {
      return refuse(
        reply,
        426,
        'upgrade_required',
        'Cette adresse sert à la collaboration en direct : ouvrez Pilotis dans le navigateur.',
      );
    }
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
      if (valueDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
        return refuse(
          reply,
          400,
          'too_deep',
          'Les données envoyées sont trop imbriquées pour être traitées.',
        );
      }
    }
    for (const part of [request.params, request.query, Buffer.isBuffer(body) ? null : body]) {
      const bad = findBadText(part);
      if (!bad) continue;
      // The field's name comes from the request: shown cleaned and short.
      const field = stripInvisible(bad.path).slice(0, 60);
      const where = field ? ` (champ « ${field} »)` : '';
      return refuse(
        reply,
        400,
        'invalid_characters',
        bad.problem === 'encoding'
          ? `Le texte contient des caractères mal encodés${where}.`
          : `Le texte contient des caractères de contrôle ou invisibles non autorisés${where} : retirez-les et réessayez.`,
      );
    }
  });
}

export default fp(contractPlugin, { name: 'http-contract' });
