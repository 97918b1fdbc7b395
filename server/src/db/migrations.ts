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

  // ── security and limits (issue 18) ──

  // ── meeting room (issue 9) ──

  // ── sections (issue 11) ──

  // ── comments (issue 12) ──

  // ── versions (issue 13) ──

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
