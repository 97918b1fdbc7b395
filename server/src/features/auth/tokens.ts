import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret (sessions, invitations, password resets). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
