/**
 * What `npm run backup` and `npm run restore` do, given the server's configuration (the same
 * DATABASE_URL / DATA_DIR the server uses).
 */
import { createWriteStream } from 'node:fs';
import { access, readFile, rename, rm, stat } from 'node:fs/promises';
import type { AppConfig } from '../../config.ts';
import { openPglite, openPostgres, type Database } from '../../db/database.ts';
import { BackupError, openArchive, type BackupScope, type Manifest } from './archive.ts';
import { writeBackup } from './backup.ts';
import { checkMigrations, restoreBackup, type RestoreResult } from './restore.ts';
import { backupThroughServer, serverAnswers } from './socket.ts';

type Storage = Pick<AppConfig, 'dataDir' | 'databaseUrl'>;

export interface BackupRun {
  manifest: Manifest;
  bytes: number;
  /** 'server': written by the running PGlite server through its socket. */
  via: 'postgres' | 'pglite' | 'server';
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Write the archive of `scope` to `output` (through a temporary file: a failed backup leaves no
 * half archive), then read it back and check every hash.
 */
export async function runBackup(
  storage: Storage,
  scope: BackupScope,
  output: string,
): Promise<BackupRun> {
  const partial = `${output}.partial`;
  let via: BackupRun['via'];
  try {
    if (storage.databaseUrl) {
      via = 'postgres';
      const db = await openPostgres(storage.databaseUrl);
      try {
        await writeBackup(db, scope, createWriteStream(partial));
      } finally {
        await db.close();
      }
    } else if (await backupThroughServer(storage.dataDir, scope, createWriteStream(partial))) {
      via = 'server';
    } else {
      via = 'pglite';
      if (!(await exists(storage.dataDir))) {
        throw new BackupError(
          'no_data',
          `Aucune donnée dans ${storage.dataDir} (DATA_DIR) : rien à sauvegarder.`,
          `No data in ${storage.dataDir} (DATA_DIR): nothing to back up.`,
        );
      }
      const db = await openPglite(storage.dataDir);
      try {
        await writeBackup(db, scope, createWriteStream(partial));
      } finally {
        await db.close();
      }
    }
    const { manifest } = openArchive(await readFile(partial));
    await rename(partial, output);
    return { manifest, bytes: (await stat(output)).size, via };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Restore the archive at `file` into the configured database, which no server may be using. */
export async function runRestore(
  storage: Storage,
  file: string,
  options: { allowNonEmpty?: boolean } = {},
): Promise<RestoreResult & { manifest: Manifest }> {
  // Checked before the target is opened: a damaged archive writes nothing, not even a schema.
  const archive = openArchive(await readFile(file));
  checkMigrations(archive);
  let db: Database;
  if (storage.databaseUrl) {
    db = await openPostgres(storage.databaseUrl);
  } else {
    if (await serverAnswers(storage.dataDir)) {
      throw new BackupError(
        'server_running',
        `Un serveur Pilotis utilise ${storage.dataDir} : arrêtez-le avant de restaurer.`,
        `A Pilotis server is using ${storage.dataDir}: stop it before restoring.`,
      );
    }
    db = await openPglite(storage.dataDir);
  }
  try {
    const result = await restoreBackup(db, archive, options);
    return { ...result, manifest: archive.manifest };
  } finally {
    await db.close();
  }
}
