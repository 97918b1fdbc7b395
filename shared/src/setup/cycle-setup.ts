/**
 * Step 1 of the guide, in the cycle document's `meta`: who pilots the cycle (`pilots`, the
 * existing list: one entry per person, id = their account id), the working group with each
 * person's qualité and the themes where their expertise is wanted (`group`), the dated stages on
 * the road to the general assembly (`stageDates`) and the referents of each theme for a mandate
 * period (`referents`). Kept in the document, not in SQL: it is co-edited live, works offline,
 * is frozen with each version and read by the exports like the rest of the guide.
 *
 * Each collection is a Y.Map keyed by a stable id (person or date), so two people adding at once
 * never duplicate an entry; the values are plain last-writer-wins fields.
 */
import * as Y from 'yjs';
import { MEMBER_KINDS, type MemberKind, type Stage } from '../schema/cycle.types.ts';
import { META, ROOT } from '../schema/keys.ts';
import { newId } from '../schema/ids.ts';

/** Keys of `meta` added by the set-up (besides the existing `pilots`). */
export const SETUP_KEYS = {
  group: 'group',
  stageDates: 'stageDates',
  referents: 'referents',
} as const;

/** The stages that get dates on the road to the AG (the follow-up comes after). */
export const DATED_STAGES = [
  'working-group',
  'staff-meeting',
  'board',
  'general-assembly',
] as const;
export type DatedStage = (typeof DATED_STAGES)[number];

export interface SetupPerson {
  userId: string;
  name: string;
  qualite: MemberKind;
}

export interface GroupMember extends SetupPerson {
  /** Theme numbers (1–8) where this person's expertise is wanted. */
  themes: number[];
}

export interface StageDate {
  id: string;
  stage: DatedStage;
  /** ISO day, yyyy-mm-dd. */
  date: string;
  /** Optional words, e.g. "2e réunion du groupe". */
  label: string;
}

export interface Referent {
  /** Theme number, 1–8. */
  theme: number;
  userId: string;
  name: string;
  /** ISO days, yyyy-mm-dd; empty when open. */
  from: string;
  to: string;
}

export interface CycleSetup {
  pilots: SetupPerson[];
  group: GroupMember[];
  /** Sorted by date. */
  dates: StageDate[];
  /** Sorted by theme. */
  referents: Referent[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function str(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : value instanceof Y.Text ? value.toString() : '';
}

function kind(value: unknown): MemberKind {
  return MEMBER_KINDS.includes(value as MemberKind) ? (value as MemberKind) : 'autre';
}

// Not imported from cycle-doc.ts, which reads the working group from here.
const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);

function childMap(doc: Y.Doc, key: string): Y.Map<unknown> | null {
  const value = metaMap(doc).get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

/** Creates (once) the Y.Map stored under `meta[key]`; call inside a transaction. */
function ensureMap(doc: Y.Doc, key: string): Y.Map<unknown> {
  const existing = childMap(doc, key);
  if (existing) return existing;
  const created = new Y.Map<unknown>();
  metaMap(doc).set(key, created);
  return created;
}

/** The working group kept in a cycle's `meta` map, by name (also read into CycleMeta.group). */
export function readGroup(meta: Y.Map<unknown>): GroupMember[] {
  const group: GroupMember[] = [];
  const stored = meta.get(SETUP_KEYS.group);
  if (!(stored instanceof Y.Map)) return group;
  stored.forEach((value, userId) => {
    if (!(value instanceof Y.Map)) return;
    const themes = value.get('themes');
    group.push({
      userId,
      name: str(value, 'name'),
      qualite: kind(value.get('kind')),
      themes: Array.isArray(themes)
        ? themes
            .filter((n): n is number => Number.isInteger(n) && n >= 1 && n <= 8)
            .sort((a, b) => a - b)
        : [],
    });
  });
  return group.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** `{ group }` when the cycle has a working group, `{}` otherwise (CycleMeta.group is optional). */
export function readGroupField(meta: Y.Map<unknown>): { group?: GroupMember[] } {
  const group = readGroup(meta);
  return group.length > 0 ? { group } : {};
}

/** Writes a whole working group into a `meta` map (a new cycle document). */
export function writeGroup(meta: Y.Map<unknown>, group: GroupMember[]): void {
  const stored = new Y.Map<unknown>();
  for (const member of group) {
    const entry = new Y.Map<unknown>();
    entry.set('name', member.name);
    entry.set('kind', member.qualite);
    entry.set('themes', [...member.themes]);
    stored.set(member.userId, entry);
  }
  meta.set(SETUP_KEYS.group, stored);
}

/** Reads the set-up; anything malformed is skipped rather than thrown. */
export function readSetup(doc: Y.Doc): CycleSetup {
  const pilotsValue = metaMap(doc).get(META.pilots);
  const seen = new Set<string>();
  const pilots: SetupPerson[] = [];
  if (pilotsValue instanceof Y.Array) {
    for (const entry of pilotsValue.toArray()) {
      if (!(entry instanceof Y.Map)) continue;
      const pilot = entry as Y.Map<unknown>;
      const userId = str(pilot, 'id');
      if (!userId || seen.has(userId)) continue;
      seen.add(userId);
      pilots.push({ userId, name: str(pilot, 'name'), qualite: kind(pilot.get('kind')) });
    }
  }

  const group = readGroup(metaMap(doc));

  const dates: StageDate[] = [];
  childMap(doc, SETUP_KEYS.stageDates)?.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const stage = value.get('stage');
    const date = str(value, 'date');
    if (!DATED_STAGES.includes(stage as DatedStage) || !ISO_DAY.test(date)) return;
    dates.push({ id, stage: stage as DatedStage, date, label: str(value, 'label') });
  });
  dates.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      DATED_STAGES.indexOf(a.stage) - DATED_STAGES.indexOf(b.stage) ||
      a.id.localeCompare(b.id),
  );

  const referents: Referent[] = [];
  childMap(doc, SETUP_KEYS.referents)?.forEach((value) => {
    if (!(value instanceof Y.Map)) return;
    const theme = value.get('theme');
    if (typeof theme !== 'number' || !Number.isInteger(theme)) return;
    referents.push({
      theme,
      userId: str(value, 'userId'),
      name: str(value, 'name'),
      from: str(value, 'from'),
      to: str(value, 'to'),
    });
  });
  referents.sort((a, b) => a.theme - b.theme || a.name.localeCompare(b.name, 'fr'));

  return { pilots, group, dates, referents };
}

/** Replaces the list of pilots (one or more members, in the order given). */
export function setPilots(doc: Y.Doc, pilots: SetupPerson[]): void {
  doc.transact(() => {
    const list = new Y.Array<Y.Map<unknown>>();
    const unique = pilots.filter(
      (pilot, index) => pilots.findIndex((p) => p.userId === pilot.userId) === index,
    );
    list.push(
      unique.map((pilot) => {
        const entry = new Y.Map<unknown>();
        entry.set('id', pilot.userId);
        entry.set('name', pilot.name);
        entry.set('kind', pilot.qualite);
        return entry;
      }),
    );
    metaMap(doc).set(META.pilots, list);
  });
}

/** Adds a person to the working group, or updates their name, qualité and themes. */
export function setGroupMember(doc: Y.Doc, member: GroupMember): void {
  doc.transact(() => {
    const group = ensureMap(doc, SETUP_KEYS.group);
    let entry = group.get(member.userId);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      group.set(member.userId, entry);
    }
    const map = entry as Y.Map<unknown>;
    if (map.get('name') !== member.name) map.set('name', member.name);
    if (map.get('kind') !== member.qualite) map.set('kind', member.qualite);
    map.set(
      'themes',
      [...new Set(member.themes)].sort((a, b) => a - b),
    );
  });
}

/** Takes a person out of the working group. */
export function removeGroupMember(doc: Y.Doc, userId: string): void {
  doc.transact(() => childMap(doc, SETUP_KEYS.group)?.delete(userId));
}

/** Adds a dated stage; returns its id. */
export function addStageDate(
  doc: Y.Doc,
  stage: DatedStage,
  date: string,
  label = '',
  id: string = newId(),
): string {
  if (!ISO_DAY.test(date)) throw new Error(`not an ISO day: ${date}`);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('stage', stage);
    entry.set('date', date);
    entry.set('label', label);
    ensureMap(doc, SETUP_KEYS.stageDates).set(id, entry);
  });
  return id;
}

/** Changes one field of a dated stage. */
export function updateStageDate(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<StageDate, 'stage' | 'date' | 'label'>>,
): void {
  if (patch.date !== undefined && !ISO_DAY.test(patch.date)) return;
  doc.transact(() => {
    const entry = childMap(doc, SETUP_KEYS.stageDates)?.get(id);
    if (!(entry instanceof Y.Map)) return;
    for (const [key, value] of Object.entries(patch)) entry.set(key, value);
  });
}

/** Removes a dated stage. */
export function removeStageDate(doc: Y.Doc, id: string): void {
  doc.transact(() => childMap(doc, SETUP_KEYS.stageDates)?.delete(id));
}

/** Names (or replaces) the referent of a theme for a mandate period. */
export function setReferent(doc: Y.Doc, referent: Referent): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(referent)) entry.set(key, value);
    ensureMap(doc, SETUP_KEYS.referents).set(String(referent.theme), entry);
  });
}

/** Removes the referent of a theme. */
export function removeReferent(doc: Y.Doc, theme: number): void {
  doc.transact(() => childMap(doc, SETUP_KEYS.referents)?.delete(String(theme)));
}

export interface Composition {
  /** How many people of each qualité, pilots and group together (each person once). */
  counts: Record<MemberKind, number>;
  total: number;
  /** A gentle warning: the "crossing of views" needs more than one side. */
  warning: 'only-staff' | 'only-elected' | null;
}

/** The working group's composition by qualité (pilots included), and whether views cross. */
export function composition(setup: CycleSetup): Composition {
  const people = new Map<string, MemberKind>();
  for (const person of [...setup.pilots, ...setup.group]) people.set(person.userId, person.qualite);
  const counts = Object.fromEntries(MEMBER_KINDS.map((k) => [k, 0])) as Record<MemberKind, number>;
  for (const qualite of people.values()) counts[qualite] += 1;
  const total = people.size;
  const warning =
    total > 0 && counts.salarie === total
      ? 'only-staff'
      : total > 0 && counts.elu === total
        ? 'only-elected'
        : null;
  return { counts, total, warning };
}

/** The suggested pilots: one salarié and one élu·e (the "binôme salarié / élu"), if any. */
export function suggestedPair<T extends SetupPerson>(people: T[]): T[] {
  const staff = people.find((p) => p.qualite === 'salarie');
  const elected = people.find((p) => p.qualite === 'elu');
  return staff && elected ? [staff, elected] : [];
}

/** True when `stage` is one of the stages the set-up dates. */
export function isDatedStage(stage: Stage): stage is DatedStage {
  return (DATED_STAGES as readonly Stage[]).includes(stage);
}

/**
 * Renames a person wherever the set-up names them (pilots, working group, referents): after a
 * change of name, or "Ancien membre" once their account is deleted. Returns true if anything
 * changed.
 */
export function renamePerson(doc: Y.Doc, userId: string, name: string): boolean {
  let changed = false;
  doc.transact(() => {
    const pilots = metaMap(doc).get(META.pilots);
    if (pilots instanceof Y.Array) {
      for (const entry of pilots.toArray()) {
        if (entry instanceof Y.Map && entry.get('id') === userId && entry.get('name') !== name) {
          entry.set('name', name);
          changed = true;
        }
      }
    }
    const member = childMap(doc, SETUP_KEYS.group)?.get(userId);
    if (member instanceof Y.Map && member.get('name') !== name) {
      member.set('name', name);
      changed = true;
    }
    childMap(doc, SETUP_KEYS.referents)?.forEach((entry) => {
      if (entry instanceof Y.Map && entry.get('userId') === userId && entry.get('name') !== name) {
        entry.set('name', name);
        changed = true;
      }
    });
  });
  return changed;
}

/** What next year's cycle keeps of this year's set-up (§2.6, "d'une année sur l'autre"). */
export interface CarriedSetup {
  /** The pilots still members of the organisation. */
  pilots: SetupPerson[];
  /** The working group, people who are still members of the organisation. */
  group: GroupMember[];
  /** Referents whose mandate still runs on 1 January of the new year (open mandates too). */
  referents: Referent[];
  /** Referents left behind: mandate ended before the new year, or no longer a member. */
  referentsEnded: Referent[];
}

/**
 * The set-up next year's cycle starts from: the working group and the referents whose mandate
 * runs into `year`, people who left the organisation excepted (`isMember`). The stage dates
 * are next year's to set.
 */
export function carriedSetup(
  setup: CycleSetup,
  year: number,
  isMember: (userId: string) => boolean,
): CarriedSetup {
  const firstDay = `${year}-01-01`;
  const runs = (referent: Referent) =>
    isMember(referent.userId) && (referent.to === '' || referent.to >= firstDay);
  return {
    pilots: setup.pilots.filter((pilot) => isMember(pilot.userId)),
    group: setup.group.filter((member) => isMember(member.userId)),
    referents: setup.referents.filter(runs),
    referentsEnded: setup.referents.filter((referent) => !runs(referent)),
  };
}

/** Writes the carried referents into a new cycle's document (the group travels in `meta`). */
export function writeCarriedReferents(doc: Y.Doc, carried: CarriedSetup): void {
  doc.transact(() => {
    for (const referent of carried.referents) setReferent(doc, referent);
  });
}
