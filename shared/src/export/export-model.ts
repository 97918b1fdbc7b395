/**
 * The render-ready model every export (Excel workbook, PDF dossier, publishable synthesis) is built
 * from: French labels, French dates and money, domain numbers and grid order are settled here once,
 * so the renderers only lay out strings and the three formats never disagree.
 */
import type { RichDoc } from '../editor/section-content.ts';
import { sectionHeading } from '../editor/cycle-sections.ts';
import { stakeholderCategoryLabel } from '../stakeholders/stakeholders.ts';
import { buildSynthesis, type SynthesisModel } from '../synthesis/synthesis-model.ts';
import type {
  ActionStatus,
  CycleModel,
  Domain,
  Nature,
  Row,
  Theme,
} from '../schema/cycle.types.ts';
import { byOrder } from '../schema/order.ts';
import { dashboardFigures, type CycleDashboard } from '../dashboard/dashboard-figures.ts';
import { domainNumbers } from '../schema/cycle-doc.ts';
import { groupBy } from '../schema/group.ts';
import { MEMBER_KIND_LABELS_FR, STAGE_LABELS_FR } from '../i18n/stages.ts';
import {
  actionLinks,
  actionQuarter,
  actionTheme,
  isLate,
  liveActions,
  quarterLabel,
  rowReferences,
  todayIso,
} from '../actions/action-calc.ts';

/** The six columns of the user's steering table (seed §2.4), exactly as written there, in order. */
export const SEED_COLUMNS = [
  'Thème',
  'Domaine d’action',
  'Questions ou indicateurs',
  'État des lieux (année N0)',
  'Objectif à 1 an (année N+1)',
  'Objectif à 3 ans (année N+3)',
] as const;

/** The columns Pilotis adds after the seed ones; the importer reads them back except the count. */
export const EXTRA_COLUMNS = [
  'Nature',
  'Unité',
  'Valeur N0',
  'Traitée',
  'Raison si non traitée',
  'Sources',
  'Nombre de commentaires',
] as const;

/** Every column of the exported steering table, seed columns first. */
export const STEERING_COLUMNS = [...SEED_COLUMNS, ...EXTRA_COLUMNS] as const;
export type SteeringColumn = (typeof STEERING_COLUMNS)[number];

/** Label of the version being exported when it is the live document rather than a frozen one. */
export const WORKING_VERSION_LABEL = 'Version de travail';

/** Start of the line that stands for a theme left aside this year; the importer looks for it. */
export const THEME_NOT_RETAINED_PREFIX = 'Thème non retenu';

export const NATURE_LABELS_FR: Record<Nature, string> = {
  qualitative: 'Qualitative',
  quantitative: 'Quantitative',
};

export const ACTION_STATUS_LABELS_FR: Record<ActionStatus, string> = {
  todo: 'À lancer',
  'in-progress': 'En cours',
  done: 'Fait',
  abandoned: 'Abandonné',
};

export const YES_FR = 'Oui';
export const NO_FR = 'Non';

/** What the model alone does not know: which version, when, by whom, and the comment counts. */
export interface ExportInfo {
  /** Name of the frozen version; null exports the live document as "Version de travail". */
  versionLabel: string | null;
  exportedAt: Date;
  /** Display name of the person exporting; null for automatic exports (frozen versions). */
  exportedBy: string | null;
  /** Number of comments per row id; rows absent from the record have none. */
  commentCounts?: Record<string, number>;
  /**
   * The cycle's comment threads: they fill the Commentaires sheet and the PDF annex, and (when
   * given) the per-row counts, instead of `commentCounts`.
   */
  threads?: ExportThreadInput[];
  /** Time zone the export date is written in; defaults to Europe/Paris (a French organisation). */
  timeZone?: string;
}

/**
 * One line of the steering table. `kind` tells a real row from the stand-in lines that keep every
 * theme (and every empty domain) visible: 'theme' for a theme with no rows or not retained, whose
 * `label` then carries "Thème non retenu : <raison>"; 'domain' for a domain with no rows yet.
 */
export interface SteeringLine {
  kind: 'row' | 'theme' | 'domain';
  rowId: string | null;
  themeNumber: number;
  themeTitle: string;
  themeRetained: boolean;
  /** "1.3"; empty on a 'theme' line. */
  domainNumber: string;
  domainTitle: string;
  label: string;
  baseline: string;
  target1y: string;
  target3y: string;
  /** "Qualitative" / "Quantitative"; empty on stand-in lines. */
  nature: string;
  unit: string;
  baselineValue: number | null;
  /** The value with its unit, French-formatted ("12,5 %"), for the PDF; empty when unknown. */
  baselineValueText: string;
  /** "Oui" / "Non"; empty on stand-in lines. */
  treated: string;
  notTreatedReason: string;
  sources: string;
  /** Null on stand-in lines, which cannot be commented. */
  commentCount: number | null;
}

export interface ThemeSummary {
  number: number;
  title: string;
  retained: boolean;
  /** "Oui" / "Non". */
  retainedLabel: string;
  priority: number | null;
  notRetainedReason: string;
  goodPractices: string;
  improvements: string;
  /** Rows of the theme with a 1-year or 3-year objective, for the synthesis' highlights. */
  objectives: { label: string; target1y: string; target3y: string }[];
}

export interface ExportAction {
  title: string;
  owner: string;
  budget: number | null;
  /** "1 234,50 €" with the spaces Intl gives (U+202F, U+00A0); empty when no budget. */
  budgetText: string;
  /** dd/mm/yyyy or empty. */
  startDate: string;
  dueDate: string;
  status: string;
  rowLabels: string[];
  notes: string;
  /** Action plan (issue 14): theme it is grouped under ("1. Gouvernance…", "Sans thème"). */
  themeLabel: string;
  description: string;
  budgetSpent: number | null;
  budgetSpentText: string;
  /** ISO dates, for renderers that write real dates (the workbook). */
  startIso: string | null;
  dueIso: string | null;
  /** "T1 2027" or empty. */
  quarter: string;
  statusCode: ActionStatus;
  abandonReason: string;
  /** Linked rows as "1.3 n°2"; a deleted row as "ligne supprimée (…)". */
  rowRefs: string[];
  late: boolean;
}

/** A comment thread as the exports need it (the server's thread, without per-person fields). */
export interface ExportThreadInput {
  anchor: { kind: 'row' | 'theme' | 'action' | 'section' | 'passage'; id: string };
  status: 'open' | 'resolved' | 'detached';
  /** The anchor's text when last seen (kept for a detached thread). */
  quote: string;
  context: {
    themeNumber?: number;
    themeTitle?: string;
    domainNumber?: string;
    domainTitle?: string;
    /** For a passage: its section. */
    sectionTitle?: string;
  };
  messages: { author: { name: string }; body: string; createdAt: string; deleted: boolean }[];
}

export const THREAD_STATUS_LABELS_FR: Record<ExportThreadInput['status'], string> = {
  open: 'Ouvert',
  resolved: 'Résolu',
  detached: 'Détaché',
};

/** Shown instead of a deleted message. */
export const DELETED_COMMENT_FR = 'message supprimé';

/** One comment (message) of the Commentaires sheet and the PDF annex, in grid order. */
export interface ExportComment {
  /** "1. Gouvernance démocratique"; empty for actions and sections. */
  theme: string;
  /** "1.3 Exercice du pouvoir"; empty when not on a row. */
  domain: string;
  /** The row's label, or "Thème", "Action : …", "Section : …". */
  line: string;
  author: string;
  /** dd/mm/yyyy hh:mm (Europe/Paris by default). */
  date: string;
  text: string;
  /** "Ouvert", "Résolu", "Détaché". */
  status: string;
  rowId: string | null;
}

export interface ExportModel {
  /** Document title, e.g. "Guide des bonnes pratiques — Asso — 2026". */
  title: string;
  organisation: string;
  year: number;
  stageLabel: string;
  versionLabel: string;
  /** dd/mm/yyyy. */
  exportedAtText: string;
  exportedBy: string | null;
  pilots: { name: string; kindLabel: string }[];
  /** The working group (set-up): name, qualité and the themes of their expertise ("1, 3"). */
  workingGroup: { name: string; kindLabel: string; themes: string }[];
  themes: ThemeSummary[];
  steeringRows: SteeringLine[];
  actions: ExportAction[];
  sections: {
    kind: string;
    title: string;
    paragraphs: string[];
    /** Rich body (sanitised) and title with its theme, for renderers that lay out sections. */
    body?: RichDoc;
    heading?: string;
  }[];
  stakeholders: {
    name: string;
    category: string;
    relation: string;
    participation?: string;
    influence?: number | null;
    involvement?: number | null;
  }[];
  commentTotal: number;
  /** The publishable synthesis (issue 11), rendered by the synthesis PDF and web page alike. */
  synthesis?: SynthesisModel;
  /** Every comment of the cycle's threads (empty when the export was given none). */
  comments: ExportComment[];
  /** Issue 15: the dashboard on the export day (same figures as the Tableau de bord view). */
  dashboard: CycleDashboard;
  /** Issue 15: the one-year review of the rows carried with a 1-year objective, in grid order. */
  oneYearReviews: ExportReviewLine[];
}

export const REVIEW_ANSWER_LABELS_FR = {
  yes: 'Oui',
  partly: 'Partiellement',
  no: 'Non',
  pending: 'À revoir',
} as const;

/** One row's « objectif atteint ? » in the exports. */
export interface ExportReviewLine {
  /** "1.3 n°2". */
  place: string;
  label: string;
  /** The year the objective was set in. */
  year: number;
  objective: string;
  /** "Oui", "Partiellement", "Non" or "À revoir" (not answered yet). */
  answer: string;
  comment: string;
}

function reviewLines(cycle: CycleModel): ExportReviewLine[] {
  const references = rowReferences(cycle);
  const reviews = cycle.oneYearReviews ?? {};
  return cycle.rows
    .filter((row) => row.previous && row.previous.target1y.trim() !== '')
    .map((row) => {
      const review = reviews[row.id];
      return {
        place: references.get(row.id) ?? '',
        label: row.label,
        year: row.previous!.year,
        objective: row.previous!.target1y,
        answer: REVIEW_ANSWER_LABELS_FR[review?.answer ?? 'pending'],
        comment: review?.comment ?? '',
      };
    });
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });
const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** A number the French way ("1 234,5"), as Intl writes it (U+202F between thousands). */
export function formatNumberFr(value: number): string {
  return numberFormat.format(value);
}

/** An amount in euros the French way: "1 234,50 €" (U+202F thousands, U+00A0 before €). */
export function formatEurosFr(value: number): string {
  return euroFormat.format(value);
}

/**
 * A date as dd/mm/yyyy. Defaults to Europe/Paris rather than the server's zone, so an export made
 * at 00:30 in Paris on a UTC server still carries the French date.
 */
export function formatDateFr(date: Date, timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone,
  }).format(date);
}

/** An ISO calendar date (YYYY-MM-DD) as dd/mm/yyyy, without going through a time zone. */
export function formatIsoDateFr(iso: string | null): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** "Thème non retenu : <raison>", with the French no-break space before the colon. */
export function themeNotRetainedNote(reason: string): string {
  const trimmed = reason.trim();
  return trimmed
    ? `${THEME_NOT_RETAINED_PREFIX}\u00a0: ${trimmed}`
    : `${THEME_NOT_RETAINED_PREFIX} (raison non précisée)`;
}

/** The theme cell as written in the table: "1. Gouvernance démocratique". */
export function themeCellText(line: Pick<SteeringLine, 'themeNumber' | 'themeTitle'>): string {
  return line.themeNumber > 0 ? `${line.themeNumber}. ${line.themeTitle}` : line.themeTitle;
}

/** "26/11/2026 14:05" in `timeZone` (Europe/Paris by default). */
export function formatDateTimeFr(date: Date, timeZone = 'Europe/Paris'): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/**
 * The comment lines of the exports, one per message, in grid order (rows, then themes, actions,
 * sections, then detached threads), each message with its thread's status.
 */
export function commentLines(
  cycle: CycleModel,
  lines: SteeringLine[],
  threads: ExportThreadInput[],
  timeZone?: string,
): ExportComment[] {
  const rowRank = new Map<string, number>();
  const rowLines = new Map<string, SteeringLine>();
  lines.forEach((line, index) => {
    if (line.rowId) {
      rowRank.set(line.rowId, index);
      rowLines.set(line.rowId, line);
    }
  });
  const themes = new Map(cycle.themes.map((theme) => [theme.id, theme]));
  const actions = new Map(cycle.actions.map((action) => [action.id, action]));
  const sections = new Map(cycle.sections.map((section) => [section.id, section]));
  const kindRank = { row: 0, theme: 1, action: 2, section: 3, passage: 4 } as const;
  const rank = (thread: ExportThreadInput): [number, number] => {
    if (thread.status === 'detached' || thread.anchor.kind !== 'row') {
      const theme = themes.get(thread.anchor.id);
      return [thread.status === 'detached' ? 9 : kindRank[thread.anchor.kind], theme?.number ?? 0];
    }
    return [0, rowRank.get(thread.anchor.id) ?? Number.MAX_SAFE_INTEGER];
  };
  const sorted = [...threads].sort((a, b) => {
    const [ka, ia] = rank(a);
    const [kb, ib] = rank(b);
    return ka - kb || ia - ib;
  });
  return sorted.flatMap((thread) => {
    const status = THREAD_STATUS_LABELS_FR[thread.status];
    const rowLine = thread.anchor.kind === 'row' ? rowLines.get(thread.anchor.id) : undefined;
    let theme = '';
    let domain = '';
    let line = thread.quote;
    if (rowLine) {
      theme = themeCellText(rowLine);
      domain = domainCellText(rowLine);
      line = rowLine.label;
    } else if (thread.anchor.kind === 'row') {
      const c = thread.context;
      theme = c.themeNumber ? `${c.themeNumber}. ${c.themeTitle ?? ''}` : '';
      domain = [c.domainNumber, c.domainTitle].filter(Boolean).join(' ');
    } else if (thread.anchor.kind === 'theme') {
      const found = themes.get(thread.anchor.id);
      theme = found ? `${found.number}. ${found.title}` : thread.quote;
      line = 'Thème';
    } else if (thread.anchor.kind === 'action') {
      line = `Action\u00a0: ${actions.get(thread.anchor.id)?.title ?? thread.quote}`;
    } else if (thread.anchor.kind === 'passage') {
      const section = thread.context.sectionTitle;
      line = `${section ? `Section\u00a0: ${section} — ` : ''}« ${thread.quote} »`;
    } else {
      line = `Section\u00a0: ${sections.get(thread.anchor.id)?.title ?? thread.quote}`;
    }
    return thread.messages.map((message) => ({
      theme,
      domain,
      line,
      author: message.author.name,
      date: formatDateTimeFr(new Date(message.createdAt), timeZone),
      text: message.deleted ? DELETED_COMMENT_FR : message.body,
      status,
      rowId: rowLine ? thread.anchor.id : null,
    }));
  });
}

/** Comments (messages not deleted) per row id, from the threads attached to rows. */
export function commentCountsFromThreads(threads: ExportThreadInput[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const thread of threads) {
    if (thread.anchor.kind !== 'row' || thread.status === 'detached') continue;
    const count = thread.messages.filter((message) => !message.deleted).length;
    counts[thread.anchor.id] = (counts[thread.anchor.id] ?? 0) + count;
  }
  return counts;
}

/** The domain cell as written in the table: "1.3 Exercice du pouvoir" (the seed's own form). */
export function domainCellText(line: Pick<SteeringLine, 'domainNumber' | 'domainTitle'>): string {
  return [line.domainNumber, line.domainTitle].filter(Boolean).join(' ');
}

/**
 * The 13 cell values of one line, in STEERING_COLUMNS order: what the workbook writes and what the
 * tests compare. Numbers stay numbers (Valeur N0, Nombre de commentaires); null is an empty cell.
 */
export function steeringCells(line: SteeringLine): (string | number | null)[] {
  return [
    themeCellText(line),
    domainCellText(line),
    line.label,
    line.baseline,
    line.target1y,
    line.target3y,
    line.nature,
    line.unit,
    line.baselineValue,
    line.treated,
    line.notTreatedReason,
    line.sources,
    line.commentCount,
  ];
}

function rowLine(
  theme: Theme | null,
  domain: Domain | null,
  domainNumber: string,
  row: Row,
  comments: Record<string, number>,
): SteeringLine {
  const valueText =
    row.baselineValue === null
      ? ''
      : [formatNumberFr(row.baselineValue), row.unit.trim()].filter(Boolean).join('\u00a0');
  return {
    kind: 'row',
    rowId: row.id,
    themeNumber: theme?.number ?? 0,
    themeTitle: theme?.title ?? 'Sans thème',
    themeRetained: theme?.retained ?? true,
    domainNumber,
    domainTitle: domain?.title ?? 'Sans domaine',
    label: row.label,
    baseline: row.baseline,
    target1y: row.target1y,
    target3y: row.target3y,
    nature: NATURE_LABELS_FR[row.nature],
    unit: row.unit,
    baselineValue: row.baselineValue,
    baselineValueText: valueText,
    treated: row.treated ? YES_FR : NO_FR,
    notTreatedReason: row.notTreatedReason,
    sources: row.sources,
    commentCount: comments[row.id] ?? 0,
  };
}

function standInLine(
  kind: 'theme' | 'domain',
  theme: Theme,
  domain: { number: string; title: string } | null,
  label: string,
): SteeringLine {
  return {
    kind,
    rowId: null,
    themeNumber: theme.number,
    themeTitle: theme.title,
    themeRetained: theme.retained,
    domainNumber: domain?.number ?? '',
    domainTitle: domain?.title ?? '',
    label,
    baseline: '',
    target1y: '',
    target3y: '',
    nature: '',
    unit: '',
    baselineValue: null,
    baselineValueText: '',
    treated: '',
    notTreatedReason: '',
    sources: '',
    commentCount: null,
  };
}

function steeringLines(cycle: CycleModel, comments: Record<string, number>): SteeringLine[] {
  const numbers = domainNumbers(cycle.themes, cycle.domains);
  const themeById = new Map(cycle.themes.map((theme) => [theme.id, theme]));
  const domainById = new Map(cycle.domains.map((domain) => [domain.id, domain]));
  const rowsByDomain = new Map<string, Row[]>();
  for (const row of cycle.rows) {
    const list = rowsByDomain.get(row.domainId) ?? [];
    list.push(row);
    rowsByDomain.set(row.domainId, list);
  }
  const domainsByTheme = groupBy(cycle.domains, (domain) => domain.themeId);
  const lines: SteeringLine[] = [];
  const themes = [...cycle.themes].sort((a, b) => a.number - b.number);
  for (const theme of themes) {
    const domains = [...(domainsByTheme.get(theme.id) ?? [])].sort(byOrder);
    const themeLines: SteeringLine[] = [];
    for (const domain of domains) {
      const number = numbers.get(domain.id) ?? '';
      const rows = (rowsByDomain.get(domain.id) ?? []).sort(byOrder);
      if (rows.length === 0) {
        themeLines.push(standInLine('domain', theme, { number, title: domain.title }, ''));
      }
      for (const row of rows) themeLines.push(rowLine(theme, domain, number, row, comments));
    }
    // The steering tool lists all eight themes (BRIEF): one that is empty or dropped still shows,
    // and a dropped theme states why, ahead of whatever rows it kept from the template.
    if (!theme.retained) {
      lines.push(standInLine('theme', theme, null, themeNotRetainedNote(theme.notRetainedReason)));
    } else if (themeLines.length === 0) {
      lines.push(standInLine('theme', theme, null, ''));
    }
    lines.push(...themeLines);
  }
  // Rows or domains orphaned by a concurrent deletion come last, so nothing typed is left out.
  for (const row of cycle.rows) {
    const domain = domainById.get(row.domainId) ?? null;
    const theme = domain ? (themeById.get(domain.themeId) ?? null) : null;
    if (theme) continue;
    lines.push(rowLine(null, domain, '', row, comments));
  }
  return lines;
}

/** The live actions (binned ones left out), in plan order, grouped by theme. */
function exportActions(cycle: CycleModel, info: ExportInfo): ExportAction[] {
  const references = rowReferences(cycle);
  const rowsById = new Map(cycle.rows.map((row) => [row.id, row]));
  const today = todayIso(info.exportedAt, info.timeZone);
  // Each action's theme, found once (the sort below compares n log n times).
  const themes = new Map(liveActions(cycle).map((action) => [action, actionTheme(cycle, action)]));
  const themeRank = (action: CycleModel['actions'][number]) =>
    themes.get(action)?.number ?? Number.MAX_SAFE_INTEGER;
  return [...themes.keys()]
    .sort((a, b) => themeRank(a) - themeRank(b) || byOrder(a, b))
    .map((action) => {
      const theme = themes.get(action) ?? null;
      const quarter = actionQuarter(action);
      return {
        title: action.title,
        owner: action.owner,
        budget: action.budget,
        budgetText: action.budget === null ? '' : formatEurosFr(action.budget),
        startDate: formatIsoDateFr(action.startDate),
        dueDate: formatIsoDateFr(action.dueDate),
        status: ACTION_STATUS_LABELS_FR[action.status],
        rowLabels: action.rowIds.flatMap((id) => {
          const row = rowsById.get(id);
          return row ? [row.label] : [];
        }),
        notes: action.notes,
        themeLabel: theme ? `${theme.number}. ${theme.title}` : 'Sans thème',
        description: action.description,
        budgetSpent: action.budgetSpent,
        budgetSpentText: action.budgetSpent === null ? '' : formatEurosFr(action.budgetSpent),
        startIso: action.startDate,
        dueIso: action.dueDate,
        quarter: quarter ? quarterLabel(quarter) : '',
        statusCode: action.status,
        abandonReason: action.abandonReason,
        rowRefs: actionLinks(cycle, action, references).map((link) =>
          link.gone ? `ligne supprimée${link.label ? ` (${link.label})` : ''}` : link.reference,
        ),
        late: isLate(action, today),
      };
    });
}

/**
 * Turn a cycle into the plain model the renderers lay out. Pure and deterministic for a given
 * `info` (the date is formatted in `info.timeZone`, Europe/Paris by default), so a frozen version
 * renders the same bytes' worth of content every time.
 */
export function buildExportModel(cycle: CycleModel, info: ExportInfo): ExportModel {
  const comments = info.threads
    ? commentCountsFromThreads(info.threads)
    : (info.commentCounts ?? {});
  const domainById = new Map(cycle.domains.map((domain) => [domain.id, domain]));
  const themes = [...cycle.themes].sort((a, b) => a.number - b.number);
  const rowsByTheme = groupBy(cycle.rows, (row) => domainById.get(row.domainId)?.themeId ?? '');
  const steeringRows = steeringLines(cycle, comments);
  const organisation = cycle.meta.organisationName;
  return {
    title: `Guide des bonnes pratiques — ${organisation} — ${cycle.meta.year}`,
    organisation,
    year: cycle.meta.year,
    stageLabel: STAGE_LABELS_FR[cycle.meta.stage],
    versionLabel: info.versionLabel?.trim() || WORKING_VERSION_LABEL,
    exportedAtText: formatDateFr(info.exportedAt, info.timeZone),
    exportedBy: info.exportedBy,
    pilots: cycle.meta.pilots.map((pilot) => ({
      name: pilot.name,
      kindLabel: MEMBER_KIND_LABELS_FR[pilot.kind],
    })),
    workingGroup: (cycle.meta.group ?? []).map((person) => ({
      name: person.name,
      kindLabel: MEMBER_KIND_LABELS_FR[person.qualite],
      themes: person.themes.join(', '),
    })),
    themes: themes.map((theme) => ({
      number: theme.number,
      title: theme.title,
      retained: theme.retained,
      retainedLabel: theme.retained ? YES_FR : NO_FR,
      priority: theme.priority,
      notRetainedReason: theme.notRetainedReason,
      goodPractices: theme.goodPractices,
      improvements: theme.improvements,
      objectives: (rowsByTheme.get(theme.id) ?? [])
        .filter((row) => row.treated && (row.target1y || row.target3y))
        .map((row) => ({ label: row.label, target1y: row.target1y, target3y: row.target3y })),
    })),
    steeringRows,
    actions: exportActions(cycle, info),
    sections: [...cycle.sections].sort(byOrder).map((section) => ({
      kind: section.kind,
      title: section.title,
      paragraphs: section.paragraphs,
      body: section.body,
      heading: sectionHeading(section, cycle.themes),
    })),
    stakeholders: [...cycle.stakeholders].sort(byOrder).map((s) => ({
      name: s.name,
      category: stakeholderCategoryLabel(s.category),
      relation: s.relation,
      participation: s.participation ?? '',
      influence: s.influence ?? null,
      involvement: s.involvement ?? null,
    })),
    commentTotal: steeringRows.reduce((sum, line) => sum + (line.commentCount ?? 0), 0),
    synthesis: buildSynthesis(cycle),
    comments: info.threads ? commentLines(cycle, steeringRows, info.threads, info.timeZone) : [],
    dashboard: dashboardFigures(cycle, todayIso(info.exportedAt, info.timeZone)),
    oneYearReviews: reviewLines(cycle),
  };
}
