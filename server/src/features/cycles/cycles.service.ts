import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  carriedSetup,
  cycleDocumentName,
  cycleFromPrevious,
  cycleFromTemplate,
  readCycle,
  readSetup,
  writeCarriedReferents,
  writeCycle,
  type CarriedSetup,
  type CycleModel,
  type Stage,
} from '@pilotis/shared';
import type { Hocuspocus } from '@hocuspocus/server';
import type { Database } from '../../db/database.ts';
import type { DocumentStore } from '../../collab/document-store.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import { getOrganisation } from '../organisations/organisations.service.ts';
import { isUuid } from '../schemas.ts';

export interface Cycle {
  id: string;
  organisationId: string;
  year: number;
  stage: Stage;
  documentName: string;
}

interface CycleRow {
  id: string;
  organisation_id: string;
  year: number;
  stage: Stage;
  document_name: string;
}

const toCycle = (row: CycleRow): Cycle => ({
  id: row.id,
  organisationId: row.organisation_id,
  year: row.year,
  stage: row.stage,
  documentName: row.document_name,
});

const COLUMNS = 'id, organisation_id, year, stage, document_name';

export interface CycleDeps {
  db: Database;
  documents: DocumentStore;
  hocuspocus: Hocuspocus;
}

export async function listCycles(db: Database, organisationId: string): Promise<Cycle[]> {
  await getOrganisation(db, organisationId);
  const rows = await db.query<CycleRow>(
    `SELECT ${COLUMNS} FROM cycles WHERE organisation_id = $1 ORDER BY year DESC`,
    [organisationId],
  );
  return rows.map(toCycle);
}

/** Every cycle of every organisation (the stage reminders' sweep), newest year first. */
export async function listAllCycles(db: Database): Promise<Cycle[]> {
  const rows = await db.query<CycleRow>(`SELECT ${COLUMNS} FROM cycles ORDER BY year DESC`);
  return rows.map(toCycle);
}

export async function getCycle(db: Database, cycleId: string): Promise<Cycle> {
  if (!isUuid(cycleId)) throw notFound('Cycle introuvable.');
  const [row] = await db.query<CycleRow>(`SELECT ${COLUMNS} FROM cycles WHERE id = $1`, [cycleId]);
  if (!row) throw notFound('Cycle introuvable.');
  return toCycle(row);
}

/**
 * The current content of a cycle as a plain model. Reads the live document in place when someone
 * has it open (it holds every acknowledged edit; reading is cheap, copying a large document would
 * stall the event loop for tens of milliseconds), the stored one otherwise.
 */
export async function readCurrentCycle(deps: CycleDeps, cycle: Cycle): Promise<CycleModel> {
  return readCycle(await currentCycleDoc(deps, cycle));
}

/** The cycle document to read, never to write: the live one in place, the stored one otherwise. */
async function currentCycleDoc(deps: CycleDeps, cycle: Cycle): Promise<Y.Doc> {
  const live = deps.hocuspocus.documents.get(cycle.documentName);
  if (live && !live.isLoading) return live;
  return deps.documents.loadDoc(cycle.documentName);
}

/**
 * A private copy of the cycle document (for freezing its state): the live document when someone
 * has it open, the stored one otherwise.
 */
export async function loadCycleDoc(deps: CycleDeps, cycle: Cycle): Promise<Y.Doc> {
  const live = deps.hocuspocus.documents.get(cycle.documentName);
  if (live && !live.isLoading) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    return copy;
  }
  return deps.documents.loadDoc(cycle.documentName);
}

/**
 * What next year's cycle starts from, read from one reading of this cycle's document: its content,
 * and what it keeps of the set-up (the working group and the referents whose mandate runs into
 * `year`, among the people still members of the organisation).
 */
export async function nextYearSource(
  deps: CycleDeps,
  previous: Cycle,
  year: number,
): Promise<{ model: CycleModel; setup: CarriedSetup }> {
  const rows = await deps.db.query<{ user_id: string }>(
    'SELECT user_id FROM memberships WHERE organisation_id = $1',
    [previous.organisationId],
  );
  const members = new Set(rows.map((row) => row.user_id));
  const doc = await currentCycleDoc(deps, previous);
  return {
    model: readCycle(doc),
    setup: carriedSetup(readSetup(doc), year, (userId) => members.has(userId)),
  };
}

/**
 * Create the cycle of `year` for an organisation, from the guide template or from a previous
 * cycle of the same organisation. Its document is stored before the cycle row exists, so a
 * listed cycle always opens with content.
 */
export async function createCycle(
  deps: CycleDeps,
  organisationId: string,
  input: { year: number; from?: string },
): Promise<Cycle> {
  const organisation = await getOrganisation(deps.db, organisationId);
  const [existing] = await deps.db.query(
    'SELECT 1 FROM cycles WHERE organisation_id = $1 AND year = $2',
    [organisationId, input.year],
  );
  if (existing) {
    throw conflict('cycle_exists', `Un cycle ${input.year} existe déjà pour cette organisation.`);
  }

  const base = { organisationName: organisation.name, year: input.year };
  let model = cycleFromTemplate(base);
  let carried: CarriedSetup | null = null;
  if (input.from) {
    const previous = await getCycle(deps.db, input.from).catch(() => null);
    if (!previous || previous.organisationId !== organisationId) {
      throw badRequest(
        'invalid_source_cycle',
        'Le cycle de départ est introuvable dans cette organisation.',
      );
    }
    const source = await nextYearSource(deps, previous, input.year);
    model = cycleFromPrevious(source.model, base);
    carried = source.setup;
    const pilots = new Set(carried.pilots.map((pilot) => pilot.userId));
    model.meta.pilots = model.meta.pilots.filter((pilot) => pilots.has(pilot.id));
    model.meta.group = carried.group;
  }

  const id = randomUUID();
  const documentName = cycleDocumentName(id);
  const doc = new Y.Doc();
  writeCycle(doc, model);
  if (carried) writeCarriedReferents(doc, carried);
  await deps.documents.store(documentName, Y.encodeStateAsUpdate(doc), []);
  try {
    await deps.db.query(
      'INSERT INTO cycles (id, organisation_id, year, stage, document_name) VALUES ($1, $2, $3, $4, $5)',
      [id, organisationId, input.year, 'working-group', documentName],
    );
  } catch (error) {
    // Lost a race with an identical request: same answer as the check above.
    if ((error as { code?: string }).code === '23505') {
      throw conflict('cycle_exists', `Un cycle ${input.year} existe déjà pour cette organisation.`);
    }
    throw error;
  }
  return { id, organisationId, year: input.year, stage: 'working-group', documentName };
}
