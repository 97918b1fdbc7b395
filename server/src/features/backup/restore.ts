/**
 * Brings a backup archive back into a database no server is using. The archive is opened and
 * every hash checked first; then the schema is migrated and every row written in ONE transaction:
 * a refusal or a failure half-way leaves the target as it was.
 */
import type { Database, Queryable } from '../../db/database.ts';
import { MIGRATIONS, migrate } from '../../db/migrations.ts';
import { BackupError, openArchive, sha256, type OpenedArchive } from './archive.ts';
import { tableColumns } from './backup.ts';
import { INCLUDED } from './tables.ts';

export interface RestoreOptions {
  /** Restore into a server that already holds data (other organisations, shared accounts). */
  allowNonEmpty?: boolean;
}

export interface RestoreResult {
  tables: Record<string, number>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Check that this code knows every migration the archive's database had. */
export function checkMigrations(archive: OpenedArchive): void {
  const known = new Set(MIGRATIONS.map((m) => m.id));
  const unknown = archive.manifest.migrations.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new BackupError(
      'newer_schema',
      `Cette sauvegarde vient d’une version plus récente de Pilotis (migrations inconnues : ${unknown.join(', ')}) : mettez Pilotis à jour avant de restaurer.`,
      `This backup comes from a newer Pilotis (unknown migrations: ${unknown.join(', ')}): update Pilotis before restoring.`,
    );
  }
}

async function isEmpty(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM users)
         OR EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM document_updates) AS used`,
  );
  return !row!.used;
}

/** Columns filled by a sequence (bigserial): renumbered when restoring beside other data. */
async function serialColumns(tx: Queryable, table: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ name: string; sequence: string | null }>(
    `SELECT a.attname AS name, pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [table],
  );
  return new Map(rows.filter((r) => r.sequence).map((r) => [r.name, r.sequence!]));
}

/** Refusals that depend on the target's content, checked before any row is written. */
async function checkTarget(tx: Queryable, archive: OpenedArchive, allowNonEmpty: boolean) {
  if (await isEmpty(tx)) return;
  if (!allowNonEmpty) {
    throw new BackupError(
      'target_not_empty',
      'La base de destination contient déjà des données : la restauration est refusée. Restaurez dans une base vide, ou ajoutez --allow-non-empty pour ajouter cette sauvegarde à côté des données présentes.',
      'The target database already holds data: restore refused. Restore into an empty database, or add --allow-non-empty to add this backup beside the data already there.',
    );
  }
  const organisations = archive.rows('organisations').map((row) => row.id as string);
  const present = await tx.query<{ id: string }>(
    'SELECT id::text AS id FROM organisations WHERE id = ANY($1::uuid[])',
    [organisations],
  );
  if (present.length > 0) {
    throw new BackupError(
      'organisation_exists',
      `L’organisation ${present.map((r) => r.id).join(', ')} existe déjà dans la base de destination : restauration refusée.`,
      `Organisation ${present.map((r) => r.id).join(', ')} already exists in the target database: restore refused.`,
    );
  }
  const users = archive.rows('users');
  const clashes = await tx.query<{ email: string }>(
    `SELECT u.email FROM users u
       JOIN unnest($1::uuid[], $2::text[]) AS a (id, email) ON lower(u.email) = lower(a.email)
      WHERE u.id <> a.id`,
    [users.map((u) => u.id), users.map((u) => u.email)],
  );
  if (clashes.length > 0) {
    const list = clashes.map((c) => c.email).join(', ');
    throw new BackupError(
      'email_taken',
      `Un autre compte utilise déjà ces adresses dans la base de destination : ${list}. Restauration refusée.`,
      `Another account already uses these addresses in the target database: ${list}. Restore refused.`,
    );
  }
}

/**
 * Restore `data` (the archive's bytes) into `db`. Throws BackupError, with nothing written, for
 * a damaged archive, a newer schema, or a target that is not empty (unless allowed).
 */
export async function restoreBackup(
  db: Database,
  data: Uint8Array | OpenedArchive,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  // Every hash is checked before the target is touched.
  const archive = data instanceof Uint8Array ? openArchive(data) : data;
  checkMigrations(archive);
  await migrate(db);
  return db.transaction(async (tx) => {
    await checkTarget(tx, archive, options.allowNonEmpty ?? false);
    const empty = await isEmpty(tx);
    const counts: Record<string, number> = {};
    for (const decision of INCLUDED) {
      const { table } = decision;
      const info = archive.manifest.tables[table];
      const rows = archive.rows(table);
      counts[table] = rows.length;
      if (!info || rows.length === 0) continue;
      const target = new Map((await tableColumns(tx, table)).map((c) => [c.name, c]));
      const serials = await serialColumns(tx, table);
      const columns = info.columns.filter((column) => {
        if (column.generated) return false;
        const mine = target.get(column.name);
        if (!mine) {
          throw new BackupError(
            'unknown_column',
            `La colonne ${table}.${column.name} de la sauvegarde n’existe pas ici.`,
            `Column ${table}.${column.name} of the backup does not exist here.`,
          );
        }
        // Beside other data, sequence numbers are drawn again (nothing refers to them).
        return !(serials.has(column.name) && !empty);
      });
      const casts = columns.map((c, i) =>
        c.type === 'bytea' ? `$${i + 1}::bytea` : `$${i + 1}::text::${target.get(c.name)!.type}`,
      );
      const conflict = decision.keepExisting && !empty ? ' ON CONFLICT DO NOTHING' : '';
      const sql = `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')})
                   VALUES (${casts.join(', ')})${conflict}`;
      for (const row of rows) {
        const params = columns.map((column) => {
          const value = row[column.name];
          if (value === null || value === undefined) return null;
          if (typeof value === 'object') return archive.file(value.$file);
          return value;
        });
        await tx.query(sql, params);
      }
      if (empty) {
        for (const [column, sequence] of serials) {
          await tx.query(
            `SELECT setval($1, max_id) FROM (SELECT max(${quote(column)}) AS max_id FROM ${quote(table)}) m
              WHERE max_id IS NOT NULL`,
            [sequence],
          );
        }
      }
    }
    await checkVersions(tx, archive);
    return { tables: counts };
  });
}

/** The fingerprints the database computes from the restored files must be the archived ones. */
async function checkVersions(tx: Queryable, archive: OpenedArchive): Promise<void> {
  const rows = archive.rows('versions');
  if (rows.length === 0) return;
  const restored = await tx.query<{ id: string; xlsx_hash: string; pdf_hash: string }>(
    'SELECT id::text AS id, xlsx_hash, pdf_hash FROM versions WHERE id = ANY($1::uuid[])',
    [rows.map((row) => row.id)],
  );
  const byId = new Map(restored.map((row) => [row.id, row]));
  for (const row of rows) {
    const mine = byId.get(row.id as string);
    const state = row.state && typeof row.state === 'object' ? archive.file(row.state.$file) : null;
    const ok =
      mine &&
      (row.xlsx_hash === undefined || mine.xlsx_hash === row.xlsx_hash) &&
      (row.pdf_hash === undefined || mine.pdf_hash === row.pdf_hash) &&
      state !== null &&
      sha256(state) === row.hash;
    if (!ok) {
      throw new BackupError(
        'version_mismatch',
        `La version ${String(row.id)} restaurée ne correspond pas à ses empreintes : restauration annulée.`,
        `Restored version ${String(row.id)} does not match its fingerprints: restore cancelled.`,
      );
    }
  }
}
