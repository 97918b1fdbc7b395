/**
 * Helpers for deleting shared rows safely: who else is in a row right now (presence), so the
 * person deleting it is warned first.
 */
import type { Participant } from '../presence/use-presence.ts';

/** Names of the other people whose cell is in `rowId` (from the presence map by cell key). */
export function othersInRow(presenceByCell: Map<string, Participant[]>, rowId: string): string[] {
  const names = new Set<string>();
  for (const [key, people] of presenceByCell) {
    if (!key.startsWith(`${rowId}:`)) continue;
    for (const person of people) if (!person.self) names.add(person.user.name);
  }
  return [...names];
}
