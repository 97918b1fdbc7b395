import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../db/database.ts';
import { databaseError } from './database-errors.ts';

/** What the database really throws, turned into the answer the API gives. */
describe('database refusals become French 4xx answers, never a bare 500', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-dberr-'));
    db = await openPglite(dir);
    await db.query('CREATE TABLE t (id int PRIMARY KEY, label varchar(5), n int CHECK (n > 0))');
    await db.query('INSERT INTO t VALUES (1, $1, 1)', ['été']);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const refusal = async (sql: string, params: unknown[]) => {
    const error = await db.query(sql, params).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error, sql).not.toBeNull();
    return databaseError(error);
  };

  it.each([
    ['a NUL byte', 'SELECT $1::text', ['Zoé\u0000'], 400, 'invalid_characters'],
    ['a text too long', 'INSERT INTO t VALUES (2, $1, 1)', ['réunion d’équipe'], 400, 'too_long'],
    ['an id that is not a number', 'SELECT * FROM t WHERE id = $1', ['un'], 400, 'invalid_value'],
    ['a duplicate', 'INSERT INTO t VALUES (1, $1, 1)', ['ok'], 409, 'conflict'],
    ['a refused value', 'INSERT INTO t VALUES (3, $1, -1)', ['ok'], 400, 'invalid_value'],
  ])('%s', async (_what, sql, params, status, code) => {
    const answer = await refusal(sql, params);
    expect(answer?.statusCode).toBe(status);
    expect(answer?.code).toBe(code);
    expect(answer?.message).toMatch(/[éèêàç’]|\.$/);
  });

  it('leaves other errors alone', () => {
    expect(databaseError(new Error('boom'))).toBeNull();
    expect(databaseError({ code: 'EPIPE' })).toBeNull();
  });
});
