/**
 * Versions of a cycle over HTTP: freeze, list, read (state and stored files), compare with another
 * version or the live cycle ("ce qui a changé", also as PDF and xlsx), restore (pilote), public
 * read-only links and the meeting record of an AG or réunion des salariés version.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  compareCycles,
  filterByTheme,
  MeetingRecordSchema,
  RECORD_STAGES,
  type CycleModel,
  type Permission,
} from '@pilotis/shared';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { audit } from '../audit/audit.service.ts';
import { publicLink } from '../auth/auth.routes.ts';
import { readableCycle } from '../cycles/cycles.routes.ts';
import { getCycle, readCurrentCycle } from '../cycles/cycles.service.ts';
import { fileName, sendFile, XLSX_TYPE } from '../exports/exports.routes.ts';
import { requireAccess } from '../members/access.ts';
import { renderChangesPdf, renderChangesXlsx } from './changes-export.ts';
import checkpointsJob from './checkpoints.plugin.ts';
import { createVersionFiles } from './version-files.ts';
import {
  createLink,
  findLink,
  findVersion,
  freezeNamed,
  frozenRecords,
  getRecord,
  listLinks,
  listVersions,
  moveStage,
  restoreVersion,
  revokeLink,
  saveRecord,
  versionByToken,
  versionModel,
  versionPart,
  type VersionContext,
} from './versions.service.ts';
import {
  CompareQuery,
  ComparisonSchema,
  CreatedLink,
  CycleParams,
  ErrorReply,
  FileReply,
  FreezeBody,
  LinkBody,
  LinkParams,
  LinkSchema,
  PublicVersionSchema,
  RestoreBody,
  RestoreReply,
  StageBody,
  TokenParams,
  VersionParams,
  VersionSchema,
} from './versions.schemas.ts';

const YJS_TYPE = 'application/octet-stream';
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

/** Strip what only the app shows from a version before answering (the contract's fields + ours). */
const publicView = (version: VersionContext) => ({
  id: version.id,
  cycleId: version.cycleId,
  label: version.label,
  stage: version.stage,
  kind: version.kind,
  createdAt: version.createdAt,
  hash: version.hash,
  xlsxHash: version.xlsxHash,
  pdfHash: version.pdfHash,
  createdBy: version.createdBy,
  publicLink: version.publicLink,
  docx: version.docx,
  filesStored: version.filesStored,
});

export default async function versionRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const versionFiles = createVersionFiles({
    db: app.db,
    exportRunner: app.exportRunner,
    log: app.log,
  });
  const deps = {
    db: app.db,
    documents: app.documents,
    hocuspocus: app.hocuspocus,
    exportRunner: app.exportRunner,
    versionFiles,
  };
  await app.register(checkpointsJob);
  // A background render still writing its DOCX must not outlive the database.
  app.addHook('onClose', async () => versionFiles.settled());

  /** The caller's access to a version's organisation; 404 (`notFound`) when it does not allow `permission`. */
  const versionAccess = (
    request: FastifyRequest,
    version: { organisationId: string },
    permission: Permission,
    notFound = 'Version introuvable.',
  ) => requireAccess(app.db, request, version.organisationId, permission, notFound);

  /** The version, once the caller's role in its organisation allows `permission`. */
  const accessibleVersion = async (
    request: FastifyRequest,
    versionId: string,
    permission: Permission,
  ) => {
    const version = await findVersion(app.db, versionId);
    return { version, ...(await versionAccess(request, version, permission)) };
  };

  /** A version's frozen Yjs state, cached as the caller's route allows. */
  const sendState = async (reply: FastifyReply, versionId: string, cacheControl: string) =>
    reply
      .header('content-type', YJS_TYPE)
      .header('cache-control', cacheControl)
      .send(Buffer.from(await versionPart(app.db, versionId, 'state')));

  /** A version's stored workbook or dossier, named after the organisation, year and label. */
  const sendVersionFile = async (
    reply: FastifyReply,
    version: VersionContext,
    part: 'xlsx' | 'pdf',
  ) => {
    const data = await versionFiles.file(version, part);
    const name = fileName(
      { organisation: version.organisationName, year: version.year },
      version.label,
      part,
    );
    return sendFile(
      reply,
      Buffer.from(data),
      part === 'xlsx' ? XLSX_TYPE : 'application/pdf',
      name,
    );
  };

  /** The other side of a comparison: another version of the same cycle, or the live cycle. */
  const comparedWith = async (version: VersionContext, other: string): Promise<CycleModel> => {
    if (other === 'live') return readCurrentCycle(deps, await getCycle(app.db, version.cycleId));
    const against = await findVersion(app.db, other);
    if (against.cycleId !== version.cycleId) throw notFound('Version introuvable.');
    return versionModel(app.db, against.id);
  };

  app.post(
    '/cycles/:cycleId/versions',
    {
      schema: {
        tags: ['versions'],
        summary: 'Figer une version nommée (avec son Excel et son PDF)',
        params: CycleParams,
        body: FreezeBody,
        response: { 201: VersionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.freeze');
      const version = await freezeNamed(deps, cycle, {
        label: request.body.label.trim(),
        stage: request.body.stage,
        kind: 'named',
        userId: cycle.userId,
        userName: request.auth?.user.name ?? null,
        moveStage: true,
      });
      return reply.status(201).send(version);
    },
  );

  app.get(
    '/cycles/:cycleId/versions',
    {
      schema: {
        tags: ['versions'],
        summary:
          'Versions figées d’un cycle, les plus récentes d’abord (points automatiques avec ?checkpoints=1)',
        params: CycleParams,
        querystring: Type.Object({ checkpoints: Type.Optional(Type.Literal('1')) }),
        response: { 200: Type.Array(VersionSchema), ...errors },
      },
    },
    async (request) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.read');
      return listVersions(app.db, cycle.id, request.query.checkpoints === '1');
    },
  );

  app.post(
    '/cycles/:cycleId/stage',
    {
      schema: {
        tags: ['versions'],
        summary: 'Passer le cycle à une autre étape sans figer de version',
        params: CycleParams,
        body: StageBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const cycle = await readableCycle(app.db, request, request.params.cycleId, 'cycle.freeze');
      await moveStage(deps, cycle, request.body.stage);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/versions/:versionId',
    {
      schema: {
        tags: ['versions'],
        summary: 'Une version figée',
        params: VersionParams,
        response: { 200: VersionSchema, ...errors },
      },
    },
    async (request) =>
      publicView(
        (await accessibleVersion(request, request.params.versionId, 'cycle.read')).version,
      ),
  );

  app.get(
    '/versions/:versionId/state',
    {
      schema: {
        tags: ['versions'],
        summary: 'L’état Yjs figé de la version (pour la lire dans l’application)',
        params: VersionParams,
        response: { 200: FileReply, ...errors },
      },
    },
    async (request, reply) => {
      const { version } = await accessibleVersion(request, request.params.versionId, 'cycle.read');
      return sendState(reply, version.id, 'private, max-age=31536000, immutable');
    },
  );

  for (const part of ['xlsx', 'pdf'] as const) {
    app.get(
      `/versions/:versionId/export.${part}`,
      {
        schema: {
          tags: ['versions'],
          summary: `Le fichier ${part.toUpperCase()} enregistré quand la version a été figée (produit à partir du document figé pour une version automatique)`,
          params: VersionParams,
          response: { 200: FileReply, ...errors },
        },
      },
      async (request, reply) => {
        const { version } = await accessibleVersion(
          request,
          request.params.versionId,
          'cycle.export',
        );
        return sendVersionFile(reply, version, part);
      },
    );
  }

  app.get(
    '/versions/:versionId/compare',
    {
      schema: {
        tags: ['versions'],
        summary: 'Ce qui a changé entre cette version et une autre (ou le cycle en cours)',
        params: VersionParams,
        querystring: CompareQuery,
        response: { 200: ComparisonSchema, ...errors },
      },
    },
    async (request) => {
      const { version } = await accessibleVersion(request, request.params.versionId, 'cycle.read');
      const comparison = compareCycles(
        await versionModel(app.db, version.id),
        await comparedWith(version, request.query.with),
      );
      return request.query.theme ? filterByTheme(comparison, request.query.theme) : comparison;
    },
  );

  for (const format of ['pdf', 'xlsx'] as const) {
    app.get(
      `/versions/:versionId/changes.${format}`,
      {
        schema: {
          tags: ['versions'],
          summary: `« Ce qui a changé » depuis cette version, en ${format.toUpperCase()}`,
          params: VersionParams,
          querystring: CompareQuery,
          response: { 200: FileReply, ...errors },
        },
      },
      async (request, reply) => {
        const { version } = await accessibleVersion(
          request,
          request.params.versionId,
          'cycle.export',
        );
        const before = await versionModel(app.db, version.id);
        const after = await comparedWith(version, request.query.with);
        let comparison = compareCycles(before, after);
        if (request.query.theme) comparison = filterByTheme(comparison, request.query.theme);
        const withLabel =
          request.query.with === 'live'
            ? 'le cycle en cours'
            : (await findVersion(app.db, request.query.with)).label;
        const input = { comparison, before, after, fromLabel: version.label, toLabel: withLabel };
        const name = fileName(
          { organisation: version.organisationName, year: version.year },
          `ce qui a changé depuis ${version.label}`,
          format,
        );
        return format === 'pdf'
          ? sendFile(reply, await renderChangesPdf(input), 'application/pdf', name)
          : sendFile(reply, await renderChangesXlsx(input), XLSX_TYPE, name);
      },
    );
  }

  app.post(
    '/versions/:versionId/restore',
    {
      schema: {
        tags: ['versions'],
        summary:
          'Restaurer la version (ou un thème, ou une ligne) comme une nouvelle modification ; l’état actuel est figé d’abord',
        params: VersionParams,
        body: Type.Optional(RestoreBody),
        response: { 200: RestoreReply, ...errors },
      },
    },
    async (request) => {
      const { version, userId } = await accessibleVersion(
        request,
        request.params.versionId,
        'cycle.freeze',
      );
      const scope = request.body?.scope ?? { kind: 'all' as const };
      if (scope.kind !== 'all') {
        const model = await versionModel(app.db, version.id);
        const exists =
          scope.kind === 'row'
            ? model.rows.some((row) => row.id === scope.id)
            : model.themes.some((theme) => theme.id === scope.id);
        if (!exists)
          throw notFound(
            scope.kind === 'row'
              ? 'Cette ligne n’existe pas dans la version.'
              : 'Ce thème n’existe pas dans la version.',
          );
      }
      const cycle = await getCycle(app.db, version.cycleId);
      return restoreVersion(deps, version, cycle, scope, {
        id: userId,
        name: request.auth?.user.name ?? '',
      });
    },
  );

  // --- Public links ------------------------------------------------------------------------

  app.post(
    '/versions/:versionId/links',
    {
      schema: {
        tags: ['versions'],
        summary: 'Créer un lien public en lecture seule vers cette version',
        params: VersionParams,
        body: Type.Optional(LinkBody),
        response: { 201: CreatedLink, ...errors },
      },
    },
    async (request, reply) => {
      const { version, userId } = await accessibleVersion(
        request,
        request.params.versionId,
        'cycle.freeze',
      );
      const expiresAt = request.body?.expiresAt ? new Date(request.body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw badRequest('expired', 'La date d’expiration doit être dans le futur.');
      const link = await createLink(app.db, version.id, userId, expiresAt);
      await audit(app.db, version.organisationId, userId, 'version.link_created', {
        versionId: version.id,
        linkId: link.id,
      });
      return reply
        .status(201)
        .send({ ...link, url: publicLink(app, request, `/public/${link.token}`) });
    },
  );

  app.get(
    '/versions/:versionId/links',
    {
      schema: {
        tags: ['versions'],
        summary: 'Les liens publics de cette version (nombre d’ouvertures, dernière ouverture)',
        params: VersionParams,
        response: { 200: Type.Array(LinkSchema), ...errors },
      },
    },
    async (request) => {
      const { version } = await accessibleVersion(
        request,
        request.params.versionId,
        'cycle.freeze',
      );
      return listLinks(app.db, version.id);
    },
  );

  app.delete(
    '/links/:linkId',
    {
      schema: {
        tags: ['versions'],
        summary: 'Révoquer un lien public',
        params: LinkParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { link, version } = await findLink(app.db, request.params.linkId);
      const { userId } = await versionAccess(request, version, 'cycle.freeze', 'Lien introuvable.');
      await revokeLink(app.db, link.id);
      await audit(app.db, version.organisationId, userId, 'version.link_revoked', {
        versionId: version.id,
        linkId: link.id,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/public/:token',
    {
      schema: {
        tags: ['versions'],
        summary: 'La version ouverte par un lien public (sans compte)',
        params: TokenParams,
        response: { 200: PublicVersionSchema, 404: ErrorReply },
      },
    },
    async (request) => {
      const version = await versionByToken(app.db, request.params.token, true);
      return {
        label: version.label,
        stage: version.stage,
        createdAt: version.createdAt,
        organisationName: version.organisationName,
        year: version.year,
        hash: version.hash,
        xlsxHash: version.xlsxHash,
        pdfHash: version.pdfHash,
        filesStored: version.filesStored,
      };
    },
  );

  app.get(
    '/public/:token/state',
    {
      schema: {
        tags: ['versions'],
        summary: 'L’état figé de la version ouverte par un lien public',
        params: TokenParams,
        response: { 200: FileReply, 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const version = await versionByToken(app.db, request.params.token, false);
      return sendState(reply, version.id, 'no-store');
    },
  );

  for (const part of ['xlsx', 'pdf'] as const) {
    app.get(
      `/public/:token/export.${part}`,
      {
        schema: {
          tags: ['versions'],
          summary: `Le fichier ${part.toUpperCase()} de la version ouverte par un lien public`,
          params: TokenParams,
          response: { 200: FileReply, 404: ErrorReply },
        },
      },
      async (request, reply) => {
        const version = await versionByToken(app.db, request.params.token, false);
        return sendVersionFile(reply, version, part);
      },
    );
  }

  // --- Meeting records ---------------------------------------------------------------------

  const RecordReply = Type.Object({
    record: Type.Union([MeetingRecordSchema, Type.Null()]),
    /** The record may be written for this version (AG or réunion des salariés, named). */
    applicable: Type.Boolean(),
    /** Records frozen into this version (as they were when it was frozen). */
    frozen: Type.Array(
      Type.Object({
        versionId: Type.String(),
        versionLabel: Type.String(),
        stage: Type.String(),
        record: MeetingRecordSchema,
      }),
    ),
  });
  const applicable = (version: VersionContext) =>
    version.kind === 'named' && RECORD_STAGES.includes(version.stage);

  app.get(
    '/versions/:versionId/record',
    {
      schema: {
        tags: ['versions'],
        summary: 'Le compte rendu de la réunion (AG, réunion des salariés) attaché à la version',
        params: VersionParams,
        response: { 200: RecordReply, ...errors },
      },
    },
    async (request) => {
      const { version } = await accessibleVersion(request, request.params.versionId, 'cycle.read');
      return {
        record: await getRecord(app.db, version.id),
        applicable: applicable(version),
        frozen: (await frozenRecords(app.db, version.id)).map(
          ({ labels: _labels, ...entry }) => entry,
        ),
      };
    },
  );

  app.put(
    '/versions/:versionId/record',
    {
      schema: {
        tags: ['versions'],
        summary: 'Écrire le compte rendu de la réunion (pilotes)',
        params: VersionParams,
        body: MeetingRecordSchema,
        response: { 200: MeetingRecordSchema, ...errors },
      },
    },
    async (request) => {
      const { version, userId } = await accessibleVersion(
        request,
        request.params.versionId,
        'cycle.freeze',
      );
      if (!applicable(version))
        throw new AppError(
          409,
          'not_a_meeting',
          'Un compte rendu ne s’attache qu’à une version d’AG ou de réunion des salariés.',
        );
      return saveRecord(app.db, version, request.body, userId);
    },
  );
}
