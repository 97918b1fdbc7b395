/**
 * The backup archive (format described in docs/decisions/0019-backup-and-restore.md): a zip
 * (fflate, pure JavaScript) holding
 *
 *   tables/<table>.jsonl      one JSON object per row, column → text value (or null), a binary
 *                             column as {"$file": "<path>"}
 *   files/<table>/<key>/<column>.<ext>   the binary values (document states, xlsx, pdf, docx…)
 *   manifest.json             format and version, scope, migrations, columns, row counts, and the
 *                             SHA-256 and size of every other entry
 *   manifest.sha256           the SHA-256 of manifest.json
 *
 * Reading checks every hash before anything else happens: one changed byte refuses the archive.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough, unzipSync, type Unzipped } from 'fflate';

export const ARCHIVE_FORMAT = 'pilotis-backup';
export const ARCHIVE_FORMAT_VERSION = 1;

export interface ColumnInfo {
  name: string;
  /** SQL type as PostgreSQL prints it (format_type). */
  type: string;
  /** Computed by the database (a generated column): kept for checking, never inserted. */
  generated?: boolean;
}

export interface TableInfo {
  rows: number;
  columns: ColumnInfo[];
}

export type BackupScope = { kind: 'all' } | { kind: 'organisations'; ids: string[] };

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  source: { backend: 'pglite' | 'postgres' };
  scope: BackupScope;
  /** schema_migrations ids of the source, in the order they were applied. */
  migrations: string[];
  /** The Y.Doc schema version of the code that wrote the archive (shared SCHEMA_VERSION). */
  documentSchemaVersion: number;
  tables: Record<string, TableInfo>;
  excluded: Record<string, string>;
  entries: Record<string, { sha256: string; bytes: number }>;
}

/** A value in a row of tables/<table>.jsonl. */
export type CellValue = string | null | { $file: string };
export type ArchiveRow = Record<string, CellValue>;

/** Refusal with a French and an English sentence (the CLI prints both). */
export class BackupError extends Error {
  readonly code: string;
  constructor(code: string, french: string, english: string) {
    super(`${french}\n${english}`);
    this.code = code;
  }
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const encoder = new TextEncoder();

/** Writes an archive to a stream, entry by entry, the manifest last. */
export class ArchiveWriter {
  private readonly zip: Zip;
  private readonly out: Writable;
  private readonly entries: Manifest['entries'] = {};
  private failure: Error | null = null;
  private finished: Promise<void>;
  bytesWritten = 0;

  constructor(out: Writable) {
    this.out = out;
    let done!: () => void;
    let fail!: (error: Error) => void;
    this.finished = new Promise<void>((resolve, reject) => {
      done = resolve;
      fail = reject;
    });
    this.finished.catch(() => {});
    out.on('error', (error) => {
      this.failure = error;
      fail(error);
    });
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failure = error;
        fail(error);
        return;
      }
      this.bytesWritten += chunk.length;
      out.write(chunk);
      if (final) out.end(() => done());
    });
  }

  /** Add one entry; `compress` false for formats that are compressed already (xlsx, docx). */
  async add(path: string, data: Uint8Array, compress = true): Promise<void> {
    if (this.failure) throw this.failure;
    if (path in this.entries) throw new Error(`duplicate archive entry ${path}`);
    if (!path.startsWith('manifest.')) {
      this.entries[path] = { sha256: sha256(data), bytes: data.byteLength };
    }
    const file = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    this.zip.add(file);
    file.push(data, true);
    if (this.out.writableNeedDrain) {
      await new Promise<void>((resolve) => this.out.once('drain', resolve));
    }
  }

  /** Write the manifest (with every entry's hash) and close the archive. */
  async finish(manifest: Omit<Manifest, 'entries'>): Promise<Manifest> {
    const complete: Manifest = { ...manifest, entries: this.entries };
    const json = encoder.encode(`${JSON.stringify(complete, null, 2)}\n`);
    await this.add('manifest.json', json);
    await this.add('manifest.sha256', encoder.encode(`${sha256(json)}  manifest.json\n`), false);
    this.zip.end();
    await this.finished;
    return complete;
  }
}

export interface OpenedArchive {
  manifest: Manifest;
  /** An entry's bytes, already checked against the manifest. */
  file(path: string): Uint8Array;
  /** The rows of one table. */
  rows(table: string): ArchiveRow[];
}

const corrupt = (detail: string) =>
  new BackupError(
    'corrupt_archive',
    `Archive refusée : elle est abîmée ou a été modifiée (${detail}). Rien n’a été écrit.`,
    `Archive refused: it is damaged or was modified (${detail}). Nothing was written.`,
  );

/** Open an archive and check every hash; throws BackupError before returning anything. */
export function openArchive(data: Uint8Array): OpenedArchive {
  let files: Unzipped;
  try {
    files = unzipSync(data);
  } catch {
    throw corrupt('zip illisible / unreadable zip');
  }
  const json = files['manifest.json'];
  const checksum = files['manifest.sha256'];
  if (!json || !checksum) throw corrupt('manifest.json');
  if (new TextDecoder().decode(checksum).split(/\s/)[0] !== sha256(json)) {
    throw corrupt('manifest.json');
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(json)) as Manifest;
  } catch {
    throw corrupt('manifest.json');
  }
  if (manifest.format !== ARCHIVE_FORMAT) {
    throw new BackupError(
      'not_a_backup',
      'Ce fichier n’est pas une sauvegarde Pilotis.',
      'This file is not a Pilotis backup.',
    );
  }
  if (manifest.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw new BackupError(
      'newer_format',
      `Sauvegarde au format ${manifest.formatVersion}, plus récent que cette version de Pilotis (${ARCHIVE_FORMAT_VERSION}) : mettez Pilotis à jour.`,
      `Backup format ${manifest.formatVersion} is newer than this Pilotis (${ARCHIVE_FORMAT_VERSION}): update Pilotis.`,
    );
  }
  for (const name of Object.keys(files)) {
    if (!name.startsWith('manifest.') && !(name in manifest.entries)) throw corrupt(name);
  }
  for (const [name, expected] of Object.entries(manifest.entries)) {
    const bytes = files[name];
    if (!bytes || bytes.byteLength !== expected.bytes || sha256(bytes) !== expected.sha256) {
      throw corrupt(name);
    }
  }
  const decoder = new TextDecoder();
  return {
    manifest,
    file(path) {
      const bytes = files[path];
      if (!bytes || !(path in manifest.entries)) throw corrupt(path);
      return bytes;
    },
    rows(table) {
      const path = `tables/${table}.jsonl`;
      if (!(path in manifest.entries)) return [];
      const text = decoder.decode(files[path]);
      const rows = text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as ArchiveRow);
      if (rows.length !== manifest.tables[table]?.rows) throw corrupt(path);
      return rows;
    },
  };
}
