/**
 * The one schema of Pilotis, for PGlite and PostgreSQL alike. Migrations are append-only: never
 * edit one that has shipped, add the next.
 */
import type { Database } from './database.ts';

export interface Migration {
  id: string;
  sql: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    id: '001_organisations_cycles_documents',
    sql: [
      `CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE cycles (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        year integer NOT NULL,
        stage text NOT NULL DEFAULT 'working-group',
        document_name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organisation_id, year)
      )`,
      // The compacted Yjs state of each document.
      `CREATE TABLE documents (
        name text PRIMARY KEY,
        state bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Every update a client sent, written before the server acknowledges it; folded into
      // documents.state when the document is stored, replayed on load.
      `CREATE TABLE document_updates (
        id bigserial PRIMARY KEY,
        document_name text NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX document_updates_document_idx ON document_updates (document_name, id)`,
    ],
  },
  {
    id: '002_accounts_roles_invitations_audit',
    sql: [
      `CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX users_email_idx ON users (lower(email))`,
      // Only a hash of the session token is stored: a database leak does not hand out sessions.
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
      `CREATE TABLE memberships (
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('pilote', 'membre', 'commentateur', 'lecteur')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, user_id)
      )`,
      `CREATE INDEX memberships_user_idx ON memberships (user_id)`,
      `CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('pilote', 'membre', 'commentateur', 'lecteur')),
        token_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        accepted_count integer NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE password_resets (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX audit_log_organisation_idx ON audit_log (organisation_id, id)`,
    ],
  },
  {
    id: '003_versions',
    sql: [
      // A frozen version: the document state and the files rendered at that moment, kept forever.
      `CREATE TABLE versions (
        id uuid PRIMARY KEY,
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        label text NOT NULL,
        stage text NOT NULL,
        hash text NOT NULL,
        state bytea NOT NULL,
        xlsx bytea NOT NULL,
        pdf bytea NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX versions_cycle_idx ON versions (cycle_id, created_at)`,
    ],
  },
  {
    id: '004_invitation_acceptances',
    sql: [
      // Who joined through which link: removing a member revokes the links they used.
      `CREATE TABLE invitation_acceptances (
        invitation_id uuid NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        accepted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invitation_id, user_id)
      )`,
    ],
  },
  // ── nothing-lost (issue 8) ──
  {
    id: '005_nothing_lost_import_previews',
    sql: [
      // A parsed import waiting for confirmation: in the database so every instance sees it,
      // capped per person and per organisation (nobody can evict another organisation's).
      `CREATE TABLE import_previews (
        id uuid PRIMARY KEY,
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX import_previews_user_idx ON import_previews (user_id, created_at)`,
      `CREATE INDEX import_previews_organisation_idx ON import_previews (organisation_id, created_at)`,
    ],
  },

  // ── security and limits (issue 18) ──
  {
    id: '005_security_reset_links',
    sql: [
      // Who made a reset link, for which organisation: re-checked when the link is used.
      `ALTER TABLE password_resets
         ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE CASCADE,
         ADD COLUMN organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE`,
      // Links made before this check existed cannot be re-checked: they die.
      `UPDATE password_resets SET used_at = now() WHERE used_at IS NULL`,
      // Any change to a person's memberships kills their outstanding reset links, whichever code
      // path makes it.
      `CREATE FUNCTION security_reset_links_on_membership() RETURNS trigger AS $$
       BEGIN
         UPDATE password_resets SET used_at = now()
          WHERE used_at IS NULL AND user_id IN (
            CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END,
            CASE WHEN TG_OP = 'INSERT' THEN NEW.user_id ELSE OLD.user_id END);
         RETURN NULL;
       END $$ LANGUAGE plpgsql`,
      `CREATE TRIGGER security_reset_links_membership
         AFTER INSERT OR UPDATE OR DELETE ON memberships
         FOR EACH ROW EXECUTE FUNCTION security_reset_links_on_membership()`,
    ],
  },

  // ── meeting room (issue 9) ──

  // ── sections (issue 11) ──

  // ── comments (issue 12) ──
  {
    id: '005_comments_threads',
    sql: [
      // A discussion thread anchored on a row (optionally one of its columns), a theme, an action
      // or a section. Threads never disappear with their anchor: `detached_at` marks one whose
      // anchor is gone, and `quote` keeps what it was about.
      `CREATE TABLE comment_threads (
        id uuid PRIMARY KEY,
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        anchor_kind text NOT NULL CHECK (anchor_kind IN ('row', 'theme', 'action', 'section')),
        anchor_id text NOT NULL,
        anchor_field text,
        quote text NOT NULL DEFAULT '',
        context jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        detached_at timestamptz
      )`,
      `CREATE INDEX comment_threads_cycle_idx ON comment_threads (cycle_id, anchor_kind, anchor_id)`,
      `CREATE TABLE comment_messages (
        id uuid PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz
      )`,
      `CREATE INDEX comment_messages_thread_idx ON comment_messages (thread_id, created_at)`,
      `CREATE TABLE comment_mentions (
        message_id uuid NOT NULL REFERENCES comment_messages (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (message_id, user_id)
      )`,
      `CREATE INDEX comment_mentions_user_idx ON comment_mentions (user_id)`,
      // Up to when each person has read each thread (unread markers).
      `CREATE TABLE comment_reads (
        thread_id uuid NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (thread_id, user_id)
      )`,
      // The in-app inbox; `mailed_at` is set once the entry went out in an e-mail digest.
      `CREATE TABLE comment_notifications (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        thread_id uuid NOT NULL REFERENCES comment_threads (id) ON DELETE CASCADE,
        message_id uuid REFERENCES comment_messages (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'resolved')),
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        mailed_at timestamptz
      )`,
      `CREATE INDEX comment_notifications_user_idx ON comment_notifications (user_id, id)`,
      `CREATE TABLE comment_mail_settings (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        mail_enabled boolean NOT NULL DEFAULT true
      )`,
      // When the last digest went to a person for a cycle: at most one per 15 minutes.
      `CREATE TABLE comment_mail_log (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, cycle_id)
      )`,
      // The threads of a cycle as they were when a version was frozen (read-only forever).
      `CREATE TABLE version_threads (
        version_id uuid PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
        threads jsonb NOT NULL
      )`,
    ],
  },

  // ── versions (issue 13) ──
  {
    id: '005_versions_immutable_links_records',
    sql: [
      // named: frozen by a pilote, kept forever; safety: frozen automatically before a restore,
      // kept forever; checkpoint: automatic, at most every 10 minutes of activity, kept 90 days.
      `ALTER TABLE versions ADD COLUMN kind text NOT NULL DEFAULT 'named'
        CHECK (kind IN ('named', 'safety', 'checkpoint'))`,
      // The fingerprints ("empreintes") of the stored files, computed by the database itself from
      // the bytes it holds: they cannot disagree with the files.
      `ALTER TABLE versions ADD COLUMN xlsx_hash text
        GENERATED ALWAYS AS (encode(sha256(xlsx), 'hex')) STORED`,
      `ALTER TABLE versions ADD COLUMN pdf_hash text
        GENERATED ALWAYS AS (encode(sha256(pdf), 'hex')) STORED`,
      // The meeting records (AG, réunion des salariés) of the cycle as they were when frozen.
      `ALTER TABLE versions ADD COLUMN records jsonb NOT NULL DEFAULT '[]'::jsonb`,
      `CREATE INDEX versions_kind_idx ON versions (kind, created_at)`,
      // A version can be neither updated nor deleted, whoever asks: only an automatic checkpoint
      // older than 90 days may be deleted (by the retention job).
      `CREATE FUNCTION versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.kind = 'checkpoint'
           AND OLD.created_at < now() - interval '90 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'versions are immutable (% refused)', TG_OP USING ERRCODE = 'P0001';
      END
      $$`,
      `CREATE TRIGGER versions_immutable_rows BEFORE UPDATE OR DELETE ON versions
        FOR EACH ROW EXECUTE FUNCTION versions_immutable()`,
      `CREATE TRIGGER versions_immutable_truncate BEFORE TRUNCATE ON versions
        FOR EACH STATEMENT EXECUTE FUNCTION versions_immutable()`,
      // Public read-only links to one version: only a hash of the token is stored.
      `CREATE TABLE version_links (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES versions (id),
        token_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        open_count integer NOT NULL DEFAULT 0,
        last_opened_at timestamptz
      )`,
      `CREATE INDEX version_links_version_idx ON version_links (version_id)`,
      // The record of a meeting (AG: step 11, réunion des salariés: step 10) attached to the
      // version presented there; editable by pilotes after the meeting.
      `CREATE TABLE version_records (
        version_id uuid PRIMARY KEY REFERENCES versions (id),
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        content jsonb NOT NULL,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX version_records_cycle_idx ON version_records (cycle_id)`,
    ],
  },
  // exports (issue 19): the editable DOCX dossier of each frozen version, written once with it
  // (a separate table: the versions rows themselves can never be updated).
  {
    id: '006_versions_exports_docx',
    sql: [
      `CREATE TABLE version_docx (
        version_id uuid PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
        docx bytea NOT NULL
      )`,
    ],
  },

  // ── actions (issue 14) ──

  // ── set-up and offline (issue 17) ──
  {
    id: '005_setup_member_qualite',
    sql: [
      // Each person's place in the organisation (salarié, élu…), per organisation; null = not said.
      `ALTER TABLE memberships ADD COLUMN qualite text
        CHECK (qualite IN ('salarie', 'elu', 'benevole', 'usager', 'partenaire', 'autre'))`,
    ],
  },
  {
    id: '006_setup_invitations_by_email',
    sql: [
      // An invitation may be sent to an address, and propose a qualité set on acceptance.
      `ALTER TABLE invitations ADD COLUMN email text`,
      `ALTER TABLE invitations ADD COLUMN qualite text
        CHECK (qualite IN ('salarie', 'elu', 'benevole', 'usager', 'partenaire', 'autre'))`,
    ],
  },
  {
    id: '007_setup_email_changes',
    sql: [
      // A change of e-mail address waits for the link sent to the new address; until then the
      // old address signs in. Only the token's hash is kept.
      `CREATE TABLE email_changes (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        new_email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      // A deleted account is kept as an anonymous row, so what refers to it reads "ancien membre".
      `ALTER TABLE users ADD COLUMN deleted_at timestamptz`,
    ],
  },
  // ── texts: passage anchors (issues 11–12) ──
  {
    id: '008_texts_passage_anchors',
    sql: [
      // A thread may be anchored on a passage of a section (the `comment` mark in the text).
      `ALTER TABLE comment_threads DROP CONSTRAINT comment_threads_anchor_kind_check`,
      `ALTER TABLE comment_threads ADD CONSTRAINT comment_threads_anchor_kind_check
         CHECK (anchor_kind IN ('row', 'theme', 'action', 'section', 'passage'))`,
    ],
  },
  // ── set-up: stage reminders (issue 17) ──
  {
    id: '009_setup_stage_reminders',
    sql: [
      // E-mail reminders of the stage dates: who turned them off, and which reminder went to whom
      // (one per stage and date: a moved date is reminded again).
      `CREATE TABLE stage_reminder_settings (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT true
      )`,
      `CREATE TABLE stage_reminder_log (
        cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
        stage_id text NOT NULL,
        stage_date text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cycle_id, stage_id, stage_date, user_id)
      )`,
    ],
  },
  // ── meeting room: invitation links kept (issue 9) ──
  {
    // Meeting room (issue 9): every active invitation link can be copied again from the members
    // page. Invitation links are meant to be passed around a group, so the link itself is kept
    // (pilotes only read it back) next to its hash, which stays the lookup key; it is erased when
    // the link is revoked. Links made before this migration cannot be shown again.
    id: '010_room_invitation_links',
    sql: [`ALTER TABLE invitations ADD COLUMN link_token text`],
  },
  // ── accounts: sign-up confirmed by e-mail (issue 18 #15) ──
  {
    // With SMTP, a sign-up waits for the link mailed to the address: the name and the password's
    // hash wait here, with the hash of the link's token (never the token) and, for a sign-up made
    // through an invitation link, the hash of that invitation's token. Short-lived, used once.
    id: '011_signup_confirmations',
    sql: [
      `CREATE TABLE signup_confirmations (
        token_hash text PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        invitation_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE INDEX signup_confirmations_email_idx ON signup_confirmations (lower(email))`,
    ],
  },
];

/** Apply every migration not yet applied, under a lock so that concurrent instances queue. */
export async function migrate(
  db: Database,
  migrations: Migration[] = MIGRATIONS,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7461)');
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const done = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      for (const statement of migration.sql) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
