/**
 * Accounts and sessions. A session is a random token in an httpOnly cookie; the database keeps
 * its hash and an expiry that slides forward while the person keeps using Pilotis.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { AppError, conflict } from '../../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

export interface User {
  id: string;
  email: string;
  name: string;
}

/** How long a session lives without use. */
export const SESSION_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.');

export async function createUser(
  db: Queryable,
  input: { email: string; password: string; name: string },
): Promise<User> {
  const email = input.email.trim();
  const [existing] = await db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email]);
  if (existing) throw conflict('email_taken', 'Un compte existe déjà avec cette adresse e-mail.');
  const user: User = { id: randomUUID(), email, name: input.name.trim() };
  try {
    await db.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
      user.id,
      user.email,
      user.name,
      await hashPassword(input.password),
    ]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw conflict('email_taken', 'Un compte existe déjà avec cette adresse e-mail.');
    }
    throw error;
  }
  return user;
}

/** The user whose password matches, or null. Always spends the time of one hash. */
export async function checkCredentials(
  db: Queryable,
  email: string,
  password: string,
): Promise<User | null> {
  const [row] = await db.query<User & { password_hash: string }>(
    'SELECT id, email, name, password_hash FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  // Hash even for an unknown address, so timing does not reveal which addresses have accounts.
  const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA');
  return row && ok ? { id: row.id, email: row.email, name: row.name } : null;
}

export async function createSession(
  db: Queryable,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token),
    userId,
    expiresAt,
  ]);
  return { token, expiresAt };
}

export interface SessionInfo {
  user: User;
  tokenHash: string;
  expiresAt: Date;
}

/** The live session of a cookie token (expired ones are deleted on sight), sliding its expiry. */
export async function findSession(db: Queryable, token: string): Promise<SessionInfo | null> {
  const tokenHash = hashToken(token);
  const [row] = await db.query<User & { expires_at: Date | string }>(
    `SELECT u.id, u.email, u.name, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= Date.now()) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    return null;
  }
  // Slide the expiry at most once a day, not on every request.
  if (expiresAt.getTime() - Date.now() < (SESSION_DAYS - 1) * DAY_MS) {
    expiresAt = new Date(Date.now() + SESSION_DAYS * DAY_MS);
    await db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [
      tokenHash,
      expiresAt,
    ]);
  }
  return { user: { id: row.id, email: row.email, name: row.name }, tokenHash, expiresAt };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** Change a password; every other session of the user is signed out. */
export async function changePassword(
  db: Queryable,
  userId: string,
  newPassword: string,
  keepTokenHash: string | null,
): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
    userId,
    await hashPassword(newPassword),
  ]);
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
    userId,
    keepTokenHash,
  ]);
}

export async function verifyUserPassword(
  db: Queryable,
  userId: string,
  password: string,
): Promise<boolean> {
  const [row] = await db.query<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE id = $1',
    [userId],
  );
  return !!row && (await verifyPassword(password, row.password_hash));
}

/** A one-time reset link token for a user, valid `hours` hours. */
export async function createPasswordReset(
  db: Queryable,
  userId: string,
  hours = 24,
): Promise<string> {
  const token = newToken();
  await db.query(
    'INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)',
    [hashToken(token), userId, new Date(Date.now() + hours * 60 * 60 * 1000)],
  );
  return token;
}

/** Use a reset token once: sets the password and signs out every session. Returns the user id. */
export async function resetPassword(
  db: Queryable,
  token: string,
  newPassword: string,
): Promise<string> {
  const [row] = await db.query<{ user_id: string }>(
    `UPDATE password_resets SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
    [hashToken(token)],
  );
  if (!row) {
    throw new AppError(
      400,
      'invalid_reset_link',
      'Ce lien de réinitialisation n’est plus valable. Demandez-en un nouveau.',
    );
  }
  await changePassword(db, row.user_id, newPassword, null);
  return row.user_id;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | null> {
  const [row] = await db.query<User>(
    'SELECT id, email, name FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  return row ?? null;
}
