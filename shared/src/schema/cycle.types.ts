/**
 * The plain, JSON-friendly model of a cycle. The Y.Doc is the source of truth; this model is what
 * `readCycle` returns for rendering and exports, and what `writeCycle` accepts to fill a new doc
 * (template, import, copy of last year's cycle).
 */
import type { RichDoc } from '../editor/section-content.ts';

/** The five stages a cycle goes through, in order (BRIEF.md). */
import type { GroupMember } from '../setup/cycle-setup.ts';

export const STAGES = [
  'working-group',
  'staff-meeting',
  'board',
  'general-assembly',
  'follow-up',
] as const;
export type Stage = (typeof STAGES)[number];

/** Roles people hold in the working group (not access roles: those belong to accounts). */
export const MEMBER_KINDS = [
  'salarie',
  'elu',
  'benevole',
  'usager',
  'partenaire',
  'autre',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const ROW_KINDS = ['question', 'indicator'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const NATURES = ['qualitative', 'quantitative'] as const;
export type Nature = (typeof NATURES)[number];

export const ACTION_STATUSES = ['todo', 'in-progress', 'done', 'abandoned'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * What a section is: `synthesis` is the introduction of the publishable synthesis, `method` « Notre
 * démarche », `doing` « Ce que nous faisons / ne pas faire », `annex` the concrete example, the
 * `theme-*` kinds belong to one theme (`themeId`), `free` is a section the group added.
 */
export const SECTION_KINDS = [
  'method',
  'synthesis',
  'annex',
  'free',
  'doing',
  'theme-stakes',
  'theme-practices',
  'theme-improvements',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export interface Pilot {
  id: string;
  name: string;
  kind: MemberKind;
}

export interface CycleMeta {
  organisationName: string;
  year: number;
  stage: Stage;
  /** The people steering the cycle (the "binôme salarié / élu") and the group members. */
  pilots: Pilot[];
  /** The working group with each person's qualité and themes (set-up, shared/src/setup). */
  group?: GroupMember[];
}

export interface Theme {
  id: string;
  /** 1 to 8, fixed by the law and the CSESS; domains are numbered from it (1.1, 1.2…). */
  number: number;
  title: string;
  retained: boolean;
  /** 1 = highest; null when not prioritised. */
  priority: number | null;
  /** Why the theme is not worked on this year; required when `retained` is false. */
  notRetainedReason: string;
  goodPractices: string;
  improvements: string;
  /**
   * Issue 15: the year whose decision (retained or not, and the reason) was carried into this cycle
   * as a proposal; absent once the group decided this year (`setThemeRetained`, confirm).
   */
  retentionProposedFrom?: number;
}

export interface Domain {
  id: string;
  themeId: string;
  order: string;
  title: string;
}

export interface Row {
  id: string;
  domainId: string;
  order: string;
  kind: RowKind;
  nature: Nature;
  /** Unit of a quantitative indicator ("%", "personnes", "€"…); empty for a qualitative row. */
  unit: string;
  label: string;
  /** État des lieux (année N0). */
  baseline: string;
  /** Measured value for a quantitative indicator, when known. */
  baselineValue: number | null;
  /** Objectif à 1 an (année N+1). */
  target1y: string;
  /** Objectif à 3 ans (année N+3). */
  target3y: string;
  /**
   * Issue 15: the calendar year the 3-year objective aims at, once the row has been carried (a
   * 2026 objective still aims at 2029 in 2027); absent: this cycle's year + 3.
   */
  target3yYear?: number;
  treated: boolean;
  /** Why the row is "non traitée"; required when `treated` is false. */
  notTreatedReason: string;
  sources: string;
  /** Last year's measurement and objectives, when the cycle was started from last year's. */
  previous?: PreviousYear;
}

/** What a row said the year before (kept as is: nothing measured is thrown away). */
export interface PreviousYear {
  year: number;
  baseline: string;
  baselineValue: number | null;
  unit: string;
  target1y: string;
  target3y: string;
  /** The calendar year last year's 3-year objective aimed at. */
  target3yYear?: number;
  /** The row's id in last year's cycle (its lineage, followed by the indicator history). */
  sourceRowId?: string;
}

export interface Action {
  id: string;
  order: string;
  title: string;
  /** What the action is about, in a few lines (Y.Text, merged per character). */
  description: string;
  /** The action's "pilote" as written: a person's name, free text (someone without an account). */
  owner: string;
  /** The pilote's account id when the pilote is a member of the organisation; null otherwise. */
  ownerId: string | null;
  /** Budget prévu, in euros. */
  budget: number | null;
  /** Budget engagé, in euros. */
  budgetSpent: number | null;
  /** ISO dates (YYYY-MM-DD) or null. */
  startDate: string | null;
  dueDate: string | null;
  /** "2027-T1"; null: derived from the dates (see actions/action-calc.ts). */
  quarter: string | null;
  status: ActionStatus;
  /** Why the action was abandoned; required when `status` is 'abandoned'. */
  abandonReason: string;
  /** Linked rows, in the order they were linked (a row id may point to a deleted row). */
  rowIds: string[];
  /** What each linked row was called when it was linked ("1.3 n°2 — label"), to name a gone link. */
  linkLabels: Record<string, string>;
  /** Progress notes. */
  notes: string;
  /** Epoch ms when the action was put in the bin (recoverable); null when live. */
  deletedAt: number | null;
}

export interface Section {
  id: string;
  order: string;
  kind: SectionKind;
  title: string;
  /** Paragraphs of the section's body, as plain text. */
  paragraphs: string[];
  /** The theme a `theme-*` section belongs to. */
  themeId?: string | null;
  /** The rich body, sanitised (ProseMirror JSON of the shared editor schema). */
  body?: RichDoc;
  /** Who last edited the body, and when (ms since epoch). */
  editedBy?: string;
  editedAt?: number | null;
  /** On the `synthesis` section: rows the group left out of the publishable synthesis. */
  excludedRowIds?: string[];
}

export interface Stakeholder {
  id: string;
  order: string;
  name: string;
  category: string;
  /** How the organisation relates to them and how their views are gathered. */
  relation: string;
  /** How they take part in the guide's work. */
  participation?: string;
  /** Influence and involvement, 1 (low) to 4 (high); null when not assessed. */
  influence?: number | null;
  involvement?: number | null;
}

/** Categories of stakeholders (§2.8 « cartographie des parties prenantes »). */
export const STAKEHOLDER_CATEGORIES = [
  'salaries',
  'administrateurs',
  'benevoles',
  'usagers',
  'financeurs',
  'partenaires',
  'territoire',
  'autre',
] as const;
export type StakeholderCategory = (typeof STAKEHOLDER_CATEGORIES)[number];

export interface CycleModel {
  schemaVersion: number;
  meta: CycleMeta;
  themes: Theme[];
  domains: Domain[];
  rows: Row[];
  actions: Action[];
  sections: Section[];
  stakeholders: Stakeholder[];
  /**
   * Issue 15: the one-year review (« objectif atteint ? ») of carried rows, by row id; only rows
   * with an answer or a comment; absent when there is none (see dashboard/one-year-review.ts).
   */
  oneYearReviews?: Record<string, { answer: 'yes' | 'partly' | 'no' | null; comment: string }>;
}
