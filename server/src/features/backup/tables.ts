/**
 * What a backup holds: one decision per SQL table of the schema (server/src/db/migrations.ts).
 * A table is either included — with the rows that belong to the archived organisations — or
 * excluded with the reason. `backup-tables.test.ts` fails when a migration creates a table that
 * has no decision here.
 *
 * Included tables are listed in restore order (a row's references are restored before it).
 * In the `where` clauses, :organisations is the uuid[] of the archived organisations and :users
 * the uuid[] of the accounts the archive needs; an archive of everything uses no clause at all.
 */

export interface IncludedTable {
  table: string;
  /** Rows of the archived organisations (an archive of everything takes every row). */
  where: string;
  /**
   * Restoring into a server that already has data: a row whose key is already there is kept as
   * it is (accounts shared by several organisations, their settings).
   */
  keepExisting?: boolean;
}

const CYCLES = 'SELECT id FROM cycles WHERE organisation_id = ANY(:organisations)';
const VERSIONS = `SELECT id FROM versions WHERE cycle_id IN (${CYCLES})`;
const THREADS = `SELECT id FROM comment_threads WHERE cycle_id IN (${CYCLES})`;

export const INCLUDED: IncludedTable[] = [
  // Accounts: the members, and anyone the other rows name (authors who left, deleted accounts
  // kept as "ancien membre"). Password hashes included: people sign in as before.
  { table: 'users', where: 'id = ANY(:users)', keepExisting: true },
  { table: 'comment_mail_settings', where: 'user_id = ANY(:users)', keepExisting: true },
  { table: 'stage_reminder_settings', where: 'user_id = ANY(:users)', keepExisting: true },
  { table: 'organisations', where: 'id = ANY(:organisations)' },
  { table: 'cycles', where: 'organisation_id = ANY(:organisations)' },
  // The state each cycle's document would load with (stored state + update log, folded).
  {
    table: 'documents',
    where: 'name IN (SELECT document_name FROM cycles WHERE organisation_id = ANY(:organisations))',
  },
  { table: 'memberships', where: 'organisation_id = ANY(:organisations)' },
  // Active invitation links keep working after a restore (they are passed around a group).
  { table: 'invitations', where: 'organisation_id = ANY(:organisations)' },
  {
    table: 'invitation_acceptances',
    where:
      'invitation_id IN (SELECT id FROM invitations WHERE organisation_id = ANY(:organisations))',
  },
  { table: 'audit_log', where: 'organisation_id = ANY(:organisations)' },
  { table: 'versions', where: `cycle_id IN (${CYCLES})` },
  { table: 'version_docx', where: `version_id IN (${VERSIONS})` },
  { table: 'version_threads', where: `version_id IN (${VERSIONS})` },
  { table: 'version_links', where: `version_id IN (${VERSIONS})` },
  { table: 'version_records', where: `cycle_id IN (${CYCLES})` },
  { table: 'comment_threads', where: `cycle_id IN (${CYCLES})` },
  { table: 'comment_messages', where: `thread_id IN (${THREADS})` },
  {
    table: 'comment_mentions',
    where: `message_id IN (SELECT id FROM comment_messages WHERE thread_id IN (${THREADS}))`,
  },
  { table: 'comment_reads', where: `thread_id IN (${THREADS})` },
  { table: 'comment_notifications', where: `cycle_id IN (${CYCLES})` },
  // Which stage reminders already went out: not sent twice after a restore.
  { table: 'stage_reminder_log', where: `cycle_id IN (${CYCLES})` },
];

/** Tables left out of every archive, and why. */
export const EXCLUDED: Record<string, string> = {
  document_updates:
    'folded into documents.state: the archive holds the state the server would load (state + log)',
  sessions: 'sign-in state of this server: everyone signs in again after a restore',
  password_resets: 'one-hour single-use links: ask for a new one',
  email_changes: 'pending e-mail confirmation links (short-lived secrets): ask again',
  signup_confirmations: 'one-hour sign-up confirmation links (hashed secrets): sign up again',
  import_previews: 'parsed imports waiting for confirmation, expire within the hour',
  comment_mail_log: 'rate-limit counter of the e-mail digest (15 minutes)',
  schema_migrations: 'written by the migrations on the target; the manifest lists them',
};

/** Tables whose rows are the same accounts seen from several organisations. */
export const ACCOUNT_TABLE = 'users';

/** A `where` clause with its named arrays turned into numbered parameters. */
export function bindScope(
  where: string,
  values: { organisations: string[]; users: string[] },
): { sql: string; params: string[][] } {
  const params: string[][] = [];
  const numbers = new Map<string, number>();
  const sql = where.replace(/:(organisations|users)\b/g, (_, name: 'organisations' | 'users') => {
    if (!numbers.has(name)) {
      params.push(values[name]);
      numbers.set(name, params.length);
    }
    return `$${numbers.get(name)}::uuid[]`;
  });
  return { sql, params };
}
