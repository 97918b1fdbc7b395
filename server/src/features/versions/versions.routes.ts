/**
 * Named versions: a cycle frozen at a stage ("Version présentée au CA du 12/03/2027"), with the
 * workbook and dossier rendered at that moment, readable forever.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { buildExportModel, readCycle, setStage, STAGES, type Stage } from '@pilotis/shared';
import { toBytes } from '../../db/database.ts';
import { storeVersionDocx } from '../exports/docx.routes.ts';
import { notFound } from '../../errors.ts';
import { audit } from '../audit/audit.service.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { loadCycleDoc } from '../cycles/cycles.service.ts';
import { editLiveCycle } from '../cycles/live-cycle.ts';
import { requireAccess } from '../members/access.ts';
import { errorSchema, idParam, isUuid } from '../schemas.ts';
import { runExport } from '../exports/export-runner.ts';
import { fileName, sendFile, XLSX_TYPE } from '../exports/exports.routes.ts';

const versionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    stage: { type: 'string' },
    createdAt: { type: 'string' },
    hash: { type: 'string' },
    createdBy: { type: ['string', 'null'] },
  },
  required: ['id', 'label', 'stage', 'createdAt', 'hash'],
} as const;

interface VersionRow {
  id: string;
  label: string;
  stage: Stage;
  hash: string;
  created_at: Date | string;
  name: string | null;
}

const toVersion = (row: VersionRow) => ({
  id: row.id,
  label: row.label,
  stage: row.stage,
  createdAt: new Date(row.created_at).toISOString(),
  hash: row.hash,
  createdBy: row.name,
});

export default async function versionRoutes(app: FastifyInstance): Promise<void> {
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };
  const cycleParams = {
    type: 'object',
    properties: { cycleId: idParam },
    required: ['cycleId'],
  } as const;

  app.post<{ Params: { cycleId: string }; Body: { label: string; stage: Stage } }>(
    '/cycles/:cycleId/versions',
    {
      schema: {
        tags: ['versions'],
        summary: 'Figer une version nommée (avec son Excel et son PDF)',
        params: cycleParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'stage'],
          properties: {
            label: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            stage: { type: 'string', enum: [...STAGES] },
          },
        },
        response: { 201: versionSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.freeze');
      const label = request.body.label.trim();
      const doc = await loadCycleDoc(deps, cycle);
      const state = Y.encodeStateAsUpdate(doc);
      const cycleModel = readCycle(doc);
      cycleModel.meta.stage = request.body.stage;
      const model = buildExportModel(cycleModel, {
        versionLabel: label,
        exportedAt: new Date(),
        exportedBy: request.auth?.user.name ?? null,
      });
      const [xlsx, pdf] = [await runExport('xlsx', model), await runExport('pdf', model)];
      const docx = await runExport('docx', model); // exports (issue 19)
      const id = randomUUID();
      const hash = createHash('sha256').update(state).digest('hex');
      const [row] = await app.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO versions (id, cycle_id, label, stage, hash, state, xlsx, pdf, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, cycle.id, label, request.body.stage, hash, state, xlsx, pdf, cycle.userId],
        );
        await storeVersionDocx(tx, id, docx); // exports (issue 19)
        await tx.query('UPDATE cycles SET stage = $2 WHERE id = $1', [
          cycle.id,
          request.body.stage,
        ]);
        await audit(tx, cycle.organisationId, cycle.userId, 'version.frozen', {
          cycleId: cycle.id,
          versionId: id,
          label,
        });
        return tx.query<VersionRow>(
          `SELECT v.id, v.label, v.stage, v.hash, v.created_at, u.name FROM versions v
             LEFT JOIN users u ON u.id = v.created_by WHERE v.id = $1`,
          [id],
        );
      });
      await editLiveCycle(app.hocuspocus, cycle.documentName, (live) =>
        setStage(live, request.body.stage),
      );
      return reply.status(201).send(toVersion(row!));
    },
  );

  app.get<{ Params: { cycleId: string } }>(
    '/cycles/:cycleId/versions',
    {
      schema: {
        tags: ['versions'],
        summary: 'Versions figées d’un cycle',
        params: cycleParams,
        response: { 200: { type: 'array', items: versionSchema }, 404: errorSchema },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.read');
      const rows = await app.db.query<VersionRow>(
        `SELECT v.id, v.label, v.stage, v.hash, v.created_at, u.name FROM versions v
           LEFT JOIN users u ON u.id = v.created_by WHERE v.cycle_id = $1 ORDER BY v.created_at DESC`,
        [cycle.id],
      );
      return rows.map(toVersion);
    },
  );

  for (const [extension, column, type] of [
    ['xlsx', 'xlsx', XLSX_TYPE],
    ['pdf', 'pdf', 'application/pdf'],
  ] as const) {
    app.get<{ Params: { versionId: string } }>(
      `/versions/:versionId/export.${extension}`,
      {
        schema: {
          tags: ['versions'],
          summary: `Le fichier ${extension.toUpperCase()} enregistré quand la version a été figée`,
          params: { type: 'object', properties: { versionId: idParam }, required: ['versionId'] },
        },
      },
      async (request, reply) => {
        if (!isUuid(request.params.versionId)) throw notFound('Version introuvable.');
        const [row] = await app.db.query<{
          file: unknown;
          label: string;
          organisation_id: string;
          name: string;
          year: number;
        }>(
          `SELECT v.${column} AS file, v.label, c.organisation_id, o.name, c.year FROM versions v
             JOIN cycles c ON c.id = v.cycle_id JOIN organisations o ON o.id = c.organisation_id
            WHERE v.id = $1`,
          [request.params.versionId],
        );
        if (!row) throw notFound('Version introuvable.');
        await requireAccess(
          app.db,
          request,
          row.organisation_id,
          'cycle.export',
          'Version introuvable.',
        );
        const name = fileName({ organisation: row.name, year: row.year }, row.label, extension);
        return sendFile(reply, Buffer.from(toBytes(row.file)), type, name);
      },
    );
  }
}
