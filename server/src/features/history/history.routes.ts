/**
 * Indicator history (issue 15): GET /cycles/:cycleId/rows/:rowId/history — a row's état des
 * lieux, value, unit and objectives in every cycle of its organisation it was carried through,
 * oldest year first. Readable by anyone who may read the cycle (lecteur and up); a non-member, a
 * foreign cycle or an unknown row gets a 404.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { indicatorHistory } from '@pilotis/shared';
import { notFound } from '../../errors.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { listCycles, readCurrentCycle } from '../cycles/cycles.service.ts';

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

const HistoryParams = Type.Object({
  cycleId: Type.String({ maxLength: 64 }),
  rowId: Type.String({ maxLength: 64 }),
});

const HistoryPointSchema = Type.Object({
  year: Type.Integer(),
  cycleId: Type.String(),
  rowId: Type.String(),
  label: Type.String(),
  nature: Type.Union([Type.Literal('qualitative'), Type.Literal('quantitative')]),
  baseline: Type.String({ description: 'État des lieux' }),
  value: Type.Union([Type.Number(), Type.Null()], { description: 'Valeur mesurée' }),
  unit: Type.String(),
  target1y: Type.String({ description: 'Objectif à 1 an' }),
  target3y: Type.String({ description: 'Objectif à 3 ans' }),
});

const HistorySchema = Type.Object({ points: Type.Array(HistoryPointSchema) });

export default async function historyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  app.get(
    '/cycles/:cycleId/rows/:rowId/history',
    {
      schema: {
        tags: ['cycles'],
        summary: 'L’historique d’un indicateur ou d’une question, année après année',
        params: HistoryParams,
        response: { 200: HistorySchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.read');
      const cycles = await listCycles(app.db, cycle.organisationId);
      const models = await Promise.all(
        cycles.map(async (each) => ({
          cycleId: each.id,
          model: await readCurrentCycle(deps, each),
        })),
      );
      const points = indicatorHistory(models, cycle.id, request.params.rowId);
      if (points.length === 0) throw notFound('Ligne introuvable dans ce cycle.');
      return { points };
    },
  );
}
