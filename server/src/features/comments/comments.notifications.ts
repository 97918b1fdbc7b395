/**
 * The comments inbox (mentions, replies to my threads, resolutions) and its e-mail digest: when
 * SMTP_URL is set, entries not yet mailed go out batched per person and cycle, at most one mail per
 * 15 minutes, with links built from PUBLIC_URL (never from a request's Host). Each person can turn
 * the mails off; the inbox stays.
 */
import nodemailer from 'nodemailer';
import { DEFAULT_SMTP_FROM, type AppConfig } from '../../config.ts';
import type { Database, Queryable } from '../../db/database.ts';

/** At most one digest per person and cycle in this window. */
export const DIGEST_INTERVAL_MS = 15 * 60_000;
/** An entry waits this long before being mailed, so that a burst goes out in one mail. */
export const DIGEST_DELAY_MS = 60_000;

export interface InboxItem {
  id: number;
  kind: 'mention' | 'reply' | 'resolved';
  cycleId: string;
  cycleYear: number;
  organisationName: string;
  threadId: string;
  quote: string;
  actor: { id: string; name: string } | null;
  excerpt: string;
  createdAt: string;
  read: boolean;
}

interface InboxRow {
  id: string | number;
  kind: InboxItem['kind'];
  cycle_id: string;
  year: number;
  organisation_name: string;
  thread_id: string;
  quote: string;
  actor_id: string | null;
  actor_name: string | null;
  body: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
}

const excerpt = (body: string | null): string => {
  const flat = (body ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
};

const INBOX_SELECT = `
  SELECT n.id, n.kind, n.cycle_id, c.year, o.name AS organisation_name, n.thread_id, t.quote,
         n.actor_id, u.name AS actor_name, m.body, n.created_at, n.read_at
    FROM comment_notifications n
    JOIN cycles c ON c.id = n.cycle_id
    JOIN organisations o ON o.id = c.organisation_id
    JOIN comment_threads t ON t.id = n.thread_id
    JOIN memberships ms ON ms.organisation_id = c.organisation_id AND ms.user_id = n.user_id
    LEFT JOIN users u ON u.id = n.actor_id
    LEFT JOIN comment_messages m ON m.id = n.message_id`;

const toItem = (row: InboxRow): InboxItem => ({
  id: Number(row.id),
  kind: row.kind,
  cycleId: row.cycle_id,
  cycleYear: row.year,
  organisationName: row.organisation_name,
  threadId: row.thread_id,
  quote: row.quote,
  actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
  excerpt: excerpt(row.body),
  createdAt: new Date(row.created_at).toISOString(),
  read: row.read_at !== null,
});

/** A person's latest inbox entries (only from organisations they still belong to) and the unread count. */
export async function inbox(
  db: Queryable,
  userId: string,
  limit = 100,
): Promise<{ unread: number; items: InboxItem[] }> {
  const rows = await db.query<InboxRow>(
    `${INBOX_SELECT} WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2`,
    [userId, limit],
  );
  const [count] = await db.query<{ count: string | number }>(
    `SELECT count(*) AS count FROM comment_notifications n
       JOIN cycles c ON c.id = n.cycle_id
       JOIN memberships ms ON ms.organisation_id = c.organisation_id AND ms.user_id = n.user_id
      WHERE n.user_id = $1 AND n.read_at IS NULL`,
    [userId],
  );
  return { unread: Number(count?.count ?? 0), items: rows.map(toItem) };
}

/** Mark entries (all of them without `ids`) as read. */
export async function markInboxRead(db: Queryable, userId: string, ids?: number[]): Promise<void> {
  if (ids && ids.length === 0) return;
  if (ids) {
    await db.query(
      `UPDATE comment_notifications SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND id = ANY($2::bigint[])`,
      [userId, ids],
    );
  } else {
    await db.query(
      'UPDATE comment_notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
  }
}

/** Whether a person receives digests (on unless turned off). */
export async function mailEnabled(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db.query<{ mail_enabled: boolean }>(
    'SELECT mail_enabled FROM comment_mail_settings WHERE user_id = $1',
    [userId],
  );
  return row?.mail_enabled ?? true;
}

export async function setMailEnabled(db: Queryable, userId: string, on: boolean): Promise<void> {
  await db.query(
    `INSERT INTO comment_mail_settings (user_id, mail_enabled) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET mail_enabled = $2`,
    [userId, on],
  );
}

const KIND_LINES: Record<InboxItem['kind'], string> = {
  mention: 'vous a mentionné',
  reply: 'a répondu à votre fil',
  resolved: 'a résolu votre fil',
};

/** The entries a sweep took for one digest, and when the previous digest went (to give back). */
interface DigestClaim {
  ids: number[];
  previous: string | null;
}

/** Thrown inside the claim's transaction to roll it back when there is nothing to send. */
class NothingToSend extends Error {}

/**
 * Take one person's digest for one cycle before mailing it (issue 16): every instance runs the
 * sweep, so the send is claimed in one transaction: the mail log row is moved to now only when the
 * last digest is older than `intervalMs` (a concurrent claim waits on that row and then finds it
 * recent), and the pending entries are marked mailed. Null: another instance has it, or nothing
 * is left to send.
 */
async function claimDigest(
  db: Database,
  userId: string,
  cycleId: string,
  intervalMs: number,
): Promise<DigestClaim | null> {
  try {
    return await db.transaction(async (tx) => {
      const [previous] = await tx.query<{ sent_at: string }>(
        'SELECT sent_at::text AS sent_at FROM comment_mail_log WHERE user_id = $1 AND cycle_id = $2',
        [userId, cycleId],
      );
      const won = await tx.query(
        `INSERT INTO comment_mail_log (user_id, cycle_id, sent_at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (user_id, cycle_id) DO UPDATE SET sent_at = clock_timestamp()
          WHERE comment_mail_log.sent_at
                < clock_timestamp() - ($3::double precision * interval '1 millisecond')
         RETURNING user_id`,
        [userId, cycleId, intervalMs],
      );
      if (won.length === 0) return null;
      const taken = await tx.query<{ id: string | number }>(
        `UPDATE comment_notifications n SET mailed_at = now()
          WHERE n.user_id = $1 AND n.cycle_id = $2 AND n.mailed_at IS NULL AND n.read_at IS NULL
            AND EXISTS (SELECT 1 FROM cycles c JOIN memberships ms
                          ON ms.organisation_id = c.organisation_id AND ms.user_id = n.user_id
                         WHERE c.id = n.cycle_id)
          RETURNING n.id`,
        [userId, cycleId],
      );
      if (taken.length === 0) throw new NothingToSend();
      return { ids: taken.map((row) => Number(row.id)), previous: previous?.sent_at ?? null };
    });
  } catch (error) {
    if (error instanceof NothingToSend) return null;
    throw error;
  }
}

/** Give back a claimed digest that could not be sent. */
async function releaseDigest(
  db: Database,
  userId: string,
  cycleId: string,
  claim: DigestClaim,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      'UPDATE comment_notifications SET mailed_at = NULL WHERE id = ANY($1::bigint[])',
      [claim.ids],
    );
    if (claim.previous === null) {
      await tx.query('DELETE FROM comment_mail_log WHERE user_id = $1 AND cycle_id = $2', [
        userId,
        cycleId,
      ]);
    } else {
      await tx.query(
        'UPDATE comment_mail_log SET sent_at = $3::timestamptz WHERE user_id = $1 AND cycle_id = $2',
        [userId, cycleId, claim.previous],
      );
    }
  });
}

/**
 * Send every digest that is due: per person and cycle, entries not yet mailed (the oldest at least
 * `delayMs` old), for people who did not turn mails off, when the last digest for that cycle is
 * older than 15 minutes. Entries of people who turned mails off are marked as handled. Returns the
 * number of mails sent. Called by a timer; tests call it directly.
 */
export async function sendDueDigests(
  db: Database,
  config: Pick<AppConfig, 'smtpUrl' | 'publicUrl' | 'smtpFrom'>,
  options: { delayMs?: number; intervalMs?: number } = {},
): Promise<number> {
  if (!config.smtpUrl || !config.publicUrl) return 0;
  const delayMs = options.delayMs ?? DIGEST_DELAY_MS;
  const intervalMs = options.intervalMs ?? DIGEST_INTERVAL_MS;
  await db.query(
    `UPDATE comment_notifications n SET mailed_at = now()
       FROM comment_mail_settings s
      WHERE s.user_id = n.user_id AND s.mail_enabled = false AND n.mailed_at IS NULL`,
  );
  const due = await db.query<{ user_id: string; cycle_id: string }>(
    `SELECT n.user_id, n.cycle_id FROM comment_notifications n
       LEFT JOIN comment_mail_log l ON l.user_id = n.user_id AND l.cycle_id = n.cycle_id
      WHERE n.mailed_at IS NULL AND n.read_at IS NULL
        AND (l.sent_at IS NULL OR l.sent_at < now() - ($2::double precision * interval '1 millisecond'))
      GROUP BY n.user_id, n.cycle_id
     HAVING min(n.created_at) <= now() - ($1::double precision * interval '1 millisecond')`,
    [delayMs, intervalMs],
  );
  if (due.length === 0) return 0;
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.smtpFrom ?? DEFAULT_SMTP_FROM;
  const base = config.publicUrl.replace(/\/+$/, '');
  let sent = 0;
  for (const { user_id: userId, cycle_id: cycleId } of due) {
    const [user] = await db.query<{ email: string; name: string }>(
      'SELECT email, name FROM users WHERE id = $1',
      [userId],
    );
    if (!user) continue;
    const claim = await claimDigest(db, userId, cycleId, intervalMs);
    if (!claim) continue;
    const rows = await db.query<InboxRow>(
      `${INBOX_SELECT} WHERE n.id = ANY($1::bigint[]) ORDER BY n.id`,
      [claim.ids],
    );
    const items = rows.map(toItem);
    const first = items[0];
    if (!first) continue;
    const lines = items.flatMap((item) => [
      `• ${item.actor?.name ?? 'Quelqu’un'} ${KIND_LINES[item.kind]} — « ${item.quote} »`,
      ...(item.excerpt ? [`  ${item.excerpt}`] : []),
      `  ${base}/cycles/${item.cycleId}/fils?fil=${item.threadId}`,
      '',
    ]);
    try {
      await transport.sendMail({
        from,
        to: user.email,
        subject: `Pilotis — ${items.length} nouveauté${items.length > 1 ? 's' : ''} dans les commentaires (${first.organisationName} ${first.cycleYear})`,
        text: [
          `Bonjour ${user.name},`,
          '',
          `Du nouveau dans les fils de discussion du cycle ${first.cycleYear} de ${first.organisationName} :`,
          '',
          ...lines,
          `Pour ne plus recevoir ces e-mails : ${base}/commentaires`,
        ].join('\n'),
      });
    } catch (error) {
      // Not sent: give the claim back so that the next sweep (of any instance) tries again.
      await releaseDigest(db, userId, cycleId, claim);
      throw error;
    }
    sent += 1;
  }
  return sent;
}
