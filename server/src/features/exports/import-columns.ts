/**
 * The columns and themes of an imported steering table: which header is which column (case,
 * accents, apostrophes, spaces and line breaks do not matter) and which of the guide's eight
 * themes a theme cell designates. Pure text matching, no spreadsheet library.
 */
import { EXTRA_COLUMNS, GUIDE_TEMPLATE, SEED_COLUMNS } from '@pilotis/shared';

// --- Text folding --------------------------------------------------------------------------

/** Lower case, no accents, one kind of apostrophe and space, soft hyphens gone. */
export function fold(text: string): string {
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
export function skeleton(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

// --- Columns -------------------------------------------------------------------------------

export type ColumnKey =
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
  | 'commentCount'
  | 'themeRetained';

interface ColumnSpec {
  key: ColumnKey;
  title: string;
  /** Skeletons the header may equal, or start with (for the long seed titles). */
  exact: string[];
  prefix: string[];
}

export const COLUMN_SPECS: ColumnSpec[] = [
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
  // Issue 19: the workbook's "Thème retenu" column ("Non" on the line of a theme left aside).
  { key: 'themeRetained', title: 'Thème retenu', exact: ['themeretenu'], prefix: [] },
];

export const REQUIRED: ColumnKey[] = ['theme', 'domain', 'label'];

export function columnKey(header: string): ColumnKey | null {
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
export function domainTitleOf(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const stripped = trimmed.replace(/^\d+(?:\.\d+)+\.?\s*[-–—:]?\s*/, '');
  return stripped || trimmed;
}

/** "8.1 Valeurs écrites" → "8.1"; undefined when the cell gives no number. */
export function domainNumberOf(text: string): string | undefined {
  const match = /^\s*(\d+\.\d+)(?:\.\d+)*\.?(?=\s|$|[-–—:])/.exec(text);
  return match?.[1];
}
