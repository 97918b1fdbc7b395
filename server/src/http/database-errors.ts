/**
 * A database refusal is the caller's mistake far more often than the server's: it becomes a 4xx
 * with a French message, never a bare 500 (issue 18 #9). PostgreSQL and PGlite report the same
 * SQLSTATE codes.
 */
import { AppError } from '../errors.ts';

const BY_SQLSTATE: Record<string, [number, string, string]> = {
  // Data exceptions: a value the database cannot store.
  '22021': [400, 'invalid_characters', 'Le texte contient des caractères non autorisés.'],
  '22P05': [400, 'invalid_characters', 'Le texte contient des caractères non autorisés.'],
  '22001': [400, 'too_long', 'Un des textes envoyés est trop long.'],
  '22003': [400, 'out_of_range', 'Une des valeurs envoyées est hors des limites autorisées.'],
  '22007': [400, 'invalid_date', 'Une des dates envoyées est invalide.'],
  '22008': [400, 'invalid_date', 'Une des dates envoyées est invalide.'],
  '22P02': [400, 'invalid_value', 'Une des valeurs envoyées est invalide.'],
  '22023': [400, 'invalid_value', 'Une des valeurs envoyées est invalide.'],
  // Integrity: the request contradicts what is stored.
  '23505': [409, 'conflict', 'Cet élément existe déjà.'],
  '23503': [409, 'conflict', 'Cet élément est lié à un autre qui n’existe plus ou qui en dépend.'],
  '23514': [400, 'invalid_value', 'Une des valeurs envoyées est refusée.'],
  '23502': [400, 'invalid_value', 'Un champ obligatoire est vide.'],
  // Busy or restarting: try again.
  '40001': [503, 'busy', 'Le serveur est très sollicité : réessayez dans un instant.'],
  '40P01': [503, 'busy', 'Le serveur est très sollicité : réessayez dans un instant.'],
  '53300': [503, 'busy', 'Le serveur est très sollicité : réessayez dans un instant.'],
  '57014': [503, 'busy', 'Le serveur est très sollicité : réessayez dans un instant.'],
  '57P01': [503, 'unavailable', 'La base de données redémarre : réessayez dans un instant.'],
};

/** The AppError a database error stands for, or null when it is not one. */
export function databaseError(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const known = BY_SQLSTATE[code];
  if (!known) return null;
  return new AppError(known[0], known[1], known[2]);
}
