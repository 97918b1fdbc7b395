/** Items grouped by a key, in their original order: one pass, so callers stay linear (issue 18 #7). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A Map by id, built once per list (models are rebuilt on every read, so identity is a safe key). */
const byIdCache = new WeakMap<readonly object[], Map<string, object>>();
export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  let map = byIdCache.get(items) as Map<string, T> | undefined;
  // Rebuilt if the list changed length since (a list is not meant to change once read).
  if (!map || map.size !== items.length) {
    map = new Map(items.map((item) => [item.id, item]));
    byIdCache.set(items, map);
  }
  return map;
}
