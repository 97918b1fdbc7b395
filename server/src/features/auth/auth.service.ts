/**
 * Accounts and sessions. A session is a random token in an httpOnly cookie; the database keeps
 * its hash and an expiry that slides forward while the person keeps using Pilotis.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
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
  return insertUser(db, {
    email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
  });
}

/** Insert an account whose password is already hashed (a confirmed sign-up); 409 if the address is taken. */
export async function insertUser(
  db: Queryable,
  input: { email: string; name: string; passwordHash: string },
): Promise<User> {
  const user: User = { id: randomUUID(), email: input.email.trim(), name: input.name.trim() };
  try {
    await db.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
      user.id,
      user.email,
      user.name,
      input.passwordHash,
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

/** Change a password; every other session of the user is signed out, every reset link dies. */
export async function changePassword(
  db: Queryable,
  userId: string,
  newPassword: string,
  keepTokenHash: string | null,
): Promise<void> {
  await setPasswordHash(db, userId, await hashPassword(newPassword), keepTokenHash);
}

async function setPasswordHash(
  db: Queryable,
  userId: string,
  passwordHash: string,
  keepTokenHash: string | null,
): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
  await invalidateResetLinks(db, userId);
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

/** How long a reset link stays valid: one hour (issue 18 #3). */
export const RESET_LINK_MINUTES = 60;

/**
 * A one-time reset link token for a user, valid RESET_LINK_MINUTES. A link made by a pilote
 * (`madeBy`) names the pilote and the organisation: when it is used, the pilote must still run
 * that organisation and every other one the person belongs to, and the person must still be in it.
 * A link sent by e-mail to the person themselves has no maker.
 */
export async function createPasswordReset(
  db: Queryable,
  userId: string,
  madeBy?: { userId: string; organisationId: string },
): Promise<string> {
  const token = newToken();
  await db.query(
    `INSERT INTO password_resets (token_hash, user_id, expires_at, created_by, organisation_id)
     VALUES ($1, $2, now() + make_interval(mins => $3), $4, $5)`,
    [
      hashToken(token),
      userId,
      RESET_LINK_MINUTES,
      madeBy?.userId ?? null,
      madeBy?.organisationId ?? null,
    ],
  );
  return token;
}

/** Kill every outstanding reset link of a user (password changed, link used). */
export async function invalidateResetLinks(db: Queryable, userId: string): Promise<void> {
  await db.query(
    'UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL',
    [userId],
  );
}

const invalidResetLink = () =>
  new AppError(
    400,
    'invalid_reset_link',
    'Ce lien de réinitialisation n’est plus valable. Demandez-en un nouveau.',
  );

/**
 * Use a reset token once: every condition of its making is checked again, then the password is
 * set, every other link dies and every session is signed out. Returns the user id.
 */
export async function resetPassword(
  db: Database,
  token: string,
  newPassword: string,
): Promise<string> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{
      user_id: string;
      created_by: string | null;
      organisation_id: string | null;
    }>(
      `UPDATE password_resets SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          AND created_at > now() - make_interval(mins => $2)
        RETURNING user_id, created_by, organisation_id`,
      [hashToken(token), RESET_LINK_MINUTES],
    );
    if (!row) throw invalidResetLink();
    if (row.created_by !== null || row.organisation_id !== null) {
      // Still pilote of the organisation, the person still in it, and no organisation of the
      // person outside the pilote's reach.
      const [check] = await tx.query<{ ok: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM memberships WHERE organisation_id = $3 AND user_id = $2 AND role = 'pilote')
            AND EXISTS (SELECT 1 FROM memberships WHERE organisation_id = $3 AND user_id = $1)
            AND NOT EXISTS (
              SELECT 1 FROM memberships target WHERE target.user_id = $1 AND NOT EXISTS (
                SELECT 1 FROM memberships mine WHERE mine.organisation_id = target.organisation_id
                   AND mine.user_id = $2 AND mine.role = 'pilote')) AS ok`,
        [row.user_id, row.created_by, row.organisation_id],
      );
      if (!check?.ok) throw invalidResetLink();
    }
    await setPasswordHash(tx, row.user_id, passwordHash, null);
    return row.user_id;
  });
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | null> {
  const [row] = await db.query<User>(
    'SELECT id, email, name FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  return row ?? null;
}
