/**
 * Entity ids: 16 url-safe random characters. Uses getRandomValues, which (unlike randomUUID) is
 * available in non-secure contexts too, e.g. a laptop opening the app by LAN IP in a meeting room.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-';

export function newId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
