/**
 * Backup and restore (issue 16): an organisation built on PGlite (grid edits, a section, comment
 * threads with replies, a frozen version with its files, members, audit) is backed up while its
 * server runs, restored on an empty PostgreSQL database, then backed up there and restored on an
 * empty PGlite: documents, version files and comments identical by hash at every step.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addFreeSection,
  paragraphElements,
  readCycle,
  rowText,
  sectionBody,
} from '@pilotis/shared';
import { DocumentStore } from '../src/collab/document-store.ts';
import { openPglite, openPostgres, type Database } from '../src/db/database.ts';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { BackupError, openArchive } from '../src/features/backup/archive.ts';
import { runBackup, runRestore } from '../src/features/backup/run.ts';
import { EXCLUDED, INCLUDED } from '../src/features/backup/tables.ts';
import {
  Person,
  acknowledged,
  connectClient,
  createCycle,
  createStorage,
  startServer,
  testConfig,
  type RunningServer,
  type Storage,
} from './helpers.ts';
import { join } from './comments-helpers.ts';

const run = promisify(execFile);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const PASSWORD = 'un mot de passe solide'; // the one signUp uses

/** Everything the archive must carry over, read from one database, comparable across backends. */
async function snapshot(db: Database, organisationId: string) {
  const cycles = await db.query<{ id: string; document_name: string }>(
    'SELECT id::text AS id, document_name FROM cycles WHERE organisation_id = $1 ORDER BY id',
    [organisationId],
  );
  const store = new DocumentStore(db);
  const documents = [];
  for (const cycle of cycles) {
    const doc = await store.loadDoc(cycle.document_name);
    documents.push({
      name: cycle.document_name,
      state: sha256(Y.encodeStateAsUpdate(doc)),
      content: JSON.stringify(readCycle(doc)),
    });
    doc.destroy();
  }
  const rows = (sql: string) =>
    db.transaction(async (tx) => {
      await tx.query("SET LOCAL TimeZone = 'UTC'");
      return (await tx.query<{ row: string }>(sql, [organisationId])).map((r) => r.row);
    });
  const inCycles = 'cycle_id IN (SELECT id FROM cycles WHERE organisation_id = $1)';
  return {
    documents,
    versions: await rows(
      `SELECT json_build_object('id', v.id, 'label', v.label, 'kind', v.kind, 'hash', v.hash,
         'state', encode(sha256(v.state), 'hex'), 'xlsx', v.xlsx_hash, 'pdf', v.pdf_hash,
         'docx', (SELECT encode(sha256(d.docx), 'hex') FROM version_docx d WHERE d.version_id = v.id),
         'threads', (SELECT threads FROM version_threads t WHERE t.version_id = v.id),
         'created_at', v.created_at)::text AS row
       FROM versions v WHERE ${inCycles} ORDER BY v.id`,
    ),
    threads: await rows(
      `SELECT row_to_json(t)::text AS row FROM comment_threads t WHERE ${inCycles} ORDER BY id`,
    ),
    messages: await rows(
      `SELECT row_to_json(m)::text AS row FROM comment_messages m
        WHERE thread_id IN (SELECT id FROM comment_threads WHERE ${inCycles}) ORDER BY id`,
    ),
    members: await rows(
      `SELECT json_build_object('user', u.id, 'email', u.email, 'name', u.name,
         'password', u.password_hash, 'role', m.role, 'qualite', m.qualite)::text AS row
       FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1
       ORDER BY u.id`,
    ),
    audit: await rows(
      `SELECT json_build_object('id', id, 'user', user_id, 'action', action, 'details', details,
         'at', created_at)::text AS row FROM audit_log WHERE organisation_id = $1 ORDER BY id`,
    ),
    invitations: await rows(
      `SELECT row_to_json(i)::text AS row FROM invitations i WHERE organisation_id = $1 ORDER BY id`,
    ),
  };
}

describe('every table of the schema has a backup decision', () => {
  it('names each table the migrations create as included or excluded (with a reason)', () => {
    const created = new Set(['schema_migrations']);
    for (const migration of MIGRATIONS) {
      for (const statement of migration.sql) {
        for (const match of statement.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) {
          created.add(match[1]!);
        }
      }
    }
    const decided = new Set([...INCLUDED.map((t) => t.table), ...Object.keys(EXCLUDED)]);
    const undecided = [...created].filter((table) => !decided.has(table));
    expect(undecided, 'add these tables to server/src/features/backup/tables.ts').toEqual([]);
    expect([...decided].filter((table) => !created.has(table))).toEqual([]);
    for (const reason of Object.values(EXCLUDED)) expect(reason.length).toBeGreaterThan(10);
    expect(INCLUDED.filter((t) => t.table in EXCLUDED)).toEqual([]);
  });
});

describe('backup on PGlite, restore on PostgreSQL, and back', () => {
  let work: string;
  let source: Storage;
  let server: RunningServer;
  let postgres: Storage;
  let pglite: Storage;
  let pilote: Person;
  let organisationId: string;
  let otherOrganisationId: string;
  let otherArchive: string;
  let expected: Awaited<ReturnType<typeof snapshot>>;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'pilotis-backup-'));
    source = await createStorage('pglite');
    // Edits stay in the update log while the server runs: the archive must fold them in.
    server = await startServer(testConfig(source, { storeDebounceMs: 600_000 }));
    const cycle = await createCycle(server.httpUrl, 2026);
    pilote = cycle.pilote;
    organisationId = cycle.organisationId;
    const membre = await join(server, pilote, organisationId, 'membre', 'Maëlle Membre');
    const commentateur = await join(server, pilote, organisationId, 'commentateur', 'Côme Com');

    const client = await connectClient(server.wsUrl, cycle.documentName, membre);
    const rowId = readCycle(client.doc).rows[0]!.id;
    rowText(client.doc, rowId, 'baseline').insert(0, 'Taux d’accès : 38,5 % 🌱 ');
    const sectionId = addFreeSection(client.doc, 'Notre projet associatif');
    sectionBody(client.doc, sectionId)!.insert(
      0,
      paragraphElements('Première ligne du texte.\nDeuxième ligne, « guillemets » et émoji 🎉.'),
    );
    await acknowledged(client);

    const version = await pilote.post(`/api/cycles/${cycle.id}/versions`, {
      label: 'Version présentée au CA',
      stage: 'board',
    });
    expect(version.status).toBe(201);
    rowText(client.doc, rowId, 'baseline').insert(0, 'Après la version : ');
    await acknowledged(client);
    // Kept connected: the document is not stored and unloaded, its last edits stay in the log.
    cleanup.push(async () => client.destroy());

    const onRow = await membre.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'row', id: rowId },
      body: 'Ce taux vient de quelle enquête ?',
    });
    expect(onRow.status).toBe(201);
    for (const [who, body] of [
      [pilote, 'L’enquête de 2025, je l’ajoute.'],
      [commentateur, 'Merci ! Et pour 2024 ?'],
    ] as const) {
      expect((await who.post(`/api/threads/${onRow.body.id}/messages`, { body })).status).toBe(201);
    }
    const onSection = await commentateur.post(`/api/cycles/${cycle.id}/threads`, {
      anchor: { kind: 'section', id: sectionId },
      body: 'Section à relire avant l’AG.',
    });
    expect(onSection.status).toBe(201);
    expect((await pilote.post(`/api/threads/${onSection.body.id}/resolve`)).status).toBe(200);

    // A second organisation on the same server, which an organisation archive must not carry.
    const other = await createCycle(server.httpUrl, 2027);
    otherOrganisationId = other.organisationId;
    const otherClient = await connectClient(server.wsUrl, other.documentName, other.pilote);
    const otherTheme = readCycle(otherClient.doc).themes[0]!.id;
    otherClient.destroy();
    const otherThread = await other.pilote.post(`/api/cycles/${other.id}/threads`, {
      anchor: { kind: 'theme', id: otherTheme },
      body: 'Fil de l’autre organisation',
    });
    expect(otherThread.status).toBe(201);

    expected = await snapshot(server.app.db, organisationId);
    // Not vacuous: the comparison below covers real content.
    expect(expected.documents).toHaveLength(1);
    expect(expected.documents[0]!.content).toContain('Après la version');
    expect(expected.documents[0]!.content).toContain('guillemets');
    expect(expected.versions).toHaveLength(1);
    expect(JSON.parse(expected.versions[0]!).docx).toMatch(/^[0-9a-f]{64}$/);
    expect(expected.threads).toHaveLength(2);
    expect(expected.messages).toHaveLength(4);
    expect(expected.members).toHaveLength(3);
    expect(expected.audit.length).toBeGreaterThan(2);
    // The edits are still in the log, not in documents.state.
    const [log] = await server.app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1',
      [cycle.documentName],
    );
    expect(log!.n).toBeGreaterThan(0);
    otherArchive = path.join(work, 'other.zip');
    await runBackup(source, { kind: 'organisations', ids: [otherOrganisationId] }, otherArchive);
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    await server?.close();
    await source?.dispose();
    await postgres?.dispose();
    await pglite?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('checks every table of the database against the decisions', async () => {
    const tables = await server.app.db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
    );
    const decided = new Set([...INCLUDED.map((t) => t.table), ...Object.keys(EXCLUDED)]);
    expect(tables.map((t) => t.name).filter((name) => !decided.has(name))).toEqual([]);
  });

  it('PGlite → PostgreSQL: backed up through the running server, restored identical', async () => {
    const archive = path.join(work, 'pglite.zip');
    const started = performance.now();
    const run = await runBackup(source, { kind: 'organisations', ids: [organisationId] }, archive);
    const seconds = (performance.now() - started) / 1000;
    console.info(`backup of the test organisation: ${run.bytes} bytes in ${seconds.toFixed(2)} s`);
    expect(run.via).toBe('server'); // PGlite in use: the server wrote it from its own connection

    // Only the archived organisation and the accounts it needs.
    const opened = openArchive(await readFile(archive));
    expect(opened.rows('organisations').map((r) => r.id)).toEqual([organisationId]);
    expect(opened.rows('users')).toHaveLength(3);
    expect(JSON.stringify(opened.rows('comment_messages'))).not.toContain('autre organisation');
    expect(opened.manifest.tables.sessions).toBeUndefined();

    postgres = await createStorage('postgres');
    const restoreStarted = performance.now();
    await runRestore(postgres, archive);
    console.info(
      `restore on PostgreSQL: ${((performance.now() - restoreStarted) / 1000).toFixed(2)} s`,
    );
    const target = await openPostgres(postgres.databaseUrl!);
    cleanup.push(() => target.close());
    expect(await snapshot(target, organisationId)).toEqual(expected);
    const [others] = await target.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM organisations WHERE id <> $1',
      [organisationId],
    );
    expect(others!.n).toBe(0);
    const [sessions] = await target.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
    expect(sessions!.n).toBe(0);
  });

  it('refuses a non-empty target unless told, then adds another organisation beside', async () => {
    const archive = path.join(work, 'pglite.zip');
    const refused = await runRestore(postgres, archive).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).code).toBe('target_not_empty');
    expect((refused as Error).message).toContain('contient déjà des données');
    const again = await runRestore(postgres, archive, { allowNonEmpty: true }).catch(
      (error: unknown) => error,
    );
    expect((again as BackupError).code).toBe('organisation_exists');

    await runRestore(postgres, otherArchive, { allowNonEmpty: true });
    const target = await openPostgres(postgres.databaseUrl!);
    cleanup.push(() => target.close());
    const names = await target.query<{ id: string }>('SELECT id::text AS id FROM organisations');
    expect(names.map((n) => n.id).sort()).toEqual([organisationId, otherOrganisationId].sort());
    // The first organisation is untouched by the second restore.
    expect(await snapshot(target, organisationId)).toEqual(expected);
  });

  it('PostgreSQL → PGlite: a server on the restored database works, and its backup comes back identical', async () => {
    const restored = await startServer(testConfig(postgres));
    try {
      // Accounts came back with their passwords.
      const again = new Person(restored.httpUrl);
      const login = await again.post('/api/auth/login', {
        email: pilote.user!.email,
        password: PASSWORD,
      });
      expect(login.status).toBe(200);
      const cycles = await restored.app.db.query<{ id: string; document_name: string }>(
        'SELECT id::text AS id, document_name FROM cycles WHERE organisation_id = $1',
        [organisationId],
      );
      const client = await connectClient(restored.wsUrl, cycles[0]!.document_name, again);
      expect(JSON.stringify(readCycle(client.doc))).toBe(expected.documents[0]!.content);
      client.destroy();
      const thread = await again.post(`/api/cycles/${cycles[0]!.id}/threads`, {
        anchor: { kind: 'theme', id: readCycle(client.doc).themes[0]!.id },
        body: 'Écrit après la restauration sur PostgreSQL',
      });
      expect(thread.status).toBe(201);

      const archive = path.join(work, 'postgres.zip');
      const run = await runBackup(
        postgres,
        { kind: 'organisations', ids: [organisationId] },
        archive,
      );
      expect(run.via).toBe('postgres');
      const fromPostgres = await snapshot(restored.app.db, organisationId);
      expect(fromPostgres.threads).toHaveLength(3);

      pglite = await createStorage('pglite');
      await runRestore(pglite, archive);
      const target = await openPglite(pglite.dataDir);
      try {
        expect(await snapshot(target, organisationId)).toEqual(fromPostgres);
      } finally {
        await target.close();
      }
    } finally {
      await restored.close();
    }
  });

  it('npm run backup goes through the running PGlite server; npm run restore refuses its directory', async () => {
    const { DATABASE_URL: _unused, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: source.dataDir, INIT_CWD: work };
    const backup = await run(
      process.execPath,
      [path.join(CLI, 'backup.ts'), '--organisation', organisationId, '--output', 'cli.zip'],
      { env },
    );
    expect(backup.stdout).toContain('par le serveur en marche');
    const archive = openArchive(await readFile(path.join(work, 'cli.zip')));
    expect(archive.manifest.scope).toEqual({ kind: 'organisations', ids: [organisationId] });

    const restore = await run(process.execPath, [path.join(CLI, 'restore.ts'), 'cli.zip'], {
      env,
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in restore && restore.code).toBe(1);
    expect(restore.stderr).toContain('arrêtez-le avant de restaurer');
    expect(restore.stderr).toContain('stop it before restoring');
  });

  it('an archive of everything carries both organisations and every account', async () => {
    const file = path.join(work, 'all.zip');
    const run = await runBackup(source, { kind: 'all' }, file);
    expect(run.manifest.scope).toEqual({ kind: 'all' });
    const [users] = await server.app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM users',
    );
    expect(run.manifest.tables.users!.rows).toBe(users!.n);
    const everything = await createStorage('postgres');
    try {
      await runRestore(everything, file);
      const target = await openPostgres(everything.databaseUrl!);
      try {
        expect(await snapshot(target, organisationId)).toEqual(
          await snapshot(server.app.db, organisationId),
        );
        expect(await snapshot(target, otherOrganisationId)).toEqual(
          await snapshot(server.app.db, otherOrganisationId),
        );
      } finally {
        await target.close();
      }
    } finally {
      await everything.dispose();
    }
  });

  it('refuses an archive with one byte changed, before writing anything', async () => {
    const archive = path.join(work, 'pglite.zip');
    const bytes = await readFile(archive);
    // A byte inside a stored version file (xlsx is stored as it is in the zip).
    const opened = openArchive(bytes);
    const [version] = opened.rows('versions');
    const xlsx = opened.file((version!.xlsx as { $file: string }).$file);
    const at = bytes.indexOf(Buffer.from(xlsx.subarray(0, 64))) + Math.floor(xlsx.length / 2);
    expect(at).toBeGreaterThan(Math.floor(xlsx.length / 2));
    const damaged = Buffer.from(bytes);
    damaged[at] = damaged[at]! ^ 0x01;
    const file = path.join(work, 'damaged.zip');
    await writeFile(file, damaged);

    const fresh = await createStorage('postgres');
    const freshPglite = await createStorage('pglite');
    try {
      for (const target of [fresh, freshPglite]) {
        const refused = await runRestore(target, file).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(BackupError);
        expect((refused as BackupError).code).toBe('corrupt_archive');
        expect((refused as Error).message).toContain('Rien n’a été écrit');
      }
      const db = await openPostgres(fresh.databaseUrl!);
      try {
        const [schema] = await db.query<{ t: string | null }>(
          "SELECT to_regclass('schema_migrations')::text AS t",
        );
        expect(schema!.t).toBeNull(); // not even the schema was created
      } finally {
        await db.close();
      }
      // PGlite: the data directory was not even initialised.
      await expect(stat(path.join(freshPglite.dataDir, 'PG_VERSION'))).rejects.toThrow();
    } finally {
      await fresh.dispose();
      await freshPglite.dispose();
    }
  });
});
