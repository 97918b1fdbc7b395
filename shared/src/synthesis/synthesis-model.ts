/**
 * The publishable synthesis (§2.4 step 3): « rédiger une version synthétique publiable à
 * l’externe, reprenant les enjeux et objectifs pour chaque thème (sélectionné ou non, s’il ne l’est
 * pas il convient alors d’expliquer en quelques lignes pourquoi), en mettant en exergue les bonnes
 * pratiques et axes d’améliorations ». A pure model, assembled from the grid and the sections; the
 * web page and the PDF are two renderings of it.
 *
 * Which rows appear is the group's choice: by default every treated row with a 1-year or 3-year
 * objective; rows the group excluded (the synthesis section's `excludedRows`) are left out.
 */
import * as Y from 'yjs';
import type { CycleModel, Row } from '../schema/cycle.types.ts';
import { ROOT } from '../schema/keys.ts';
import { domainNumbers } from '../schema/cycle-doc.ts';
import { groupBy } from '../schema/group.ts';
import { plainToRich, type RichDoc } from '../editor/section-content.ts';

/** Field of the `synthesis` section holding the ids of the rows the group left out (Y.Map id → true). */
export const SYNTHESIS_EXCLUDED_ROWS = 'excludedRows';

export interface SynthesisRow {
  id: string;
  domainNumber: string;
  label: string;
  target1y: string;
  target3y: string;
}

export interface SynthesisTheme {
  number: number;
  title: string;
  retained: boolean;
  /** Why the theme is not retained this year (empty when retained). */
  notRetainedReason: string;
  stakes: RichDoc;
  goodPractices: RichDoc;
  improvements: RichDoc;
  /** The rows chosen for the synthesis, with their objectives (retained themes only). */
  rows: SynthesisRow[];
}

export type SynthesisProblem = { kind: 'not-retained-without-reason'; themeNumber: number };

export interface SynthesisModel {
  organisation: string;
  year: number;
  introduction: RichDoc;
  themes: SynthesisTheme[];
  /** What the group must still write before the synthesis can be published. */
  problems: SynthesisProblem[];
  complete: boolean;
}

const EMPTY: RichDoc = { type: 'doc', content: [] };

/** Whether a row is offered to the synthesis by default: treated, with an objective. */
export function rowHasObjective(row: Row): boolean {
  return row.treated && (row.target1y.trim() !== '' || row.target3y.trim() !== '');
}

/**
 * The synthesis of a cycle: the eight themes in order (retained or not, and why), their stakes,
 * good practices and improvement axes (rich sections), the chosen rows' objectives, and the
 * group's introduction. `excludedRowIds`: rows the group left out.
 */
export function buildSynthesis(
  cycle: CycleModel,
  excludedRowIds: Iterable<string> = cycle.sections.flatMap(
    (section) => section.excludedRowIds ?? [],
  ),
): SynthesisModel {
  const excluded = new Set(excludedRowIds);
  const numbers = domainNumbers(cycle.themes, cycle.domains);
  // A model built without a document (import, tests) may carry plain paragraphs only.
  const sectionsByKind = groupBy(cycle.sections, (section) => section.kind);
  const sectionsByKindTheme = groupBy(
    cycle.sections,
    (section) => `${section.kind}\u0000${section.themeId ?? ''}`,
  );
  const bodyOf = (kind: string, themeId: string | null, fallback = '') => {
    const matching =
      (themeId === null
        ? sectionsByKind.get(kind)
        : sectionsByKindTheme.get(`${kind}\u0000${themeId}`)) ?? [];
    if (matching.length === 0) return fallback ? plainToRich(fallback) : EMPTY;
    if (matching.length === 1 && matching[0]!.body) return matching[0]!.body;
    return {
      type: 'doc' as const,
      content: matching.flatMap(
        (section) => (section.body ?? plainToRich(section.paragraphs.join('\n'))).content,
      ),
    };
  };
  const themeOfDomain = new Map(cycle.domains.map((domain) => [domain.id, domain.themeId]));
  const rowsByTheme = groupBy(cycle.rows, (row) => themeOfDomain.get(row.domainId) ?? '');
  const themes = [...cycle.themes]
    .sort((a, b) => a.number - b.number)
    .map((theme): SynthesisTheme => {
      return {
        number: theme.number,
        title: theme.title,
        retained: theme.retained,
        notRetainedReason: theme.retained ? '' : theme.notRetainedReason.trim(),
        stakes: bodyOf('theme-stakes', theme.id),
        goodPractices: bodyOf('theme-practices', theme.id, theme.goodPractices),
        improvements: bodyOf('theme-improvements', theme.id, theme.improvements),
        rows: theme.retained
          ? (rowsByTheme.get(theme.id) ?? [])
              .filter((row) => rowHasObjective(row) && !excluded.has(row.id))
              .map((row) => ({
                id: row.id,
                domainNumber: numbers.get(row.domainId) ?? '',
                label: row.label,
                target1y: row.target1y,
                target3y: row.target3y,
              }))
          : [],
      };
    });
  const problems: SynthesisProblem[] = themes
    .filter((theme) => !theme.retained && theme.notRetainedReason === '')
    .map((theme) => ({ kind: 'not-retained-without-reason', themeNumber: theme.number }));
  return {
    organisation: cycle.meta.organisationName,
    year: cycle.meta.year,
    introduction: bodyOf('synthesis', null),
    themes,
    problems,
    complete: problems.length === 0,
  };
}

/** The synthesis section's map of excluded rows (created on first use). Null without one. */
function exclusionMap(doc: Y.Doc, create: boolean): Y.Map<boolean> | null {
  let found: Y.Map<unknown> | null = null;
  doc.getMap<Y.Map<unknown>>(ROOT.sections).forEach((map) => {
    if (map instanceof Y.Map && map.get('kind') === 'synthesis' && !found) found = map;
  });
  const section = found as Y.Map<unknown> | null;
  if (!section) return null;
  const value = section.get(SYNTHESIS_EXCLUDED_ROWS);
  if (value instanceof Y.Map) return value as Y.Map<boolean>;
  if (!create) return null;
  const map = new Y.Map<boolean>();
  section.set(SYNTHESIS_EXCLUDED_ROWS, map);
  return map;
}

/** Ids of the rows the group left out of the synthesis. */
export function excludedSynthesisRows(doc: Y.Doc): string[] {
  const map = exclusionMap(doc, false);
  return map ? [...map.keys()].filter((id) => map.get(id) === true) : [];
}

/** Include or leave out a row of the synthesis. */
export function setRowInSynthesis(doc: Y.Doc, rowId: string, included: boolean): void {
  const map = exclusionMap(doc, !included);
  if (!map) return;
  if (included) map.delete(rowId);
  else map.set(rowId, true);
}
