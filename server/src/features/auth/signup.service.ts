/**
 * Sign-up confirmed by e-mail (issue 18 #15, decision 0020). When the server can send e-mail, a
 * sign-up never says whether the address has an account: it always answers the same, after the
 * same work (the password is hashed either way), and the address receives either a confirmation
 * link (a new address) or a note that it already has an account. The link is short-lived, used
 * once, and only its hash is stored; following it creates the account and the session.
 */
import type { Database, Queryable } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { findUserByEmail, insertUser, type User } from './auth.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

/** How long a sign-up confirmation link stays valid: one hour, like a reset link. */
export const SIGNUP_LINK_MINUTES = 60;

export type SignupRequest =
  { kind: 'new'; token: string | null } | { kind: 'existing'; user: User };

/**
 * Record a sign-up that waits for its confirmation (when `store`: a mail will carry its link), or
 * find the account the address already has. Either way the password is hashed first, so both
 * take the time of one hash. Earlier requests for the address stay valid (each link with the
 * password chosen with it): a stranger signing up someone's pending address cannot kill their link.
 */
export async function requestSignup(
  db: Queryable,
  input: { email: string; password: string; name: string },
  invitationHash: string | null,
  store: boolean,
): Promise<SignupRequest> {
  const email = input.email.trim();
  const passwordHash = await hashPassword(input.password);
  const user = await findUserByEmail(db, email);
  if (user) return { kind: 'existing', user };
  if (!store) return { kind: 'new', token: null };
  const token = newToken();
  // Expired and used requests are not kept (they hold a password hash).
  await db.query('DELETE FROM signup_confirmations WHERE expires_at < now()');
  await db.query(
    `INSERT INTO signup_confirmations (token_hash, email, name, password_hash, invitation_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
    [hashToken(token), email, input.name.trim(), passwordHash, invitationHash, SIGNUP_LINK_MINUTES],
  );
  return { kind: 'new', token };
}

export const invalidSignupLink = () =>
  new AppError(
    400,
    'invalid_signup_link',
    'Ce lien de confirmation n’est plus valable : il a déjà servi, il a expiré (il vaut une heure) ou il est incomplet. Inscrivez-vous de nouveau pour en recevoir un autre.',
  );

const wrongSignupPassword = () =>
  new AppError(400, 'wrong_password', 'Ce n’est pas le mot de passe choisi lors de l’inscription.');

const LIVE = `used_at IS NULL AND expires_at > now() AND created_at > now() - make_interval(mins => $2)`;

/** Whether a confirmation link is still usable (the confirmation page asks before its form). */
export async function signupLinkExpiry(db: Queryable, token: string): Promise<string> {
  const [row] = await db.query<{ expires_at: Date | string }>(
    `SELECT expires_at FROM signup_confirmations WHERE token_hash = $1 AND ${LIVE}`,
    [hashToken(token), SIGNUP_LINK_MINUTES],
  );
  if (!row) throw invalidSignupLink();
  return new Date(row.expires_at).toISOString();
}

/**
 * Use a confirmation link once, with the password chosen at sign-up (so that someone who signs
 * up another person's address cannot have them confirm an account whose password the stranger
 * knows). The account is created; every pending request of the address dies. Returns the account
 * and the hash of the invitation the sign-up came through, if any.
 */
export async function confirmSignup(
  db: Database,
  token: string,
  password: string,
): Promise<{ user: User; invitationHash: string | null }> {
  const tokenHash = hashToken(token);
  const [pending] = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM signup_confirmations WHERE token_hash = $1 AND ${LIVE}`,
    [tokenHash, SIGNUP_LINK_MINUTES],
  );
  if (!pending) throw invalidSignupLink();
  if (!(await verifyPassword(password, pending.password_hash))) throw wrongSignupPassword();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{
      email: string;
      name: string;
      password_hash: string;
      invitation_hash: string | null;
    }>(
      `UPDATE signup_confirmations SET used_at = now() WHERE token_hash = $1 AND ${LIVE}
        RETURNING email, name, password_hash, invitation_hash`,
      [tokenHash, SIGNUP_LINK_MINUTES],
    );
    if (!row) throw invalidSignupLink();
    // Whoever follows the link owns the mailbox: saying the address is taken reveals nothing.
    const user = await insertUser(tx, {
      email: row.email,
      name: row.name,
      passwordHash: row.password_hash,
    });
    await tx.query('DELETE FROM signup_confirmations WHERE lower(email) = lower($1)', [row.email]);
    return { user, invitationHash: row.invitation_hash };
  });
}
