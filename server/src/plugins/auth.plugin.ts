/**
 * Who is calling: the session cookie is resolved on every request into `request.auth`. Also the
 * request-level protections: security headers with a CSP the app passes, and CSRF defence for
 * cookie-authenticated writes (Fetch Metadata + Origin: a browser always says where a request
 * comes from; scripts and integrators, which send no such header, are not a CSRF vector).
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COLLAB_PATH } from '@pilotis/shared';
import { AppError } from '../errors.ts';
import { findSession, type SessionInfo } from '../features/auth/auth.service.ts';

export const SESSION_COOKIE = 'pilotis_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null for an anonymous request. */
    auth: SessionInfo | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when `origin` is this server (as addressed by the request) or explicitly allowed. */
export function isAllowedOrigin(
  origin: string,
  request: FastifyRequest,
  allowed: string[],
): boolean {
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

async function authPlugin(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // 'self' covers the same-origin ws:/wss: collaboration socket (CSP 3); no other host.
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The app is served over plain HTTP on a LAN in many meeting rooms: no HSTS by default.
    hsts: app.config.cookieSecure,
    crossOriginEmbedderPolicy: false,
  });

  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Only the API and the socket need to know who calls: the built client's files and pages
    // must not cost a session lookup each.
    if (!request.url.startsWith('/api/') && !request.url.startsWith(COLLAB_PATH)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await findSession(app.db, token);

    if (!UNSAFE.has(request.method) || !token) return;
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
      throw new AppError(403, 'csrf', 'Requête refusée : elle ne vient pas de Pilotis.');
    }
    const origin = request.headers.origin;
    if (
      typeof origin === 'string' &&
      !isAllowedOrigin(origin, request, app.config.allowedOrigins)
    ) {
      throw new AppError(403, 'csrf', 'Requête refusée : elle ne vient pas de Pilotis.');
    }
  });
}

/** Set the session cookie: httpOnly, SameSite=Lax, Secure on HTTPS deployments. */
export function setSessionCookie(
  app: FastifyInstance,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.cookieSecure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.cookieSecure,
  });
}

/** The signed-in user, or a 401 asking to sign in. */
export function requireAuth(request: FastifyRequest): SessionInfo {
  if (!request.auth) throw new AppError(401, 'unauthenticated', 'Connectez-vous pour continuer.');
  return request.auth;
}

export default fp(authPlugin, { name: 'auth', dependencies: ['config', 'db'] });
