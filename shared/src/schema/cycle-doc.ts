/**
 * Typed accessors over the cycle Y.Doc. Readers return plain objects (see cycle.types.ts); writers
 * run inside one transaction so a remote peer never sees half an entity.
 */
import { ensureOneYearReviews, readOneYearReviews } from '../dashboard/one-year-review.ts';
import * as Y from 'yjs';
import { groupBy } from './group.ts';
import { byOrder } from './order.ts';
import { readSectionBody, richToPlainText, paragraphElements } from '../editor/section-content.ts';
import {
  LEGACY_THEME_FIELD,
  SECTION_FIELDS,
  buildSectionEntity,
  ensureStandardSections,
  richBodyElements,
  type ThemeSectionKind,
} from '../editor/cycle-sections.ts';
import {
  DELETED_AT,
  META,
  ROOT,
  SCHEMA_VERSION,
  SECTION_BODY,
  TEXT_FIELDS,
  type DomainTextField,
  type RowTextField,
  type ThemeTextField,
} from './keys.ts';
import {
  ACTION_STATUSES,
  MEMBER_KINDS,
  NATURES,
  ROW_KINDS,
  SECTION_KINDS,
  STAGES,
  type Action,
  type CycleMeta,
  type CycleModel,
  type Domain,
  type Pilot,
  type PreviousYear,
  type Row,
  type Section,
  type Stakeholder,
  type Theme,
} from './cycle.types.ts';
import { readGroupField, writeGroup } from '../setup/cycle-setup.ts';

/** One entity in the document: a Y.Map of primitive fields and Y.Text fields. */
export type EntityMap = Y.Map<unknown>;
export type EntityRoot = Exclude<keyof typeof ROOT, 'meta'>;

/** The root map holding every entity of one kind, keyed by id. */
export function entityRoot(doc: Y.Doc, root: EntityRoot): Y.Map<EntityMap> {
  return doc.getMap<EntityMap>(ROOT[root]);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.meta);
}

function readString(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

function readNumber(map: Y.Map<unknown>, key: string): number | null {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function readBoolean(map: Y.Map<unknown>, key: string, fallback: boolean): boolean {
  const value = map.get(key);
  return typeof value === 'boolean' ? value : fallback;
}

function readChoice<T extends string>(
  map: Y.Map<unknown>,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = map.get(key);
  return choices.includes(value as T) ? (value as T) : fallback;
}

function readStringArray(map: Y.Map<unknown>, key: string): string[] {
  const value = map.get(key);
  if (value instanceof Y.Array)
    return value.toArray().filter((v): v is string => typeof v === 'string');
  return [];
}

/** Build an entity Y.Map: text fields become Y.Text, the rest are stored as given. */
export function buildEntity(
  fields: Record<string, unknown>,
  textFields: readonly string[],
): EntityMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id') continue;
    if (textFields.includes(key)) {
      map.set(key, new Y.Text(typeof value === 'string' ? value : ''));
    } else if (Array.isArray(value)) {
      const array = new Y.Array<unknown>();
      array.push(value);
      map.set(key, array);
    } else if (value !== undefined) {
      map.set(key, value);
    }
  }
  return map;
}

/**
 * Every well-formed entity of a root map. A value that is not a Y.Map (written by a faulty or
 * hostile client) is skipped, so one bad entry never makes the whole cycle unreadable.
 */
function eachEntity(
  doc: Y.Doc,
  root: EntityRoot,
  visit: (id: string, map: EntityMap) => void,
): void {
  entityRoot(doc, root).forEach((map, id) => {
    if (map instanceof Y.Map) visit(id, map);
  });
}

function sortedEntities<T extends { id: string; order: string }>(
  doc: Y.Doc,
  root: EntityRoot,
  read: (id: string, map: EntityMap) => T,
): T[] {
  const list: T[] = [];
  eachEntity(doc, root, (id, map) => list.push(read(id, map)));
  return list.sort(byOrder);
}

// --- Readers -------------------------------------------------------------------------------

export function readMeta(doc: Y.Doc): CycleMeta {
  const meta = metaMap(doc);
  const pilotsValue = meta.get(META.pilots);
  const pilots: Pilot[] =
    pilotsValue instanceof Y.Array
      ? pilotsValue.toArray().flatMap((entry) => {
          if (!(entry instanceof Y.Map)) return [];
          const pilot = entry as Y.Map<unknown>;
          return [
            {
              id: readString(pilot, 'id'),
              name: readString(pilot, 'name'),
              kind: readChoice(pilot, 'kind', MEMBER_KINDS, 'autre'),
            },
          ];
        })
      : [];
  return {
    organisationName: readString(meta, META.organisationName),
    year: readNumber(meta, META.year) ?? 0,
    stage: readChoice(meta, META.stage, STAGES, 'working-group'),
    pilots,
    ...readGroupField(meta),
  };
}

export function readTheme(id: string, map: EntityMap): Theme {
  return {
    id,
    number: readNumber(map, 'number') ?? 0,
    title: readString(map, 'title'),
    retained: readBoolean(map, 'retained', true),
    priority: readNumber(map, 'priority'),
    notRetainedReason: readString(map, 'notRetainedReason'),
    goodPractices: readString(map, 'goodPractices'),
    improvements: readString(map, 'improvements'),
    ...(typeof map.get('retentionProposedFrom') === 'number'
      ? { retentionProposedFrom: map.get('retentionProposedFrom') as number }
      : {}),
  };
}

export function readDomain(id: string, map: EntityMap): Domain {
  return {
    id,
    themeId: readString(map, 'themeId'),
    order: readString(map, 'order'),
    title: readString(map, 'title'),
  };
}

export function readRow(id: string, map: EntityMap): Row {
  return {
    id,
    domainId: readString(map, 'domainId'),
    order: readString(map, 'order'),
    kind: readChoice(map, 'kind', ROW_KINDS, 'question'),
    nature: readChoice(map, 'nature', NATURES, 'qualitative'),
    unit: readString(map, 'unit'),
    label: readString(map, 'label'),
    baseline: readString(map, 'baseline'),
    baselineValue: readNumber(map, 'baselineValue'),
    target1y: readString(map, 'target1y'),
    target3y: readString(map, 'target3y'),
    ...(typeof map.get('target3yYear') === 'number'
      ? { target3yYear: map.get('target3yYear') as number }
      : {}),
    treated: readBoolean(map, 'treated', true),
    notTreatedReason: readString(map, 'notTreatedReason'),
    sources: readString(map, 'sources'),
    ...readPrevious(map),
  };
}

/** Last year's fields of a row (a plain value, written once when the cycle is created). */
function readPrevious(map: EntityMap): Pick<Row, 'previous'> {
  const value = map.get('previous') as Partial<PreviousYear> | undefined;
  if (!value || typeof value !== 'object' || typeof value.year !== 'number') return {};
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  return {
    previous: {
      year: value.year,
      baseline: text(value.baseline),
      baselineValue: typeof value.baselineValue === 'number' ? value.baselineValue : null,
      unit: text(value.unit),
      target1y: text(value.target1y),
      target3y: text(value.target3y),
      ...(typeof value.sourceRowId === 'string' ? { sourceRowId: value.sourceRowId } : {}),
      ...(typeof value.target3yYear === 'number' ? { target3yYear: value.target3yYear } : {}),
    },
  };
}

/** Keys of an action's Y.Map that are not plain fields of the model. */
export const ACTION_LINK_LABELS = 'linkLabels';

function readStringRecord(map: Y.Map<unknown>, key: string): Record<string, string> {
  const value = map.get(key);
  const record: Record<string, string> = {};
  if (value instanceof Y.Map) {
    value.forEach((label, id) => {
      if (typeof label === 'string') record[id] = label;
    });
  }
  return record;
}

export function readAction(id: string, map: EntityMap): Action {
  const quarter = readString(map, 'quarter');
  const ownerId = readString(map, 'ownerId');
  return {
    id,
    order: readString(map, 'order'),
    title: readString(map, 'title'),
    description: readString(map, 'description'),
    owner: readString(map, 'owner'),
    ownerId: ownerId || null,
    budget: readNumber(map, 'budget'),
    budgetSpent: readNumber(map, 'budgetSpent'),
    startDate: readString(map, 'startDate') || null,
    dueDate: readString(map, 'dueDate') || null,
    quarter: /^\d{4}-T[1-4]$/.test(quarter) ? quarter : null,
    status: readChoice(map, 'status', ACTION_STATUSES, 'todo'),
    abandonReason: readString(map, 'abandonReason'),
    // Two people linking the same row at once both append it: read it once.
    rowIds: [...new Set(readStringArray(map, 'rowIds'))],
    linkLabels: readStringRecord(map, ACTION_LINK_LABELS),
    notes: readString(map, 'notes'),
    deletedAt: readNumber(map, 'deletedAt'),
  };
}

/**
 * An action's Y.Map: every text field is a Y.Text from the start (two people typing in a field
 * created lazily on both sides would lose one side), link labels a Y.Map.
 */
export function buildAction(action: Omit<Action, 'id'> & { id?: string }): EntityMap {
  const { linkLabels, ...fields } = action;
  const texts = Object.fromEntries(
    TEXT_FIELDS.actions.map((field) => [field, fields[field] ?? '']),
  );
  const map = buildEntity(
    { ...fields, ...texts, ownerId: fields.ownerId ?? '', quarter: fields.quarter ?? '' },
    TEXT_FIELDS.actions,
  );
  const labels = new Y.Map<string>();
  for (const [rowId, label] of Object.entries(linkLabels)) labels.set(rowId, label);
  map.set(ACTION_LINK_LABELS, labels);
  return map;
}

export function readSection(id: string, map: EntityMap): Section {
  const body = readSectionBody(map.get(SECTION_BODY) as Y.XmlFragment | undefined);
  const text = richToPlainText(body);
  return {
    id,
    order: readString(map, 'order'),
    kind: readChoice(map, 'kind', SECTION_KINDS, 'free'),
    title: readString(map, 'title'),
    paragraphs: text ? text.split('\n') : [],
    themeId: readString(map, SECTION_FIELDS.themeId) || null,
    body,
    editedBy: readString(map, SECTION_FIELDS.editedBy),
    editedAt: readNumber(map, SECTION_FIELDS.editedAt),
    ...(map.get('excludedRows') instanceof Y.Map
      ? {
          excludedRowIds: [...(map.get('excludedRows') as Y.Map<unknown>).entries()]
            .filter(([, excluded]) => excluded === true)
            .map(([id]) => id),
        }
      : {}),
  };
}

export function readStakeholder(id: string, map: EntityMap): Stakeholder {
  return {
    id,
    order: readString(map, 'order'),
    name: readString(map, 'name'),
    category: readString(map, 'category'),
    relation: readString(map, 'relation'),
    participation: readString(map, 'participation'),
    influence: readNumber(map, 'influence'),
    involvement: readNumber(map, 'involvement'),
  };
}

export function readThemes(doc: Y.Doc): Theme[] {
  const themes: Theme[] = [];
  eachEntity(doc, 'themes', (id, map) => themes.push(readTheme(id, map)));
  return themes.sort((a, b) => a.number - b.number);
}

export function readDomains(doc: Y.Doc): Domain[] {
  return sortedEntities(doc, 'domains', readDomain);
}

export function readRows(doc: Y.Doc): Row[] {
  return sortedEntities(doc, 'rows', readRow);
}

/**
 * The whole cycle as a plain model, in grid order: themes by number, domains by theme then order
 * key, rows by domain then order key; actions, sections and stakeholders by order key. Domains or
 * rows whose parent no longer exists (deleted concurrently) come last, so nothing typed is hidden.
 */
export function readCycle(doc: Y.Doc): CycleModel {
  const themes = readThemes(doc);
  const themeRank = new Map(themes.map((theme, index) => [theme.id, index]));
  const rank = (map: Map<string, number>, id: string) => map.get(id) ?? Number.MAX_SAFE_INTEGER;
  // Deleted rows and domains (and the rows of a deleted domain) stay in the document, in the
  // trash (grid/trash.ts); the model everyone works from leaves them out.
  const deletedDomains = new Set<string>();
  entityRoot(doc, 'domains').forEach((map, id) => {
    if (map instanceof Y.Map && typeof map.get(DELETED_AT) === 'number') deletedDomains.add(id);
  });
  const domains = readDomains(doc)
    .filter((domain) => !deletedDomains.has(domain.id))
    .sort((a, b) => rank(themeRank, a.themeId) - rank(themeRank, b.themeId) || byOrder(a, b));
  const domainRank = new Map(domains.map((domain, index) => [domain.id, index]));
  const rowMaps = entityRoot(doc, 'rows');
  const rows = readRows(doc)
    .filter(
      (row) =>
        !deletedDomains.has(row.domainId) &&
        typeof rowMaps.get(row.id)?.get(DELETED_AT) !== 'number',
    )
    .sort((a, b) => rank(domainRank, a.domainId) - rank(domainRank, b.domainId) || byOrder(a, b));
  const sections = sortedEntities(doc, 'sections', readSection);
  // A theme's good practices and progress axes live in its sections (schema 2).
  for (const section of sections) {
    const field = LEGACY_THEME_FIELD[section.kind as ThemeSectionKind];
    const theme = field && themes.find((candidate) => candidate.id === section.themeId);
    if (theme && field) theme[field] = section.paragraphs.join('\n');
  }
  return {
    schemaVersion: readNumber(metaMap(doc), META.schemaVersion) ?? 0,
    meta: readMeta(doc),
    themes,
    domains,
    rows,
    actions: sortedEntities(doc, 'actions', readAction),
    sections,
    stakeholders: sortedEntities(doc, 'stakeholders', readStakeholder),
    ...readReviews(doc),
  };
}

function readReviews(doc: Y.Doc): Pick<CycleModel, 'oneYearReviews'> {
  const reviews = readOneYearReviews(doc);
  return reviews.size > 0 ? { oneYearReviews: Object.fromEntries(reviews) } : {};
}

// --- Writers -------------------------------------------------------------------------------

function writeMeta(doc: Y.Doc, meta: CycleMeta): void {
  const map = metaMap(doc);
  map.set(META.schemaVersion, SCHEMA_VERSION);
  map.set(META.organisationName, meta.organisationName);
  map.set(META.year, meta.year);
  map.set(META.stage, meta.stage);
  const pilots = new Y.Array<Y.Map<unknown>>();
  pilots.push(
    meta.pilots.map((pilot) => {
      const entry = new Y.Map<unknown>();
      entry.set('id', pilot.id);
      entry.set('name', pilot.name);
      entry.set('kind', pilot.kind);
      return entry;
    }),
  );
  map.set(META.pilots, pilots);
  if (meta.group?.length) writeGroup(map, meta.group);
}

function buildSection(section: Section): EntityMap {
  return buildSectionEntity({
    kind: section.kind,
    order: section.order,
    title: section.title,
    themeId: section.themeId ?? null,
    body: section.body
      ? richBodyElements(section.body)
      : section.paragraphs.flatMap((text) => paragraphElements(text)),
  });
}

/**
 * Fill a document from a plain model, replacing whatever it held. Used to start a cycle from the
 * template, from last year's cycle, or from an import; ids and order keys are kept as given.
 */
export function writeCycle(doc: Y.Doc, model: Omit<CycleModel, 'schemaVersion'>): void {
  doc.transact(() => {
    writeMeta(doc, model.meta);
    const fill = <T extends { id: string }>(
      root: EntityRoot,
      items: T[],
      build: (item: T) => EntityMap,
    ) => {
      const target = entityRoot(doc, root);
      target.clear();
      for (const item of items) target.set(item.id, build(item));
    };
    fill('themes', model.themes, (t) => buildEntity({ ...t }, TEXT_FIELDS.themes));
    fill('domains', model.domains, (d) => buildEntity({ ...d }, TEXT_FIELDS.domains));
    fill('rows', model.rows, (r) => buildEntity({ ...r }, TEXT_FIELDS.rows));
    fill('actions', model.actions, buildAction);
    fill('sections', model.sections, buildSection);
    fill('stakeholders', model.stakeholders, (s) =>
      buildEntity({ ...s }, TEXT_FIELDS.stakeholders),
    );
    // Standard and per-theme sections; a theme's plain texts move into theirs.
    ensureStandardSections(doc);
    // Issue 15: the one-year review entries of the carried rows exist before anyone types.
    ensureOneYearReviews(
      doc,
      model.rows.filter((row) => row.previous).map((row) => row.id),
    );
  });
}

// --- Fine-grained edits (used by the editors) ----------------------------------------------

/** One entity map by id; throws when it does not exist (deleted concurrently). */
export function entity(doc: Y.Doc, root: EntityRoot, id: string): EntityMap {
  const map = entityRoot(doc, root).get(id);
  if (!(map instanceof Y.Map)) throw new Error(`No ${root} entity with id ${id}`);
  return map;
}

/** Whether an entity exists (a row deleted by someone else may still be on screen for a frame). */
export function hasEntity(doc: Y.Doc, root: EntityRoot, id: string): boolean {
  return entityRoot(doc, root).get(id) instanceof Y.Map;
}

/** The Y.Text of an entity field, upgrading a plain string stored there on first use. */
export function textOf(map: EntityMap, field: string): Y.Text {
  const value = map.get(field);
  if (value instanceof Y.Text) return value;
  // A field written as a plain string (older data, import) is upgraded on first edit.
  const text = new Y.Text(typeof value === 'string' ? value : '');
  map.set(field, text);
  return text;
}

/** The collaborative text of one row cell. */
export function rowText(doc: Y.Doc, rowId: string, field: RowTextField): Y.Text {
  return textOf(entity(doc, 'rows', rowId), field);
}

export function domainText(doc: Y.Doc, domainId: string, field: DomainTextField): Y.Text {
  return textOf(entity(doc, 'domains', domainId), field);
}

export function themeText(doc: Y.Doc, themeId: string, field: ThemeTextField): Y.Text {
  return textOf(entity(doc, 'themes', themeId), field);
}

/** Domain numbers as shown to users ("1.3"), derived from theme number and position. */
export function domainNumbers(themes: Theme[], domains: Domain[]): Map<string, string> {
  const numbers = new Map<string, string>();
  const byTheme = groupBy(domains, (domain) => domain.themeId);
  for (const theme of themes) {
    [...(byTheme.get(theme.id) ?? [])]
      .sort(byOrder)
      .forEach((domain, index) => numbers.set(domain.id, `${theme.number}.${index + 1}`));
  }
  return numbers;
}
