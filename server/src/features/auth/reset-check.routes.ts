/**
 * POST /auth/password-reset/check — is a password-reset link still usable? The reset page asks
 * before showing its form, so a bogus, used or expired link says so at once (with a way to ask
 * for a new one) instead of failing after the person typed a new password. The token travels in
 * the body, never in a logged URL. Using the link re-checks everything (auth.service.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { RESET_LINK_MINUTES } from './auth.service.ts';
import { hashToken } from './tokens.ts';

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

export default async function resetCheckRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/auth/password-reset/check',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Vérifier qu’un lien de réinitialisation est encore valable (sans l’utiliser)',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ expiresAt: Type.String({ format: 'date-time' }) }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const [row] = await app.db.query<{ expires_at: Date | string }>(
        `SELECT expires_at FROM password_resets
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
            AND created_at > now() - make_interval(mins => $2)`,
        [hashToken(request.body.token), RESET_LINK_MINUTES],
      );
      if (!row) {
        throw new AppError(
          400,
          'invalid_reset_link',
          'Ce lien de réinitialisation n’est plus valable : il a déjà servi, il a expiré (il vaut une heure) ou il est incomplet. Demandez-en un nouveau.',
        );
      }
      return { expiresAt: new Date(row.expires_at).toISOString() };
    },
  );
}
