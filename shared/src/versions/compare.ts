/**
 * What changed between two states of a cycle (two frozen versions, or a version and the live
 * document): per row the cells that changed, rows added, removed and moved, themes whose retention
 * changed, actions whose status changed, sections whose paragraphs changed. Pure functions over the
 * plain model (readCycle), used by the API, the "ce qui a changé" exports and the client.
 */
import diff from 'fast-diff';
import { domainNumbers } from '../schema/cycle-doc.ts';
import type { ActionStatus, CycleModel, Row } from '../schema/cycle.types.ts';

/** Row fields compared cell by cell (id, domain and order are structure: see `rowsMoved`). */
export const COMPARED_ROW_FIELDS = [
  'label',
  'kind',
  'nature',
  'unit',
  'baseline',
  'baselineValue',
  'target1y',
  'target3y',
  'treated',
  'notTreatedReason',
  'sources',
] as const satisfies readonly (keyof Row)[];
export type ComparedRowField = (typeof COMPARED_ROW_FIELDS)[number];

/** A cell's value as stored: text, number (baselineValue), boolean (treated) or empty. */
export type CellValue = string | number | boolean | null;

export interface CellChange {
  rowId: string;
  field: ComparedRowField;
  before: CellValue;
  after: CellValue;
}

/** How a row is named in a comparison: its label and place, after the change when it exists. */
export interface RowInfo {
  label: string;
  themeId: string | null;
  /** "1.3": the domain's number as shown in the grid, "" when the domain is gone. */
  domainNumber: string;
}

export interface ThemeChange {
  themeId: string;
  number: number;
  title: string;
  before: boolean;
  after: boolean;
}

export interface ActionChange {
  actionId: string;
  title: string;
  before: ActionStatus;
  after: ActionStatus;
}

/** One paragraph-level piece of a section's diff: -1 removed, 0 kept, 1 added. */
export type ParagraphPiece = { op: -1 | 0 | 1; text: string };

export interface SectionChange {
  sectionId: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  paragraphs: ParagraphPiece[];
}

export interface VersionComparison {
  cells: CellChange[];
  rowsAdded: string[];
  rowsRemoved: string[];
  rowsMoved: string[];
  themes: ThemeChange[];
  actions: ActionChange[];
  sections: SectionChange[];
  /** Every row named above, for display and for filtering by theme. */
  rows: Record<string, RowInfo>;
}

/**
 * Ids of the rows whose place changed: moved to another domain, or out of order relative to the
 * others. Among rows present on both sides, the heaviest run kept in the same relative order is "in
 * place"; the rest moved. A row whose domain and order key did not change weighs more than all the
 * others together, so when A is moved below B it is A that is reported, not B; and a row that
 * moved is never reported as removed + added. O(n²) over the rows of a cycle (600 rows: ~0.2 ms).
 */
export function movedRows(before: Row[], after: Row[]): string[] {
  const beforeIndex = new Map(before.map((row, index) => [row.id, index]));
  const beforeRow = new Map(before.map((row) => [row.id, row]));
  const common = after.filter((row) => beforeIndex.has(row.id));
  const moved = new Set<string>();
  const inDomain = common.filter((row) => {
    if (beforeRow.get(row.id)!.domainId === row.domainId) return true;
    moved.add(row.id);
    return false;
  });
  const sequence = inDomain.map((row) => beforeIndex.get(row.id)!);
  const heavy = inDomain.length + 1;
  const weight = inDomain.map((row) => (beforeRow.get(row.id)!.order === row.order ? heavy : 1));
  const best: number[] = [];
  const previous: number[] = [];
  let end = -1;
  for (let i = 0; i < sequence.length; i++) {
    best[i] = weight[i]!;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      if (sequence[j]! < sequence[i]! && best[j]! + weight[i]! > best[i]!) {
        best[i] = best[j]! + weight[i]!;
        previous[i] = j;
      }
    }
    if (end < 0 || best[i]! > best[end]!) end = i;
  }
  const kept = new Set<number>();
  for (let i = end; i >= 0; i = previous[i]!) kept.add(i);
  inDomain.forEach((row, index) => {
    if (!kept.has(index)) moved.add(row.id);
  });
  return after.filter((row) => moved.has(row.id)).map((row) => row.id);
}

function rowInfos(model: CycleModel): Map<string, RowInfo> {
  const numbers = domainNumbers(model.themes, model.domains);
  const themeOf = new Map(model.domains.map((domain) => [domain.id, domain.themeId]));
  return new Map(
    model.rows.map((row) => [
      row.id,
      {
        label: row.label,
        themeId: themeOf.get(row.domainId) ?? null,
        domainNumber: numbers.get(row.domainId) ?? '',
      },
    ]),
  );
}

/**
 * A diff of two sequences of tokens (words, paragraphs) through fast-diff: each distinct token is
 * mapped to one private-use character, the character strings are diffed, and mapped back.
 */
function tokenDiff(before: string[], after: string[]): ParagraphPiece[] {
  const codes = new Map<string, string>();
  const BASE = 0xe000;
  const LIMIT = 0xf8ff - BASE;
  const encode = (tokens: string[]) =>
    tokens
      .map((token) => {
        let code = codes.get(token);
        if (code === undefined) {
          code = String.fromCharCode(BASE + codes.size);
          codes.set(token, code);
        }
        return code;
      })
      .join('');
  const distinct = new Set([...before, ...after]).size;
  if (distinct > LIMIT) {
    // Too many distinct tokens for the private-use area: a plain character diff is still correct.
    return diff(before.join(''), after.join('')).map(([op, text]) => ({ op, text }));
  }
  const a = encode(before);
  const b = encode(after);
  const tokens = [...codes.keys()];
  return diff(a, b).map(([op, text]) => ({
    op,
    text: [...text].map((char) => tokens[char.charCodeAt(0) - BASE]!).join(''),
  }));
}

/**
 * Word-level differences between two cell texts, for the "ancien → nouveau" highlight: pieces
 * kept (0), removed (-1) and added (1), whole words at a time (spaces and punctuation are tokens of
 * their own). Concatenating the 0 and -1 pieces gives `before`, the 0 and 1 pieces `after`.
 */
export function wordDiff(before: string, after: string): ParagraphPiece[] {
  const split = (text: string) =>
    text.match(/\p{N}+(?:[.,\u00a0\u202f]\p{N}+)*|[\p{L}\p{N}’'_-]+|\s+|[^\p{L}\p{N}\s]/gu) ?? [];
  return tokenDiff(split(before), split(after));
}

const same = (a: CellValue, b: CellValue) => a === b;

/**
 * Compare two states of a cycle, `before` (usually the older version) and `after`. Rows are
 * matched by id, so an edited label is a changed cell, never a row removed and another added.
 */
export function compareCycles(before: CycleModel, after: CycleModel): VersionComparison {
  const beforeRows = new Map(before.rows.map((row) => [row.id, row]));
  const afterRows = new Map(after.rows.map((row) => [row.id, row]));
  const cells: CellChange[] = [];
  for (const row of after.rows) {
    const old = beforeRows.get(row.id);
    if (!old) continue;
    for (const field of COMPARED_ROW_FIELDS) {
      if (!same(old[field], row[field]))
        cells.push({ rowId: row.id, field, before: old[field], after: row[field] });
    }
  }
  const rowsAdded = after.rows.filter((row) => !beforeRows.has(row.id)).map((row) => row.id);
  const rowsRemoved = before.rows.filter((row) => !afterRows.has(row.id)).map((row) => row.id);
  const rowsMoved = movedRows(before.rows, after.rows);

  const beforeThemes = new Map(before.themes.map((theme) => [theme.id, theme]));
  const themes = after.themes.flatMap((theme): ThemeChange[] => {
    const old = beforeThemes.get(theme.id);
    return old && old.retained !== theme.retained
      ? [
          {
            themeId: theme.id,
            number: theme.number,
            title: theme.title,
            before: old.retained,
            after: theme.retained,
          },
        ]
      : [];
  });

  const beforeActions = new Map(before.actions.map((action) => [action.id, action]));
  const actions = after.actions.flatMap((action): ActionChange[] => {
    const old = beforeActions.get(action.id);
    return old && old.status !== action.status
      ? [{ actionId: action.id, title: action.title, before: old.status, after: action.status }]
      : [];
  });

  const beforeSections = new Map(before.sections.map((section) => [section.id, section]));
  const afterSectionIds = new Set(after.sections.map((section) => section.id));
  const sections: SectionChange[] = [];
  for (const section of after.sections) {
    const old = beforeSections.get(section.id);
    const paragraphs = tokenDiff(
      (old?.paragraphs ?? []).map((p) => `${p}\n`),
      section.paragraphs.map((p) => `${p}\n`),
    ).flatMap((piece) =>
      // One piece per paragraph, without the separator used to tokenise.
      piece.text
        .split('\n')
        .slice(0, -1)
        .map((text) => ({ op: piece.op, text })),
    );
    if (!old)
      sections.push({ sectionId: section.id, title: section.title, change: 'added', paragraphs });
    else if (paragraphs.some((piece) => piece.op !== 0) || old.title !== section.title)
      sections.push({ sectionId: section.id, title: section.title, change: 'changed', paragraphs });
  }
  for (const section of before.sections) {
    if (!afterSectionIds.has(section.id))
      sections.push({
        sectionId: section.id,
        title: section.title,
        change: 'removed',
        paragraphs: section.paragraphs.map((text) => ({ op: -1, text })),
      });
  }

  const infoAfter = rowInfos(after);
  const infoBefore = rowInfos(before);
  const rows: Record<string, RowInfo> = {};
  for (const id of [
    ...cells.map((cell) => cell.rowId),
    ...rowsAdded,
    ...rowsRemoved,
    ...rowsMoved,
  ]) {
    const info = infoAfter.get(id) ?? infoBefore.get(id);
    if (info) rows[id] = info;
  }
  return { cells, rowsAdded, rowsRemoved, rowsMoved, themes, actions, sections, rows };
}

/** How many things a comparison lists (0: nothing changed). */
export function changeCount(comparison: VersionComparison): number {
  return (
    comparison.cells.length +
    comparison.rowsAdded.length +
    comparison.rowsRemoved.length +
    comparison.rowsMoved.length +
    comparison.themes.length +
    comparison.actions.length +
    comparison.sections.length
  );
}

/** The comparison narrowed to one theme (rows, themes; actions and sections are kept). */
export function filterByTheme(comparison: VersionComparison, themeId: string): VersionComparison {
  const inTheme = (rowId: string) => comparison.rows[rowId]?.themeId === themeId;
  return {
    ...comparison,
    cells: comparison.cells.filter((cell) => inTheme(cell.rowId)),
    rowsAdded: comparison.rowsAdded.filter(inTheme),
    rowsRemoved: comparison.rowsRemoved.filter(inTheme),
    rowsMoved: comparison.rowsMoved.filter(inTheme),
    themes: comparison.themes.filter((theme) => theme.themeId === themeId),
  };
}
