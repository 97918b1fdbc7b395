/**
 * What is not saved yet, as text a person can keep (issue 8): every text of the cycle that differs
 * between the state the server last acknowledged and the document in this browser, with where it
 * belongs ("État des lieux (N0), ligne 1.1 n° 1"), in grid order. With no acknowledged state (the
 * page was opened offline), every non-empty text is listed.
 */
import * as Y from 'yjs';
import { domainNumbers, readCycle, type CycleModel } from '@pilotis/shared';
import type { Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/fr.ts';

export interface UnsavedText {
  /** Where the text belongs, in the person's words. */
  where: string;
  text: string;
}

const ROW_FIELDS = ['label', 'baseline', 'target1y', 'target3y', 'notTreatedReason', 'sources'];
const THEME_FIELDS = ['notRetainedReason', 'goodPractices', 'improvements'];
const ACTION_FIELDS = ['title', 'description', 'owner', 'abandonReason', 'notes'];
const STAKEHOLDER_FIELDS = ['name', 'category', 'relation', 'participation'];

function modelOf(state: Uint8Array | null): CycleModel | null {
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const model = readCycle(doc);
  doc.destroy();
  return model;
}

function field(entity: unknown, name: string): string {
  const value = (entity as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function unsavedTexts(
  saved: Uint8Array | null,
  current: Y.Doc,
  t: Translate,
): UnsavedText[] {
  const before = modelOf(saved);
  const now = readCycle(current);
  const found: UnsavedText[] = [];
  const compare = <T extends { id: string }>(
    list: T[],
    previous: T[] | undefined,
    fields: string[],
    where: (entity: T, name: string) => string,
  ) => {
    const old = new Map((previous ?? []).map((entity) => [entity.id, entity]));
    for (const entity of list) {
      for (const name of fields) {
        const text = field(entity, name);
        const was = before ? field(old.get(entity.id), name) : '';
        if (text !== was) found.push({ where: where(entity, name), text });
      }
    }
  };

  const numbers = domainNumbers(now.themes, now.domains);
  const indexInDomain = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const row of now.rows) {
    const index = (seen.get(row.domainId) ?? 0) + 1;
    seen.set(row.domainId, index);
    indexInDomain.set(row.id, index);
  }
  compare(now.themes, before?.themes, THEME_FIELDS, (theme, name) =>
    t('session.where.theme', {
      field: t(`session.field.${name}` as MessageKey),
      number: theme.number,
    }),
  );
  compare(now.domains, before?.domains, ['title'], (domain) =>
    t('session.where.domain', { number: numbers.get(domain.id) ?? '' }),
  );
  compare(now.rows, before?.rows, ROW_FIELDS, (row, name) =>
    t('grid.cellName', {
      column: t(`versions.field.${name}` as MessageKey),
      domain: numbers.get(row.domainId) ?? '',
      index: indexInDomain.get(row.id) ?? 0,
    }),
  );
  compare(now.actions, before?.actions, ACTION_FIELDS, (action, name) =>
    t('session.where.action', {
      field: t(`session.field.${name}` as MessageKey),
      title: action.title,
    }),
  );
  const sections = (list: CycleModel['sections']) =>
    list.map((section) => ({ ...section, body: '', content: section.paragraphs.join('\n') }));
  compare(
    sections(now.sections),
    before ? sections(before.sections) : undefined,
    ['title', 'content'],
    (section, name) =>
      t('session.where.section', {
        field: t(`session.field.${name}` as MessageKey),
        title: section.title,
      }),
  );
  compare(now.stakeholders, before?.stakeholders, STAKEHOLDER_FIELDS, (stakeholder, name) =>
    t('session.where.stakeholder', {
      field: t(`session.field.${name}` as MessageKey),
      name: stakeholder.name,
    }),
  );
  return before ? found : found.filter((entry) => entry.text !== '');
}

/** The downloadable file: a heading, then each text under where it belongs. */
export function unsavedFile(heading: string, texts: UnsavedText[]): string {
  const blocks = texts.map((entry) => `${entry.where}\n${entry.text}`);
  return `${heading}\n\n${blocks.join('\n\n')}\n`;
}
