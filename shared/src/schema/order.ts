/**
 * Fractional order keys: every ordered entity (domain, row, action…) carries a string key and lists
 * sort by it. Inserting between two neighbours never rewrites the others, so two people reordering
 * different rows at the same time never conflict, and a concurrent move is last-writer-wins on one
 * field instead of a duplicated or lost row.
 *
 * Keys are base-36 digit strings compared lexicographically; a key never ends with '0', which
 * guarantees that a key strictly between any two distinct keys always exists.
 */

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

function digitAt(key: string, index: number): number {
  const char = key[index];
  if (char === undefined) return 0;
  const value = DIGITS.indexOf(char);
  if (value < 0) throw new Error(`Invalid order key: ${key}`);
  return value;
}

/**
 * A key strictly between `before` and `after`. `null` means "the start" / "the end" of the list.
 * Throws when `before >= after`, which signals a caller bug rather than a data problem.
 */
export function keyBetween(before: string | null, after: string | null): string {
  const low = before ?? '';
  let high = after;
  if (high !== null && low >= high) {
    throw new Error(`keyBetween: ${low} is not before ${high}`);
  }
  let result = '';
  for (let i = 0; ; i++) {
    const lowDigit = digitAt(low, i);
    const highDigit = high === null ? BASE : i < high.length ? digitAt(high, i) : 0;
    if (lowDigit === highDigit) {
      result += DIGITS[lowDigit];
      continue;
    }
    const mid = Math.floor((lowDigit + highDigit) / 2);
    if (mid > lowDigit) return result + DIGITS[mid];
    // Adjacent digits: keep the lower one; anything after it is below `high` from here on.
    result += DIGITS[lowDigit];
    high = null;
  }
}

/** `count` increasing keys after `start` (exclusive), for building a list in one go. */
export function keysAfter(start: string | null, count: number): string[] {
  const keys: string[] = [];
  let previous = start;
  for (let i = 0; i < count; i++) {
    previous = keyBetween(previous, null);
    keys.push(previous);
  }
  return keys;
}

/** Sort comparator for anything with an order key; ties (concurrent inserts) break on id. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
