/**
 * Merging an imported steering table into a live cycle without overwriting anything typed.
 *
 * `planImport` compares the file with the cycle, cell by cell: a cell empty in Pilotis and filled
 * in the file is *new* (taken), an equal one is *same*, a differing one is a *conflict* (the live
 * text stays unless the person chooses the file's version for that cell, or for all). An empty
 * cell in the file never erases anything. `applyImport` re-plans against the document as it is at
 * that moment (people may have typed since the preview) and writes in one transaction: text by
 * several small fast-diff edits, so what someone types meanwhile between two changed places stays.
 * The caller picks the transaction origin: the importer's own (one undo step for them) or a
 * server-side one.
 */
import type * as Y from 'yjs';
import { buildEntity, domainNumbers, entityRoot, readCycle, textOf } from '../schema/cycle-doc.ts';
import type { CycleModel, Domain, Nature, Row } from '../schema/cycle.types.ts';
import { newId } from '../schema/ids.ts';
import { TEXT_FIELDS } from '../schema/keys.ts';
import { keyBetween } from '../schema/order.ts';
import { formatFrenchNumber } from '../text/french-number.ts';
import { setTextByDiff } from '../text/text-diff.ts';
import { frenchApostrophes } from '../text/typography.ts';
import {
  applyActionImport,
  planActionImport,
  type ActionImportField,
  type ActionImportWork,
  type ImportedAction,
} from '../actions/action-import.ts';

/**
 * One line of an imported table. A line with a domain but no label and no text only makes sure
 * the domain exists (an exported empty domain reads back that way).
 */
export interface ImportedRow {
  /** 1 to 8. */
  themeNumber: number;
  /** The number the file gives the domain ("8.1"), when it gives one. */
  domainNumber?: string;
  /** The domain title without its number ("Exercice du pouvoir"); may be empty. */
  domainTitle: string;
  label: string;
  baseline: string;
  target1y: string;
  target3y: string;
  nature?: Nature;
  unit?: string;
  baselineValue?: number;
  treated?: boolean;
  notTreatedReason?: string;
  sources?: string;
}

/** A theme the table marks "Thème non retenu : <raison>". */
export interface ImportedThemeStatus {
  themeNumber: number;
  notRetainedReason: string;
}

/** What the file says, as parsed (the server keeps it between preview and confirm). */
export interface ImportContent {
  rows: ImportedRow[];
  themes: ImportedThemeStatus[];
  /** Issue 14: the workbook's action plan sheet, when it has one. */
  actions?: ImportedAction[];
}

export type ImportCellStatus = 'new' | 'same' | 'conflict';

/** Fields of an existing row the import may fill. */
export const IMPORT_ROW_FIELDS = [
  'baseline',
  'target1y',
  'target3y',
  'baselineValue',
  'unit',
  'treated',
  'notTreatedReason',
  'sources',
] as const;
export type ImportRowField =
  (typeof IMPORT_ROW_FIELDS)[number] | 'notRetainedReason' | `action.${ActionImportField}`;

/** One cell of an existing row (or theme) that the file fills: shown side by side in the preview. */
export interface ImportCell {
  /** Stable between preview and confirm: `<rowId>:<field>` (or `<themeId>:notRetainedReason`). */
  key: string;
  /** "1.3" for a row's domain, "Thème 4" for a theme. */
  place: string;
  /** The row's question or indicator (the theme's title for a theme). */
  label: string;
  field: ImportRowField;
  live: string;
  file: string;
  status: ImportCellStatus;
}

export interface ImportSummary {
  /** Rows added. */
  created: number;
  /** Existing rows the file speaks about (some of their cells new, same or in conflict). */
  merged: number;
  domainsCreated: number;
  /** Themes the table marks "non retenu". */
  themesNotRetained: number;
  /** Rows naming a theme number the cycle does not have. */
  skipped: number;
  /** Cells taken from the file (new, or conflicts where the file's version was chosen). */
  cellsFilled: number;
  /** Cells where Pilotis and the file differ. */
  conflicts: number;
  /** Cells where they already agree. */
  same: number;
  /** Actions of the file's action plan added, and matched (by title) with a live action. */
  actionsCreated: number;
  actionsMerged: number;
}

export interface ImportPlan {
  summary: ImportSummary;
  /** Cells of existing rows and themes that the file fills (new, same or conflict). */
  cells: ImportCell[];
  /** Rows to add: place and label. */
  newRows: { place: string; label: string }[];
  /** Domains to add: place and title. */
  newDomains: { place: string; title: string }[];
  /** Actions to add: "Plan d’action" and title. */
  newActions: { place: string; label: string }[];
  /** French notes on the action plan sheet (a linked row the cycle does not have). */
  actionWarnings: string[];
}

/** Which conflicts take the file's version: all of them, or the listed cell keys. */
export interface ImportChoices {
  all?: boolean;
  cells?: string[];
}

// --- Matching ------------------------------------------------------------------------------

/** Lower case, no accents, letters and digits only. */
function skeleton(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function words(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 2),
  );
}

/**
 * Whether two domain titles name the same domain: equal, one a shortened form of the other
 * ("Valeurs écrites" / "Valeurs écrites et partagées"), or most words in common.
 */
export function similarTitles(a: string, b: string): boolean {
  const [x, y] = [skeleton(a), skeleton(b)];
  if (!x || !y) return false;
  if (x === y || x.startsWith(y) || y.startsWith(x)) return true;
  const [wa, wb] = [words(a), words(b)];
  const common = [...wa].filter((word) => wb.has(word)).length;
  return common > 0 && common / Math.min(wa.size, wb.size) >= 0.6;
}

/** One title is the other, shortened: "Valeurs écrites" / "Valeurs écrites et partagées". */
function shortenedTitle(a: string, b: string): boolean {
  const [x, y] = [skeleton(a), skeleton(b)];
  return Boolean(x && y) && (x.startsWith(y) || y.startsWith(x));
}

/** Text as compared: trimmed, NFC, French apostrophes, one kind of space. */
function normal(text: string): string {
  return frenchApostrophes(text.normalize('NFC'))
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

// --- Planning ------------------------------------------------------------------------------

interface RowWrite {
  rowId: string;
  field: ImportRowField;
  value: string | number | boolean | null;
}

interface Work {
  plan: ImportPlan;
  newDomains: Domain[];
  newRows: Row[];
  /** Every cell with what writing the file's version means. */
  writes: Map<string, RowWrite>;
  themeReasons: Map<string, string>;
  actions: ActionImportWork;
}

function work(model: Omit<CycleModel, 'schemaVersion'>, content: ImportContent): Work {
  const summary: ImportSummary = {
    created: 0,
    merged: 0,
    domainsCreated: 0,
    themesNotRetained: 0,
    skipped: 0,
    cellsFilled: 0,
    conflicts: 0,
    same: 0,
    actionsCreated: 0,
    actionsMerged: 0,
  };
  const actions = planActionImport(model, content.actions ?? []);
  const plan: ImportPlan = {
    summary,
    cells: [],
    newRows: [],
    newDomains: [],
    newActions: actions.newActions,
    actionWarnings: actions.warnings,
  };
  const result: Work = {
    plan,
    newDomains: [],
    newRows: [],
    writes: new Map(),
    themeReasons: new Map(),
    actions,
  };
  const themeByNumber = new Map(model.themes.map((theme) => [theme.number, theme]));
  const numbers = domainNumbers(model.themes, model.domains);
  const domainsOf = new Map<string, Domain[]>();
  for (const domain of model.domains) {
    domainsOf.set(domain.themeId, [...(domainsOf.get(domain.themeId) ?? []), domain]);
  }
  const lastDomainOrder = new Map<string, string>();
  for (const domain of model.domains) {
    const last = lastDomainOrder.get(domain.themeId);
    if (last === undefined || domain.order > last)
      lastDomainOrder.set(domain.themeId, domain.order);
  }
  // Each existing row can absorb one imported row, so two identical lines stay two rows.
  const candidates = new Map<string, Row[]>();
  const lastRowOrder = new Map<string, string>();
  for (const row of model.rows) {
    const key = `${row.domainId}|${skeleton(row.label)}`;
    candidates.set(key, [...(candidates.get(key) ?? []), row]);
    const last = lastRowOrder.get(row.domainId);
    if (last === undefined || row.order > last) lastRowOrder.set(row.domainId, row.order);
  }
  const createdNumbers = new Map<string, number>();

  const domainFor = (themeId: string, themeNumber: number, imported: ImportedRow): Domain => {
    const siblings = domainsOf.get(themeId) ?? [];
    const title = imported.domainTitle;
    const exact = siblings.find((d) => skeleton(d.title) === skeleton(title));
    if (exact) return exact;
    // Same number and a similar title: the file shortened or lengthened the title.
    const numbered = imported.domainNumber
      ? siblings.find((d) => numbers.get(d.id) === imported.domainNumber)
      : undefined;
    if (numbered && similarTitles(numbered.title, title)) return numbered;
    // Without the number, only a shortened (or lengthened) title is taken as the same domain.
    const similar = siblings.filter((d) => shortenedTitle(d.title, title));
    if (similar.length === 1) return similar[0]!;
    const order = keyBetween(lastDomainOrder.get(themeId) ?? null, null);
    const domain: Domain = { id: newId(), themeId, order, title };
    lastDomainOrder.set(themeId, order);
    domainsOf.set(themeId, [...siblings, domain]);
    const count = (createdNumbers.get(themeId) ?? siblings.length) + 1;
    createdNumbers.set(themeId, count);
    numbers.set(domain.id, `${themeNumber}.${count}`);
    result.newDomains.push(domain);
    plan.newDomains.push({ place: `${themeNumber}.${count}`, title });
    summary.domainsCreated++;
    return domain;
  };

  const addCell = (
    key: string,
    place: string,
    label: string,
    field: ImportRowField,
    live: string,
    file: string,
    write: RowWrite,
  ) => {
    if (!normal(file)) return;
    const status: ImportCellStatus = !normal(live)
      ? 'new'
      : normal(live) === normal(file)
        ? 'same'
        : 'conflict';
    if (status === 'same') summary.same++;
    if (status === 'conflict') summary.conflicts++;
    plan.cells.push({ key, place, label, field, live, file, status });
    if (status !== 'same') result.writes.set(key, write);
  };

  for (const imported of content.rows) {
    const theme = themeByNumber.get(imported.themeNumber);
    if (!theme) {
      summary.skipped++;
      continue;
    }
    const domain = domainFor(theme.id, theme.number, imported);
    const blank =
      !imported.label &&
      !imported.baseline &&
      !imported.target1y &&
      !imported.target3y &&
      imported.treated !== false;
    if (blank) continue;
    const place = numbers.get(domain.id) ?? '';
    const existing = candidates.get(`${domain.id}|${skeleton(imported.label)}`)?.shift();
    if (!existing) {
      const order = keyBetween(lastRowOrder.get(domain.id) ?? null, null);
      lastRowOrder.set(domain.id, order);
      const quantitative = imported.baselineValue !== undefined || Boolean(imported.unit);
      const nature = imported.nature ?? (quantitative ? 'quantitative' : 'qualitative');
      result.newRows.push({
        id: newId(),
        domainId: domain.id,
        order,
        kind: nature === 'quantitative' ? 'indicator' : 'question',
        nature,
        unit: imported.unit ?? '',
        label: imported.label,
        baseline: imported.baseline,
        baselineValue: imported.baselineValue ?? null,
        target1y: imported.target1y,
        target3y: imported.target3y,
        treated: imported.treated ?? true,
        notTreatedReason: imported.notTreatedReason ?? '',
        sources: imported.sources ?? '',
      });
      plan.newRows.push({ place, label: imported.label });
      summary.created++;
      continue;
    }
    summary.merged++;
    const row = existing;
    const cell = (field: ImportRowField, live: string, file: string, value: RowWrite['value']) =>
      addCell(`${row.id}:${field}`, place, row.label, field, live, file, {
        rowId: row.id,
        field,
        value,
      });
    for (const field of ['baseline', 'target1y', 'target3y', 'unit', 'sources'] as const) {
      const file = imported[field] ?? '';
      cell(field, row[field], file, file);
    }
    if (imported.baselineValue !== undefined) {
      const live = row.baselineValue === null ? '' : formatFrenchNumber(row.baselineValue);
      cell(
        'baselineValue',
        live,
        formatFrenchNumber(imported.baselineValue),
        imported.baselineValue,
      );
    }
    if (imported.treated === false) {
      // A row left at its default (treated, no reason) takes the file's "non traitée".
      const live =
        row.treated && !row.notTreatedReason ? '' : row.treated ? 'Traitée' : 'Non traitée';
      cell('treated', live, 'Non traitée', false);
    }
    if (imported.notTreatedReason) {
      cell(
        'notTreatedReason',
        row.notTreatedReason,
        imported.notTreatedReason,
        imported.notTreatedReason,
      );
    }
    if (
      imported.nature &&
      imported.nature !== row.nature &&
      !row.baseline &&
      row.baselineValue === null
    ) {
      result.writes.set(`${row.id}:nature`, {
        rowId: row.id,
        field: 'nature' as ImportRowField,
        value: imported.nature,
      });
    }
  }

  for (const status of content.themes) {
    const theme = themeByNumber.get(status.themeNumber);
    if (!theme) continue;
    summary.themesNotRetained++;
    const key = `${theme.id}:notRetainedReason`;
    const live = theme.retained ? '' : theme.notRetainedReason || 'Non retenu';
    const file = status.notRetainedReason || 'Non retenu';
    if (!normal(live)) {
      plan.cells.push({
        key,
        place: `Thème ${theme.number}`,
        label: theme.title,
        field: 'notRetainedReason',
        live,
        file,
        status: 'new',
      });
      result.themeReasons.set(theme.id, status.notRetainedReason);
    } else {
      addCell(key, `Thème ${theme.number}`, theme.title, 'notRetainedReason', live, file, {
        rowId: theme.id,
        field: 'notRetainedReason',
        value: status.notRetainedReason,
      });
    }
  }
  // The action plan's cells follow the same statuses (a conflict keeps the live value).
  for (const cell of actions.cells) {
    plan.cells.push({ ...cell, field: `action.${cell.field}` });
    if (cell.status === 'same') summary.same++;
    if (cell.status === 'conflict') summary.conflicts++;
  }
  summary.actionsCreated = actions.created.length;
  summary.actionsMerged = actions.merged;
  return result;
}

/**
 * What an import would do to `model`, cell by cell (pure; shown before confirming). New rows and
 * domains are listed; existing rows' cells are new, same or conflict.
 */
export function planImport(
  model: Omit<CycleModel, 'schemaVersion'>,
  content: ImportContent,
): ImportPlan {
  return work(model, content).plan;
}

/**
 * Apply an import to a live document, in one transaction (the caller's origin applies when it
 * wraps this call in its own `doc.transact`). Re-plans against the document as it is now; takes
 * the file's version for new cells, and for conflicts only when `choices` says so (default: the
 * live text stays). Returns the summary of what was done.
 */
export function applyImport(
  doc: Y.Doc,
  content: ImportContent,
  choices: ImportChoices = {},
): ImportSummary {
  const model = readCycle(doc);
  const { plan, newDomains, newRows, writes, themeReasons, actions } = work(model, content);
  const chosen = new Set(choices.cells ?? []);
  const status = new Map(plan.cells.map((cell) => [cell.key, cell.status]));
  let filled = 0;
  doc.transact(() => {
    const domains = entityRoot(doc, 'domains');
    for (const domain of newDomains)
      domains.set(domain.id, buildEntity({ ...domain }, TEXT_FIELDS.domains));
    const rows = entityRoot(doc, 'rows');
    for (const row of newRows) rows.set(row.id, buildEntity({ ...row }, TEXT_FIELDS.rows));
    const themes = entityRoot(doc, 'themes');
    for (const [themeId, reason] of themeReasons) {
      const map = themes.get(themeId);
      if (!map) continue;
      map.set('retained', false);
      setTextByDiff(textOf(map, 'notRetainedReason'), reason);
      filled++;
    }
    for (const [key, write] of writes) {
      const cellStatus = status.get(key);
      if (cellStatus === 'conflict' && !choices.all && !chosen.has(key)) continue;
      if (write.field === 'notRetainedReason') {
        const map = themes.get(write.rowId);
        if (!map) continue;
        map.set('retained', false);
        setTextByDiff(textOf(map, 'notRetainedReason'), String(write.value ?? ''));
        filled++;
        continue;
      }
      const map = rows.get(write.rowId);
      if (!map) continue;
      if ((TEXT_FIELDS.rows as readonly string[]).includes(write.field)) {
        setTextByDiff(textOf(map, write.field), String(write.value ?? ''));
      } else {
        map.set(write.field, write.value);
        if (write.field === 'baselineValue' && map.get('nature') !== 'quantitative') {
          map.set('nature', 'quantitative');
          map.set('kind', 'indicator');
        }
        if ((write.field as string) === 'nature') {
          map.set('kind', write.value === 'quantitative' ? 'indicator' : 'question');
        }
      }
      if (cellStatus) filled++;
    }
    filled += applyActionImport(
      doc,
      model,
      actions,
      (key, cellStatus) => cellStatus !== 'conflict' || Boolean(choices.all) || chosen.has(key),
    );
  });
  return { ...plan.summary, cellsFilled: filled };
}
