/**
 * Import of an existing steering spreadsheet (step 9, "et import d’un tableau existant"): many
 * groups start from the table of the guide, typed in Excel or LibreOffice. Parsing and merging are
 * pure (bytes in, rows out; model in, model out) so the server can show a preview before writing.
 */
import ExcelJS from 'exceljs';
import {
  EXTRA_COLUMNS,
  GUIDE_TEMPLATE,
  SEED_COLUMNS,
  THEME_NOT_RETAINED_PREFIX,
  keyBetween,
  newId,
  type CycleModel,
  type Domain,
  type Nature,
  type Row,
} from '@pilotis/shared';

/** Uploads above this are refused before anything is parsed. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** What the archive may expand to: a steering table is a few megabytes, a zip bomb is not. */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** How many header rows candidates are looked at, per sheet (titles and notes often come first). */
const HEADER_SCAN_ROWS = 20;
/** Lines read from the table; beyond it the file is not a steering table of one organisation. */
const MAX_DATA_ROWS = 5000;

export type ImportErrorCode = 'not_xlsx' | 'too_large' | 'no_header' | 'empty';

/** A file the importer cannot use, with a French message to show as is. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}

const NOT_XLSX = 'Ce fichier n’est pas un classeur Excel (.xlsx) lisible.';
const NO_HEADER =
  'Aucun tableau de pilotage reconnu : la ligne d’en-tête doit contenir les colonnes Thème, ' +
  'Domaine d’action, Questions ou indicateurs, État des lieux (année N0), Objectif à 1 an ' +
  '(année N+1) et Objectif à 3 ans (année N+3).';
const TOO_LARGE = `Ce fichier est trop volumineux : ${MAX_IMPORT_BYTES / 1024 / 1024} Mo au plus.`;
const EMPTY = 'Le tableau de pilotage est vide : aucune ligne sous la ligne d’en-tête.';

/**
 * One line of the imported table. A line with a domain but no label and no text only makes sure
 * the domain exists (an exported empty domain reads back that way).
 */
export interface ImportedRow {
  /** 1 to 8. */
  themeNumber: number;
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

export interface ImportResult {
  /** The sheet the table was read from. */
  sheetName: string;
  rows: ImportedRow[];
  themes: ImportedThemeStatus[];
  /** French, one per problem, with the spreadsheet line number. */
  warnings: string[];
}

// --- Text folding --------------------------------------------------------------------------

/** Lower case, no accents, one kind of apostrophe and space, soft hyphens gone. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Letters and digits only: "Objectif à 1 an\n(année N+1)" → "objectifa1anannee n1". */
function skeleton(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

// --- Columns -------------------------------------------------------------------------------

type ColumnKey =
  | 'theme'
  | 'domain'
  | 'label'
  | 'baseline'
  | 'target1y'
  | 'target3y'
  | 'nature'
  | 'unit'
  | 'baselineValue'
  | 'treated'
  | 'notTreatedReason'
  | 'sources'
  | 'commentCount';

interface ColumnSpec {
  key: ColumnKey;
  title: string;
  /** Skeletons the header may equal, or start with (for the long seed titles). */
  exact: string[];
  prefix: string[];
}

const COLUMN_SPECS: ColumnSpec[] = [
  { key: 'theme', title: SEED_COLUMNS[0], exact: ['theme', 'themes'], prefix: [] },
  {
    key: 'domain',
    title: SEED_COLUMNS[1],
    exact: ['domaine', 'domaines'],
    prefix: ['domainedaction', 'domainesdaction'],
  },
  {
    key: 'label',
    title: SEED_COLUMNS[2],
    exact: ['questions', 'question', 'indicateurs', 'questionsindicateurs'],
    prefix: [
      'questionsouindicateurs',
      'questionouindicateur',
      'questionsetindicateurs',
      'questionetindicateur',
    ],
  },
  { key: 'baseline', title: SEED_COLUMNS[3], exact: [], prefix: ['etatdeslieux', 'etatdelieux'] },
  {
    key: 'target1y',
    title: SEED_COLUMNS[4],
    exact: [],
    prefix: ['objectifa1an', 'objectifsa1an', 'objectifaunan', 'objectif1an'],
  },
  {
    key: 'target3y',
    title: SEED_COLUMNS[5],
    exact: [],
    prefix: ['objectifa3ans', 'objectifsa3ans', 'objectifa3an', 'objectif3ans'],
  },
  { key: 'nature', title: EXTRA_COLUMNS[0], exact: ['nature'], prefix: [] },
  { key: 'unit', title: EXTRA_COLUMNS[1], exact: ['unite', 'unites'], prefix: [] },
  { key: 'baselineValue', title: EXTRA_COLUMNS[2], exact: ['valeurn0', 'valeur'], prefix: [] },
  { key: 'treated', title: EXTRA_COLUMNS[3], exact: ['traitee', 'traite'], prefix: [] },
  {
    key: 'notTreatedReason',
    title: EXTRA_COLUMNS[4],
    exact: [],
    prefix: ['raisonsinontraite', 'raison'],
  },
  { key: 'sources', title: EXTRA_COLUMNS[5], exact: ['sources', 'source'], prefix: [] },
  { key: 'commentCount', title: EXTRA_COLUMNS[6], exact: [], prefix: ['nombredecommentaire'] },
];

const REQUIRED: ColumnKey[] = ['theme', 'domain', 'label'];

function columnKey(header: string): ColumnKey | null {
  const key = skeleton(header);
  if (!key) return null;
  const spec = COLUMN_SPECS.find(
    (s) => s.exact.includes(key) || s.prefix.some((prefix) => key.startsWith(prefix)),
  );
  return spec?.key ?? null;
}

// --- Themes --------------------------------------------------------------------------------

/**
 * Stems that identify each theme of the guide in a title typed by someone (letters only, so that
 * "Gouver-nance" or "égalité femmes-hommes" match). Built from the law's and CSESS wording.
 */
const THEME_STEMS: Record<number, string[]> = {
  1: ['gouvernance', 'democrat'],
  2: ['concertation', 'strategi', 'elaboration'],
  3: ['territori', 'ancrage', 'local'],
  4: ['salari', 'exemplarit', 'remuneration', 'dialoguesocial', 'qualitedelemploi'],
  5: ['usager', 'beneficiair', 'client', 'besoin'],
  6: ['diversit', 'discrimin', 'egalit', 'femme', 'homme', 'parit', 'mixit'],
  7: ['developpementdurable', 'durable', 'environnement', 'ecolog', 'climat'],
  8: ['ethique', 'deontolog', 'corruption', 'conflitdinteret'],
};

/** The theme number a theme cell designates, by its number or its words; null when unsure. */
export function matchTheme(text: string): number | null {
  const folded = fold(text);
  const numbered = /^(?:theme\s*(?:n\s*°?\s*)?)?(\d{1,2})(?![\d.]*\d)/.exec(folded);
  if (numbered) {
    const number = Number(numbered[1]);
    if (number >= 1 && number <= 8) return number;
  }
  const letters = skeleton(text);
  if (!letters) return null;
  for (const theme of GUIDE_TEMPLATE) {
    if (skeleton(theme.title) === letters) return theme.number;
  }
  let best: number | null = null;
  let bestScore = 0;
  let tie = false;
  for (const [number, stems] of Object.entries(THEME_STEMS)) {
    const score = stems.filter((stem) => letters.includes(stem)).length;
    if (score > bestScore) {
      best = Number(number);
      bestScore = score;
      tie = false;
    } else if (score > 0 && score === bestScore) {
      tie = true;
    }
  }
  return tie ? null : best;
}

/** "1.3 Exercice du pouvoir" → "Exercice du pouvoir"; a bare "1.3" is kept as is. */
function domainTitleOf(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const stripped = trimmed.replace(/^\d+(?:\.\d+)+\.?\s*[-–—:]?\s*/, '');
  return stripped || trimmed;
}

// --- Cells ---------------------------------------------------------------------------------

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10).split('-').reverse().join('/');
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula's last computed result is what the person saw; the formula itself is not used.
    return valueText((value.result ?? null) as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue);
  return '';
}

function cellText(row: ExcelJS.Row, column: number | undefined): string {
  if (column === undefined) return '';
  return valueText(row.getCell(column).value).trim();
}

function parseNature(text: string): Nature | undefined {
  const folded = fold(text);
  if (folded.startsWith('quanti')) return 'quantitative';
  if (folded.startsWith('quali')) return 'qualitative';
  return undefined;
}

function parseTreated(text: string): boolean | undefined {
  const folded = fold(text);
  if (['oui', 'o', 'yes', 'y', 'x', 'vrai', 'true', '1', 'traitee'].includes(folded)) return true;
  if (['non', 'n', 'no', 'faux', 'false', '0', 'non traitee'].includes(folded)) return false;
  return undefined;
}

function parseNumber(row: ExcelJS.Row, column: number | undefined): number | undefined | null {
  if (column === undefined) return undefined;
  const value = row.getCell(column).value;
  if (typeof value === 'number') return value;
  const text = valueText(value).replace(/[\s\u00a0\u202f]/g, '');
  if (!text) return undefined;
  const normalised = text.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : null;
}

// --- Archive checks ------------------------------------------------------------------------

/**
 * Read the zip's central directory (no decompression): refuses truncated files, zips that are not
 * workbooks, and archives claiming to expand beyond MAX_UNCOMPRESSED_BYTES.
 */
function checkArchive(data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 22 || view.getUint32(0, true) !== 0x04034b50) {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ImportError('not_xlsx', NOT_XLSX);
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  const names = new Set<string>();
  const decoder = new TextDecoder();
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > end || view.getUint32(offset, true) !== 0x02014b50) {
      throw new ImportError('not_xlsx', NOT_XLSX);
    }
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    names.add(decoder.decode(data.subarray(offset + 46, offset + 46 + nameLength)));
    // 0xFFFFFFFF means a zip64 size: far beyond any steering table.
    total += size === 0xffffffff ? Infinity : size;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw new ImportError('too_large', TOO_LARGE);
}

// --- Parsing -------------------------------------------------------------------------------

interface HeaderMatch {
  sheet: ExcelJS.Worksheet;
  rowNumber: number;
  columns: Map<ColumnKey, number>;
  duplicates: string[];
}

function findHeader(workbook: ExcelJS.Workbook): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  for (const sheet of workbook.worksheets) {
    const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
    for (let rowNumber = 1; rowNumber <= last; rowNumber++) {
      const columns = new Map<ColumnKey, number>();
      const duplicates: string[] = [];
      sheet.getRow(rowNumber).eachCell((cell, column) => {
        const key = columnKey(valueText(cell.value));
        if (!key) return;
        if (columns.has(key)) duplicates.push(valueText(cell.value).trim());
        else columns.set(key, column);
      });
      if (!REQUIRED.every((key) => columns.has(key))) continue;
      if (!best || columns.size > best.columns.size) {
        best = { sheet, rowNumber, columns, duplicates };
      }
    }
  }
  return best;
}

const NOT_RETAINED = skeleton(THEME_NOT_RETAINED_PREFIX);

/**
 * Read an uploaded .xlsx steering table. Finds, in the first rows of every sheet, the header row
 * holding at least Thème, Domaine d’action and Questions ou indicateurs (case, accents, apostrophes,
 * spaces and line breaks do not matter; columns may come in any order; unknown columns are
 * ignored); carries merged or blank theme and domain cells down; maps theme cells to the eight
 * themes by number or by words. Throws ImportError for an unreadable, oversized (10 Mo) or empty
 * file, or one without a recognisable header.
 */
export async function parseSteeringWorkbook(data: Uint8Array): Promise<ImportResult> {
  if (data.byteLength > MAX_IMPORT_BYTES) throw new ImportError('too_large', TOO_LARGE);
  checkArchive(data);
  const workbook = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportError('not_xlsx', NOT_XLSX);
  }
  if (workbook.worksheets.length === 0) throw new ImportError('not_xlsx', NOT_XLSX);
  const header = findHeader(workbook);
  if (!header) throw new ImportError('no_header', NO_HEADER);

  const { sheet, columns } = header;
  const warnings: string[] = [];
  for (const title of header.duplicates) {
    warnings.push(`Colonne « ${title} » en double : seule la première est lue.`);
  }
  for (const spec of COLUMN_SPECS.slice(3, 6)) {
    if (!columns.has(spec.key)) {
      warnings.push(`Colonne « ${spec.title} » absente : elle reste vide.`);
    }
  }

  const col = (key: ColumnKey) => columns.get(key);
  const rows: ImportedRow[] = [];
  const themes: ImportedThemeStatus[] = [];
  let themeNumber: number | null = null;
  let themeText = '';
  let domainTitle = '';
  let dataRows = 0;
  const lastRow = sheet.rowCount;
  for (let rowNumber = header.rowNumber + 1; rowNumber <= lastRow; rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const themeCell = cellText(row, col('theme'));
    const domainCell = cellText(row, col('domain'));
    const texts = {
      label: cellText(row, col('label')),
      baseline: cellText(row, col('baseline')),
      target1y: cellText(row, col('target1y')),
      target3y: cellText(row, col('target3y')),
    };
    const hasText = Object.values(texts).some(Boolean);
    if (!themeCell && !domainCell && !hasText) continue;
    if (++dataRows > MAX_DATA_ROWS) {
      warnings.push(`Plus de ${MAX_DATA_ROWS} lignes : la suite du tableau est ignorée.`);
      break;
    }

    if (themeCell && themeCell !== themeText) {
      themeText = themeCell;
      themeNumber = matchTheme(themeCell);
      domainTitle = '';
      if (themeNumber === null) {
        warnings.push(
          `Ligne ${rowNumber} : thème « ${themeCell} » non reconnu parmi les huit thèmes du guide ; ` +
            'ses lignes sont ignorées.',
        );
      }
    }
    if (domainCell) domainTitle = domainTitleOf(domainCell);
    if (themeNumber === null) {
      if (!themeText) {
        warnings.push(
          `Ligne ${rowNumber} : aucun thème au-dessus de cette ligne ; elle est ignorée.`,
        );
      }
      continue;
    }

    if (!domainCell && skeleton(texts.label).startsWith(NOT_RETAINED)) {
      const reason = texts.label.replace(/^[^:]*:?/, '').trim();
      themes.push({ themeNumber, notRetainedReason: reason });
      continue;
    }
    // A theme shown on a line of its own (no domain, no text) only says the theme exists.
    if (!hasText && !domainCell) continue;
    if (!domainTitle) {
      warnings.push(
        `Ligne ${rowNumber} : aucun domaine d’action ; la ligne est rangée dans « Autres questions ».`,
      );
    }

    const imported: ImportedRow = {
      themeNumber,
      domainTitle: domainTitle || 'Autres questions',
      ...texts,
    };
    const nature = parseNature(cellText(row, col('nature')));
    if (nature) imported.nature = nature;
    if (col('unit') !== undefined) imported.unit = cellText(row, col('unit'));
    const value = parseNumber(row, col('baselineValue'));
    if (value === null) {
      warnings.push(`Ligne ${rowNumber} : la valeur N0 n’est pas un nombre ; elle est ignorée.`);
    } else if (value !== undefined) {
      imported.baselineValue = value;
    }
    const treatedText = cellText(row, col('treated'));
    const treated = parseTreated(treatedText);
    if (treated !== undefined) imported.treated = treated;
    else if (treatedText) {
      warnings.push(`Ligne ${rowNumber} : « ${treatedText} » dans Traitée (Oui ou Non attendu).`);
    }
    if (col('notTreatedReason') !== undefined) {
      imported.notTreatedReason = cellText(row, col('notTreatedReason'));
    }
    if (col('sources') !== undefined) imported.sources = cellText(row, col('sources'));
    rows.push(imported);
  }
  if (rows.length === 0 && themes.length === 0) throw new ImportError('empty', EMPTY);
  return { sheetName: sheet.name, rows, themes, warnings };
}

// --- Merge ---------------------------------------------------------------------------------

/** What an import would do, shown before it is confirmed. */
export interface ImportPreview {
  /** Rows added. */
  created: number;
  /** Existing rows (same theme, domain and label) whose texts were updated. */
  merged: number;
  domainsCreated: number;
  /** Themes the table marks "non retenu". */
  themesNotRetained: number;
  /** Rows naming a theme number the cycle does not have. */
  skipped: number;
}

const matchKey = (text: string) => skeleton(text);

/**
 * Merge imported rows into a cycle. A row whose theme, domain title and label match an existing
 * row (ignoring case, accents, spaces and punctuation) updates it; otherwise it is appended to the
 * matching domain, or to a new domain at the end of its theme. An empty cell never erases text
 * already typed in Pilotis: only what the table says is written. Pure: returns the new model and
 * the counts, for a preview then a confirmed `writeCycle`.
 */
export function applyImport(
  model: CycleModel,
  rows: ImportedRow[],
  themeStatuses: ImportedThemeStatus[] = [],
): { model: Omit<CycleModel, 'schemaVersion'>; preview: ImportPreview } {
  const { schemaVersion: _schemaVersion, ...rest } = structuredClone(model);
  const next: Omit<CycleModel, 'schemaVersion'> = rest;
  const preview: ImportPreview = {
    created: 0,
    merged: 0,
    domainsCreated: 0,
    themesNotRetained: 0,
    skipped: 0,
  };
  const themeByNumber = new Map(next.themes.map((theme) => [theme.number, theme]));

  const domains = new Map<string, Domain>();
  const lastDomainOrder = new Map<string, string>();
  for (const domain of next.domains) {
    const key = `${domain.themeId}|${matchKey(domain.title)}`;
    if (!domains.has(key)) domains.set(key, domain);
    const last = lastDomainOrder.get(domain.themeId);
    if (last === undefined || domain.order > last)
      lastDomainOrder.set(domain.themeId, domain.order);
  }
  // Each existing row can absorb one imported row, so two identical lines stay two rows.
  const candidates = new Map<string, Row[]>();
  const lastRowOrder = new Map<string, string>();
  for (const row of next.rows) {
    const key = `${row.domainId}|${matchKey(row.label)}`;
    candidates.set(key, [...(candidates.get(key) ?? []), row]);
    const last = lastRowOrder.get(row.domainId);
    if (last === undefined || row.order > last) lastRowOrder.set(row.domainId, row.order);
  }

  const domainFor = (themeId: string, title: string): Domain => {
    const key = `${themeId}|${matchKey(title)}`;
    const existing = domains.get(key);
    if (existing) return existing;
    const order = keyBetween(lastDomainOrder.get(themeId) ?? null, null);
    const domain: Domain = { id: newId(), themeId, order, title };
    next.domains.push(domain);
    domains.set(key, domain);
    lastDomainOrder.set(themeId, order);
    preview.domainsCreated++;
    return domain;
  };

  for (const imported of rows) {
    const theme = themeByNumber.get(imported.themeNumber);
    if (!theme) {
      preview.skipped++;
      continue;
    }
    const domain = domainFor(theme.id, imported.domainTitle);
    const blank = !imported.label && !imported.baseline && !imported.target1y && !imported.target3y;
    if (blank) continue;
    const existing = candidates.get(`${domain.id}|${matchKey(imported.label)}`)?.shift();
    if (existing) {
      mergeRow(existing, imported);
      preview.merged++;
      continue;
    }
    const order = keyBetween(lastRowOrder.get(domain.id) ?? null, null);
    lastRowOrder.set(domain.id, order);
    const nature = imported.nature ?? (imported.unit ? 'quantitative' : 'qualitative');
    next.rows.push({
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
    preview.created++;
  }

  for (const status of themeStatuses) {
    const theme = themeByNumber.get(status.themeNumber);
    if (!theme) continue;
    theme.retained = false;
    if (status.notRetainedReason) theme.notRetainedReason = status.notRetainedReason;
    preview.themesNotRetained++;
  }
  return { model: next, preview };
}

function mergeRow(row: Row, imported: ImportedRow): void {
  const texts = [
    'baseline',
    'target1y',
    'target3y',
    'unit',
    'notTreatedReason',
    'sources',
  ] as const;
  for (const field of texts) {
    const value = imported[field];
    if (value) row[field] = value;
  }
  if (imported.nature) {
    row.nature = imported.nature;
    row.kind = imported.nature === 'quantitative' ? 'indicator' : 'question';
  }
  if (imported.baselineValue !== undefined) row.baselineValue = imported.baselineValue;
  if (imported.treated !== undefined) row.treated = imported.treated;
}
