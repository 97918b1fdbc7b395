/**
 * Errors that happen before a route runs keep the `{error, message}` contract too (issue 18 #15):
 * Node's HTTP parser (headers too large → 431, malformed request → 400, timeout → 408) and
 * Fastify's router (a malformed URL → 400, a path segment too long → 414). The defaults echoed
 * the URL back and answered in English.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'headers_too_large',
    'Les en-têtes de la requête sont trop volumineux : supprimez les cookies de ce site et réessayez.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'timeout', 'La requête a mis trop de temps à arriver.'],
};

/** Fastify's `clientErrorHandler`: answers from the raw socket, JSON, French, nothing echoed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'bad_request',
    'La requête est mal formée.',
  ];
  const body = JSON.stringify({ error: code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

/** Fastify's `frameworkErrors`: router errors as `{error, message}`, the URL never echoed. */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({
      error: 'uri_too_long',
      message: 'L’adresse demandée est trop longue : vérifiez le lien utilisé.',
    });
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({
      error: 'bad_url',
      message: 'L’adresse demandée est mal formée : vérifiez le lien utilisé.',
    });
    return;
  }
  void reply.status(400).send({ error: 'bad_request', message: 'La requête est invalide.' });
}
