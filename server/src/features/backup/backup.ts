/**
 * Writes a backup archive from a database in use: everything is read inside one read-only
 * REPEATABLE READ transaction, so the archive is one consistent snapshot even while the server
 * keeps writing (on PGlite the single connection is held for the duration: writes wait).
 */
import type { Writable } from 'node:stream';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '@pilotis/shared';
import { toBytes, type Database, type Queryable } from '../../db/database.ts';
import { applyStored } from '../../collab/document-store.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  ArchiveWriter,
  BackupError,
  type ArchiveRow,
  type BackupScope,
  type ColumnInfo,
  type Manifest,
  type TableInfo,
} from './archive.ts';
import { EXCLUDED, INCLUDED, bindScope } from './tables.ts';

export interface BackupResult {
  manifest: Manifest;
  bytes: number;
}

/** The columns of `table` on this database, in order. */
export async function tableColumns(db: Queryable, table: string): Promise<ColumnInfo[]> {
  const rows = await db.query<{ name: string; type: string; generated: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attgenerated::text AS generated
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    ...(row.generated === 's' ? { generated: true } : {}),
  }));
}

/** Every (table, column) whose foreign key points at users(id). */
async function userColumns(db: Queryable): Promise<{ table: string; column: string }[]> {
  return db.query<{ table: string; column: string }>(
    `SELECT cl.relname AS table, a.attname AS column
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
      ORDER BY 1, 2`,
  );
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
const EXTENSIONS: Record<string, string> = { xlsx: 'xlsx', pdf: 'pdf', docx: 'docx', state: 'yjs' };
/** Binary formats that are zip or compressed already: stored as they are. */
const STORED = new Set(['xlsx', 'docx']);

/** The primary-key columns of `table`, to name its binary files. */
async function primaryKey(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
    [table],
  );
  return rows.map((row) => row.name);
}

/** The state a document would load with: its stored state and every logged update, folded. */
async function foldedState(
  tx: Queryable,
  name: string,
  stored: Uint8Array | null,
): Promise<Uint8Array> {
  const updates = await tx.query<{ id: string | number; data: unknown }>(
    'SELECT id, data FROM document_updates WHERE document_name = $1 ORDER BY id',
    [name],
  );
  if (updates.length === 0 && stored) return stored;
  const doc = new Y.Doc();
  applyStored(doc, {
    state: stored,
    stamp: null,
    updates: updates.map((row) => ({ id: Number(row.id), data: toBytes(row.data) })),
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Write the archive of `scope` to `out`. Throws BackupError (before writing) for an unknown
 * organisation.
 */
export async function writeBackup(
  db: Database,
  scope: BackupScope,
  out: Writable,
): Promise<BackupResult> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.query("SET LOCAL TimeZone = 'UTC'");
    const all = scope.kind === 'all';
    const organisations = all ? [] : scope.ids;
    if (!all) {
      const found = await tx.query<{ id: string }>(
        'SELECT id::text AS id FROM organisations WHERE id::text = ANY($1::text[])',
        [organisations],
      );
      const missing = organisations.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) {
        throw new BackupError(
          'unknown_organisation',
          `Organisation inconnue : ${missing.join(', ')}.`,
          `Unknown organisation: ${missing.join(', ')}.`,
        );
      }
    }
    // The accounts the archive needs: every user a row of an archived table names.
    let users: string[] = [];
    if (!all) {
      const ids = new Set<string>();
      const included = new Map(INCLUDED.map((t) => [t.table, t]));
      for (const { table, column } of await userColumns(tx)) {
        const decision = included.get(table);
        if (!decision || table === 'users') continue;
        const scoped = bindScope(decision.where, { organisations, users: [] });
        const rows = await tx.query<{ id: string | null }>(
          `SELECT DISTINCT ${quote(column)}::text AS id FROM ${quote(table)} WHERE ${scoped.sql}`,
          scoped.params,
        );
        for (const row of rows) if (row.id) ids.add(row.id);
      }
      users = [...ids].sort();
    }
    const migrations = (
      await tx.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY applied_at, id')
    ).map((row) => row.id);

    const writer = new ArchiveWriter(out);
    const tables: Record<string, TableInfo> = {};
    for (const decision of INCLUDED) {
      const { table } = decision;
      const columns = await tableColumns(tx, table);
      const key = await primaryKey(tx, table);
      const list = columns
        .map((c) => (c.type === 'bytea' ? quote(c.name) : `${quote(c.name)}::text`))
        .join(', ');
      const order = key.length > 0 ? ` ORDER BY ${key.map(quote).join(', ')}` : '';
      const scoped = bindScope(decision.where, { organisations, users });
      const rows = await tx.query<Record<string, unknown>>(
        `SELECT ${list} FROM ${quote(table)}${all ? '' : ` WHERE ${scoped.sql}`}${order}`,
        all ? [] : scoped.params,
      );
      const lines: string[] = [];
      for (const [index, row] of rows.entries()) {
        const out: ArchiveRow = {};
        const name = key.length > 0 ? key.map((k) => safe(String(row[k]))).join('_') : `${index}`;
        for (const column of columns) {
          const value = row[column.name];
          if (value === null || value === undefined) {
            out[column.name] = null;
          } else if (column.type === 'bytea') {
            let bytes = toBytes(value);
            if (table === 'documents' && column.name === 'state') {
              bytes = await foldedState(tx, String(row.name), bytes);
            }
            const ext = EXTENSIONS[column.name] ?? 'bin';
            const path = `files/${table}/${name}/${column.name}.${ext}`;
            await writer.add(path, bytes, !STORED.has(ext));
            out[column.name] = { $file: path };
          } else {
            out[column.name] = String(value);
          }
        }
        lines.push(JSON.stringify(out));
      }
      if (table === 'documents') {
        // A document whose every edit is still in the log (never stored yet).
        const orphans = await tx.query<{ name: string; at: string }>(
          `SELECT document_name AS name, min(created_at)::text AS at FROM document_updates u
            WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.name = u.document_name)
              ${all ? '' : `AND document_name IN (SELECT document_name FROM cycles WHERE organisation_id = ANY($1::uuid[]))`}
            GROUP BY document_name ORDER BY document_name`,
          all ? [] : [organisations],
        );
        for (const orphan of orphans) {
          const path = `files/documents/${safe(orphan.name)}/state.yjs`;
          await writer.add(path, await foldedState(tx, orphan.name, null));
          lines.push(
            JSON.stringify({ name: orphan.name, state: { $file: path }, updated_at: orphan.at }),
          );
        }
      }
      const text = lines.map((line) => `${line}\n`).join('');
      await writer.add(`tables/${table}.jsonl`, new TextEncoder().encode(text));
      tables[table] = { rows: lines.length, columns };
    }
    const manifest = await writer.finish({
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      source: { backend: db.kind },
      scope: all ? { kind: 'all' } : { kind: 'organisations', ids: [...organisations].sort() },
      migrations,
      documentSchemaVersion: SCHEMA_VERSION,
      tables,
      excluded: EXCLUDED,
    });
    return { manifest, bytes: writer.bytesWritten };
  });
}
