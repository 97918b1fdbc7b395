/**
 * Characters a person's text may not carry (issue 18 #9): control characters (line breaks and
 * tabs excepted), direction overrides and invisible characters, and broken UTF-16 (a lone
 * surrogate). PostgreSQL refuses NUL and lone surrogates (a 500 before), and direction overrides
 * make a name or a downloaded file's name read differently from what it is ("‮fdp.exe").
 * The zero-width joiner stays allowed: emoji sequences (👩‍👩‍👧) need it.
 */
import { Type, type TStringOptions } from 'typebox';

/** Forbidden code points, as a regular-expression class body (usable in a JSON-schema pattern). */
const FORBIDDEN_CLASS =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F' + // C0 (but \t \n \r), DEL, C1
  '\\u061C\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF' + // bidi, invisible
  '\\uFFF9-\\uFFFB'; // interlinear annotation

const FORBIDDEN = new RegExp(`[${FORBIDDEN_CLASS}]`, 'u');
const FORBIDDEN_ALL = new RegExp(`[${FORBIDDEN_CLASS}]`, 'gu');

/** A UTF-16 surrogate without its pair (String.prototype.isWellFormed is ES2024, not in our lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a text is refused, or null when it is fine. */
export function textProblem(value: string): 'control' | 'encoding' | null {
  if (LONE_SURROGATE.test(value)) return 'encoding';
  return FORBIDDEN.test(value) ? 'control' : null;
}

/** The text without forbidden characters, with broken UTF-16 repaired (for file names, logs). */
export function stripInvisible(value: string): string {
  return value
    .replace(LONE_SURROGATES, '\uFFFD')
    .replace(FORBIDDEN_ALL, '')
    .replace(/\u200D/g, '');
}

/**
 * JSON-schema pattern of a text with none of the forbidden characters (Ajv compiles patterns
 * with the `u` flag). Lone surrogates are caught by the request check (contract.plugin.ts).
 */
export const SAFE_TEXT_PATTERN = `^[^${FORBIDDEN_CLASS}]*$`;

/** A TypeBox string for people's text (names, titles, comments): no control or invisible characters. */
export function SafeText(options: TStringOptions = {}) {
  return Type.String({ ...options, pattern: SAFE_TEXT_PATTERN });
}
