/**
 * E-mail reminders of the stage dates (issue 17: « rappels des dates d’étapes … une semaine
 * avant »). When SMTP_URL and PUBLIC_URL are set, a sweep (hourly) mails every active member of the
 * organisation once per dated stage of the cycle's set-up falling within the coming 7 days (Paris
 * days): the stage, its date in French, the cycle's link. A moved date gets its own reminder; a
 * person who turned reminders off (account page) gets none. The in-app reminder shows in the cycle
 * either way.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import nodemailer from 'nodemailer';
import { readSetup, STAGE_LABELS_FR, todayIso } from '@pilotis/shared';
import type { AppConfig } from '../../config.ts';
import type { Queryable } from '../../db/database.ts';
import { requireAuth } from '../../plugins/auth.plugin.ts';
import { listAllCycles, loadCycleDoc, type CycleDeps } from '../cycles/cycles.service.ts';

/** A stage this many days ahead (or fewer) is reminded. */
export const REMINDER_DAYS = 7;
const SWEEP_MS = 60 * 60_000;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round(
    (Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000,
  );
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export async function remindersEnabled(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db.query<{ enabled: boolean }>(
    'SELECT enabled FROM stage_reminder_settings WHERE user_id = $1',
    [userId],
  );
  return row?.enabled ?? true;
}

export async function setRemindersEnabled(db: Queryable, userId: string, on: boolean) {
  await db.query(
    `INSERT INTO stage_reminder_settings (user_id, enabled) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET enabled = $2`,
    [userId, on],
  );
}

/**
 * Send the reminders that are due on `now` (tests pass their own day). Returns the number of
 * mails sent. Without SMTP_URL or PUBLIC_URL, sends nothing.
 */
export async function sendStageReminders(
  deps: CycleDeps,
  config: Pick<AppConfig, 'smtpUrl' | 'publicUrl'>,
  now = new Date(),
): Promise<number> {
  if (!config.smtpUrl || !config.publicUrl) return 0;
  const today = todayIso(now);
  const base = config.publicUrl.replace(/\/+$/, '');
  const from = process.env.SMTP_FROM ?? 'Pilotis <no-reply@pilotis.local>';
  let transport: ReturnType<typeof nodemailer.createTransport> | null = null;
  let sent = 0;
  for (const cycle of await listAllCycles(deps.db)) {
    if (cycle.stage === 'follow-up') continue;
    const setup = readSetup(await loadCycleDoc(deps, cycle));
    const due = setup.dates.filter((date) => {
      const days = daysBetween(today, date.date);
      return days >= 0 && days <= REMINDER_DAYS;
    });
    if (due.length === 0) continue;
    const members = await deps.db.query<{
      id: string;
      email: string;
      name: string;
      organisation: string;
    }>(
      `SELECT u.id, u.email, u.name, o.name AS organisation
         FROM memberships m JOIN users u ON u.id = m.user_id
         JOIN organisations o ON o.id = m.organisation_id
        WHERE m.organisation_id = $1 AND u.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM stage_reminder_settings s
                           WHERE s.user_id = u.id AND s.enabled = false)`,
      [cycle.organisationId],
    );
    for (const stage of due) {
      for (const member of members) {
        // Claim the reminder first: two instances sweeping at once send it once.
        const claimed = await deps.db.query(
          `INSERT INTO stage_reminder_log (cycle_id, stage_id, stage_date, user_id)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING user_id`,
          [cycle.id, stage.id, stage.date, member.id],
        );
        if (claimed.length === 0) continue;
        const days = daysBetween(today, stage.date);
        const when = days === 0 ? 'aujourd’hui' : days === 1 ? 'demain' : `dans ${days} jours`;
        const title = stage.label.trim() || STAGE_LABELS_FR[stage.stage];
        const date = longDate.format(new Date(`${stage.date}T00:00:00Z`));
        transport ??= nodemailer.createTransport(config.smtpUrl);
        try {
          await transport.sendMail({
            from,
            to: member.email,
            subject: `Pilotis — rappel : ${title} le ${date} (${member.organisation} ${cycle.year})`,
            text: [
              `Bonjour ${member.name},`,
              '',
              `Rappel : ${title} (${STAGE_LABELS_FR[stage.stage]}) a lieu ${when}, le ${date}, pour le guide des bonnes pratiques ${cycle.year} de ${member.organisation}.`,
              '',
              `Le cycle et son calendrier : ${base}/cycles/${cycle.id}/parametres`,
              '',
              `Pour ne plus recevoir ces rappels : ${base}/compte`,
            ].join('\n'),
          });
        } catch (error) {
          // Not sent: free the claim so the next sweep tries again.
          await deps.db.query(
            `DELETE FROM stage_reminder_log
              WHERE cycle_id = $1 AND stage_id = $2 AND stage_date = $3 AND user_id = $4`,
            [cycle.id, stage.id, stage.date, member.id],
          );
          throw error;
        }
        sent += 1;
      }
    }
  }
  return sent;
}

/** GET/PUT /api/me/stage-reminders: whether this person receives the e-mail reminders. */
export default async function stageReminderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps: CycleDeps = { db: app.db, documents: app.documents, hocuspocus: app.hocuspocus };
  const Setting = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
  const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

  const sweep = setInterval(() => {
    sendStageReminders(deps, app.config).catch((error: unknown) =>
      app.log.warn({ err: error }, 'stage reminders failed'),
    );
  }, SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  app.get(
    '/me/stage-reminders',
    {
      schema: {
        tags: ['account'],
        summary: 'Recevoir ou non les rappels des dates d’étapes par e-mail',
        response: { 200: Setting, 401: ErrorBody },
      },
    },
    async (request) => ({ enabled: await remindersEnabled(app.db, requireAuth(request).user.id) }),
  );

  app.put(
    '/me/stage-reminders',
    {
      schema: {
        tags: ['account'],
        summary: 'Activer ou couper les rappels des dates d’étapes par e-mail',
        body: Setting,
        response: { 200: Setting, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const { user } = requireAuth(request);
      await setRemindersEnabled(app.db, user.id, request.body.enabled);
      return { enabled: request.body.enabled };
    },
  );
}
