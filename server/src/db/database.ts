/**
 * One small interface over the two storage engines Pilotis runs on: embedded PGlite (default,
 * nothing to install) and PostgreSQL (when DATABASE_URL is set). Both speak the same SQL, so the
 * rest of the server never knows which one it talks to.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Binary columns come back as Buffer from pg and Uint8Array from PGlite: normalise to the latter. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new Error('Expected a binary column');
}

/** PostgreSQL's type id of bytea. */
const BYTEA = 17;

/**
 * Binary values cross PGlite's boundary as hex text. Its own conversion goes byte by byte through
 * an array of two-character strings: storing a 60 KB document state took ~10 ms of the event loop,
 * the largest single cost of the server under scenario 1 of bench/suite (6 % of its CPU). Node's
 * hex codec does the same in C++.
 */
const byteaSerializer = (value: Uint8Array) =>
  `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
const byteaParser = (text: string) => {
  const decoded = Buffer.from(text.slice(2), 'hex');
  // A plain Uint8Array of its own, as PGlite returns (not a view into Node's shared pool).
  const bytes = new Uint8Array(decoded.byteLength);
  bytes.set(decoded);
  return bytes;
};

/** Open the embedded database stored in `dataDir` (created if missing). */
export async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, {
    serializers: { [BYTEA]: byteaSerializer },
    parsers: { [BYTEA]: byteaParser },
  });
  const run = async <Row>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
    (await q.query<Row>(sql, params)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (work) =>
      db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) })),
    close: () => db.close(),
  };
}

/** Connect to PostgreSQL at `connectionString` through a small pool. */
export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', (error) => console.error('PostgreSQL pool error', error.message));
  const toParam = (value: unknown) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value;
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await client.query(sql, params?.map(toParam))).rows as Row[];
  await run(pool, 'SELECT 1');
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL when a URL is given, else PGlite in `dataDir`. */
export function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
