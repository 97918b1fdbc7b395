/**
 * The guide's twelve steps (seed §2.1) as the cycle's checklist: each step's status, date and
 * who, kept in the document; and what is missing before the next stage, computed from the
 * document and the frozen versions.
 */
import type * as Y from 'yjs';
import { STAGES, type CycleModel, type Stage } from '../schema/cycle.types.ts';
import { liveActions, rowReferences } from './action-calc.ts';
import { themeBalance } from '../grid/grid-checks.ts';

/** Root map of the step states: flat last-writer-wins keys "3:status", "3:date", "3:who". */
export const STEPS_ROOT = 'cycleSteps';

/** The twelve steps, as the seed words them (shortened for a checklist line). */
export const GUIDE_STEPS_FR = [
  'Définir un pilote et un processus de travail jusqu’à l’Assemblée générale',
  'Prioriser les thèmes à travailler dans l’année',
  'Choisir les domaines d’action, les questions et les indicateurs de chaque thème retenu',
  'Équilibrer questions et indicateurs quantitatifs et qualitatifs',
  'Faire un état des lieux pour chaque question et indicateur retenu',
  'Identifier les bonnes pratiques, les améliorations et les axes de progrès',
  'Définir des objectifs à 1 an et à 3 ans',
  'Définir le plan d’action pour atteindre les objectifs',
  'Reporter dans un tableur (export Excel)',
  'Présenter le guide aux salariés',
  'Présenter le guide en Assemblée générale et ajuster si besoin',
  'Conserver l’outil comme tableau de pilotage et synthétiser la démarche',
] as const;

export const STEP_STATUSES = ['todo', 'in-progress', 'done'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const STEP_STATUS_LABELS_FR: Record<StepStatus, string> = {
  todo: 'À faire',
  'in-progress': 'En cours',
  done: 'Fait',
};

export interface StepState {
  /** 1 to 12. */
  number: number;
  label: string;
  status: StepStatus;
  /** ISO date or null. */
  date: string | null;
  who: string;
}

function stepsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(STEPS_ROOT);
}

/** The twelve steps with what the document records of them (à faire, no date, nobody by default). */
export function readSteps(doc: Y.Doc): StepState[] {
  const map = stepsMap(doc);
  return GUIDE_STEPS_FR.map((label, index) => {
    const number = index + 1;
    const status = map.get(`${number}:status`);
    const date = map.get(`${number}:date`);
    const who = map.get(`${number}:who`);
    return {
      number,
      label,
      status: STEP_STATUSES.includes(status as StepStatus) ? (status as StepStatus) : 'todo',
      date: typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
      who: typeof who === 'string' ? who : '',
    };
  });
}

/** Record a step's status, date or who (each a last-writer-wins value). */
export function setStep(
  doc: Y.Doc,
  number: number,
  change: Partial<Pick<StepState, 'status' | 'date' | 'who'>>,
): void {
  if (!Number.isInteger(number) || number < 1 || number > GUIDE_STEPS_FR.length) return;
  const map = stepsMap(doc);
  doc.transact(() => {
    if (change.status !== undefined) map.set(`${number}:status`, change.status);
    if (change.date !== undefined) map.set(`${number}:date`, change.date ?? '');
    if (change.who !== undefined) map.set(`${number}:who`, change.who);
  });
}

/** A frozen version as GET /api/cycles/:cycleId/versions lists it (only what the checklist needs). */
export interface VersionSummary {
  stage: Stage;
  createdAt: string;
}

export type MissingKind =
  | 'theme-reason'
  | 'theme-unbalanced'
  | 'row-baseline'
  | 'row-objectives'
  | 'action-owner'
  | 'action-dates'
  | 'bureau-version';

/** Where to fix a missing item: the grid (a theme or a row), the action plan, or the versions. */
export type FixTarget =
  | { place: 'grid'; themeId: string; rowId?: string }
  | { place: 'actions'; actionId: string }
  | { place: 'versions' };

export interface MissingItem {
  kind: MissingKind;
  /** The guide step the item belongs to (1–12). */
  step: number;
  /** What it is about, in French: a theme title, "1.3 n°2 — label", an action title. */
  subject: string;
  target: FixTarget;
}

export const MISSING_LABELS_FR: Record<MissingKind, string> = {
  'theme-reason': 'Thème non retenu sans raison',
  'theme-unbalanced': 'Thème déséquilibré (uniquement quantitatif ou uniquement qualitatif)',
  'row-baseline': 'Ligne retenue sans état des lieux',
  'row-objectives': 'Ligne retenue sans objectif à 1 an ou à 3 ans',
  'action-owner': 'Action sans pilote',
  'action-dates': 'Action sans date de début ou d’échéance',
  'bureau-version': 'Version du bureau non figée avant l’Assemblée générale',
};

/** The stage after `stage`, or null at the last one. */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/**
 * What is missing before the cycle can move to its next stage, in guide-step order: dropped
 * themes without a reason (step 2), retained themes with only quantitative or only qualitative
 * treated rows (step 4), treated rows of retained themes without état des lieux (step 5) or
 * without both objectives (step 7), live actions not abandoned without pilote or without both
 * dates (step 8), and — from the réunion des salariés until the AG — no version frozen for the
 * bureau (step 11). In the follow-up stage only the action plan is checked.
 */
export function missingBeforeNextStage(
  model: CycleModel,
  versions: VersionSummary[],
): MissingItem[] {
  const stage = model.meta.stage;
  const followUp = stage === 'follow-up';
  const items: MissingItem[] = [];
  const references = rowReferences(model);
  const retained = model.themes.filter((theme) => theme.retained);
  if (!followUp) {
    for (const theme of model.themes) {
      if (!theme.retained && !theme.notRetainedReason.trim()) {
        items.push({
          kind: 'theme-reason',
          step: 2,
          subject: `${theme.number}. ${theme.title}`,
          target: { place: 'grid', themeId: theme.id },
        });
      }
    }
    for (const theme of retained) {
      const balance = themeBalance(model, theme.id);
      if (
        balance.qualitative + balance.quantitative > 0 &&
        (balance.qualitative === 0 || balance.quantitative === 0)
      ) {
        items.push({
          kind: 'theme-unbalanced',
          step: 4,
          subject: `${theme.number}. ${theme.title}`,
          target: { place: 'grid', themeId: theme.id },
        });
      }
    }
    const themeOfDomain = new Map(model.domains.map((domain) => [domain.id, domain.themeId]));
    const retainedIds = new Set(retained.map((theme) => theme.id));
    const rows = model.rows.filter(
      (row) => row.treated && retainedIds.has(themeOfDomain.get(row.domainId) ?? ''),
    );
    const subject = (row: (typeof rows)[number]) =>
      `${references.get(row.id) ?? ''} — ${row.label.trim() || 'ligne sans intitulé'}`;
    for (const row of rows) {
      const themeId = themeOfDomain.get(row.domainId) ?? '';
      if (!row.baseline.trim() && row.baselineValue === null) {
        items.push({
          kind: 'row-baseline',
          step: 5,
          subject: subject(row),
          target: { place: 'grid', themeId, rowId: row.id },
        });
      }
    }
    for (const row of rows) {
      const themeId = themeOfDomain.get(row.domainId) ?? '';
      if (!row.target1y.trim() || !row.target3y.trim()) {
        items.push({
          kind: 'row-objectives',
          step: 7,
          subject: subject(row),
          target: { place: 'grid', themeId, rowId: row.id },
        });
      }
    }
  }
  const actions = liveActions(model).filter((action) => action.status !== 'abandoned');
  const title = (text: string) => text.trim() || 'Action sans titre';
  for (const action of actions) {
    if (!action.owner.trim() && !action.ownerId) {
      items.push({
        kind: 'action-owner',
        step: 8,
        subject: title(action.title),
        target: { place: 'actions', actionId: action.id },
      });
    }
  }
  for (const action of actions) {
    if (!action.startDate || !action.dueDate) {
      items.push({
        kind: 'action-dates',
        step: 8,
        subject: title(action.title),
        target: { place: 'actions', actionId: action.id },
      });
    }
  }
  if (
    (stage === 'staff-meeting' || stage === 'board') &&
    !versions.some((version) => version.stage === 'board')
  ) {
    items.push({
      kind: 'bureau-version',
      step: 11,
      subject: 'Figer la version présentée au bureau',
      target: { place: 'versions' },
    });
  }
  return items;
}
