/**
 * Serves the built client (client/dist) at `/`, with index.html for every other page path so that
 * deep links such as /cycles/<id> work on reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { COLLAB_PATH } from '@pilotis/shared';

const NOT_BUILT = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Pilotis</title>
<p>L’interface n’est pas encore construite : lancez <code>npm start</code> à la racine du projet.</p></html>`;

async function clientPlugin(app: FastifyInstance): Promise<void> {
  const root = app.config.clientDir;
  const built = existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root, index: ['index.html'], wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api/') &&
      request.url !== '/api' &&
      !request.url.startsWith(COLLAB_PATH);
    if (isPage) {
      return built
        ? reply.type('text/html; charset=utf-8').sendFile('index.html')
        : reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    return reply.status(404).send({ error: 'not_found', message: 'Ressource introuvable.' });
  });
}

export default fp(clientPlugin, { name: 'client', dependencies: ['config'] });
