/**
 * Year after year (issue 15).
 * - GET /cycles/:cycleId/rollover-preview?year=2027 — what next year's cycle started from this one
 *   would hold (rows, measures kept as last year's, reviews, 3-year objectives by target year,
 *   themes proposed, actions carried), before the pilote creates it. Same permission as creating.
 * - GET /cycles/:cycleId/years — the dashboard's overall figures of every cycle of the
 *   organisation, oldest first (the dashboard's "année après année"). Same access as reading.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dashboardFigures, rolloverPreview, type Referent } from '@pilotis/shared';
import { readableCycle } from './cycles.routes.ts';
import { listCycles, nextYearSource, readCurrentCycle } from './cycles.service.ts';

const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const Params = Type.Object({ cycleId: Type.String({ maxLength: 64 }) });
const Query = Type.Object({ year: Type.String({ pattern: '^(20\\d\\d|2100)$' }) });

const ReferentSchema = Type.Object({
  theme: Type.Integer(),
  name: Type.String(),
  to: Type.String(),
});

const RolloverSchema = Type.Object({
  fromYear: Type.Integer(),
  year: Type.Integer(),
  themes: Type.Array(
    Type.Object({
      number: Type.Integer(),
      title: Type.String(),
      retained: Type.Boolean(),
      reason: Type.String(),
    }),
  ),
  domains: Type.Integer(),
  rows: Type.Integer(),
  rowsWithMeasure: Type.Integer(),
  rowsToReview: Type.Integer(),
  target3yByYear: Type.Array(Type.Object({ year: Type.Integer(), rows: Type.Integer() })),
  sections: Type.Integer(),
  stakeholders: Type.Integer(),
  actionsCarried: Type.Integer(),
  actionsLeft: Type.Integer(),
  groupCarried: Type.Integer({ description: 'Membres du groupe de travail reconduits' }),
  referentsCarried: Type.Array(ReferentSchema, {
    description: 'Référents dont le mandat continue',
  }),
  referentsEnded: Type.Array(ReferentSchema, { description: 'Référents dont le mandat s’arrête' }),
});

const YearSchema = Type.Object({
  cycleId: Type.String(),
  year: Type.Integer(),
  rows: Type.Integer(),
  withBaseline: Type.Integer(),
  withObjectives: Type.Integer(),
  themesRetained: Type.Integer(),
  actions: Type.Integer(),
  actionsDone: Type.Integer(),
  actionsLate: Type.Integer(),
  budgetPlanned: Type.Number(),
  budgetSpent: Type.Number(),
  reviewed: Type.Integer({ description: 'Objectifs de l’an dernier revus' }),
  reached: Type.Integer({ description: 'Objectifs de l’an dernier atteints (oui)' }),
});

export default async function yearRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };

  app.get(
    '/cycles/:cycleId/rollover-preview',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Ce que contiendra le cycle de l’année suivante, avant de le créer',
        params: Params,
        querystring: Query,
        response: { 200: RolloverSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.create');
      const year = Number(request.query.year);
      const { model, setup } = await nextYearSource(deps, cycle, year);
      const referent = ({ theme, name, to }: Referent) => ({ theme, name, to });
      return {
        ...rolloverPreview(model, year),
        groupCarried: setup.group.length,
        referentsCarried: setup.referents.map(referent),
        referentsEnded: setup.referentsEnded.map(referent),
      };
    },
  );

  app.get(
    '/cycles/:cycleId/years',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Les chiffres du tableau de bord, cycle après cycle',
        params: Params,
        response: {
          200: Type.Object({ years: Type.Array(YearSchema) }),
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.read');
      const cycles = await listCycles(app.db, cycle.organisationId);
      const today = new Date().toISOString().slice(0, 10);
      const years = await Promise.all(
        cycles.map(async (each) => {
          const model = await readCurrentCycle(deps, each);
          const { overall, themes } = dashboardFigures(model, today);
          const reviews = overall.reviews;
          return {
            cycleId: each.id,
            year: each.year,
            rows: overall.rows,
            withBaseline: overall.withBaseline,
            withObjectives: overall.withObjectives,
            themesRetained: themes.filter((theme) => theme.retained).length,
            actions: overall.actions,
            actionsDone: overall.actionsDone,
            actionsLate: overall.actionsLate,
            budgetPlanned: overall.budgetPlanned,
            budgetSpent: overall.budgetSpent,
            reviewed: reviews ? reviews.yes + reviews.partly + reviews.no : 0,
            reached: reviews?.yes ?? 0,
          };
        }),
      );
      return { years: years.sort((a, b) => a.year - b.year) };
    },
  );
}
