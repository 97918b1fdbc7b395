import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { beforeSyncPayload } from '@hocuspocus/server';
import { MembershipChanged } from '@pilotis/shared';
import { openPglite, type Database } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import {
  AccessExtension,
  ROLE_RECHECK_MS,
  ROLE_REFRESH_MS,
  type CollabContext,
} from './access.extension.ts';

describe('the role re-check of every write', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pilotis-access-'));
    db = await openPglite(dir);
    await migrate(db);
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-reads a role in use in the background, without holding the write, and never trusts it past the limit', async () => {
    const userId = randomUUID();
    const organisationId = randomUUID();
    await db.query(
      `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Awa', 'x')`,
      [userId, `${userId}@example.org`],
    );
    await db.query(`INSERT INTO organisations (id, name) VALUES ($1, 'Asso')`, [organisationId]);
    await db.query(
      `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'pilote')`,
      [organisationId, userId],
    );
    // The real database; its role reads wait while `held` is set.
    let held: Promise<void> | null = null;
    const gated: Database = {
      ...db,
      query: async (sql, params) => {
        if (sql.includes('FROM memberships') && held) await held;
        return db.query(sql, params);
      },
    };
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const access = new AccessExtension(gated);
    const write = () =>
      access.beforeSync({
        connection: { readOnly: false },
        context: { user: { id: userId }, organisationId } as CollabContext,
        type: 2,
      } as unknown as beforeSyncPayload<CollabContext>);

    await write(); // first write: the role is read
    await db.query(`UPDATE memberships SET role = 'lecteur' WHERE user_id = $1`, [userId]);
    const readAt = now;
    now = readAt + ROLE_REFRESH_MS / 2;
    await write(); // trusted: read less than ROLE_REFRESH_MS ago

    // Past the refresh age: the write goes on with the role known, the re-read runs meanwhile.
    let release!: () => void;
    held = new Promise((resolve) => (release = resolve));
    now = readAt + (ROLE_REFRESH_MS + ROLE_RECHECK_MS) / 2;
    await write();
    held = null;
    release();
    // Once the re-read is in, the demotion applies without waiting for ROLE_RECHECK_MS.
    now += 1;
    await vi.waitFor(() => expect(write()).rejects.toMatchObject({ code: MembershipChanged.code }));

    // Past the limit a role is always re-read before the write.
    await db.query(`UPDATE memberships SET role = 'membre' WHERE user_id = $1`, [userId]);
    now += ROLE_RECHECK_MS + 1;
    await write();
  });

  it('reads the roles of a whole room in one query, and still sees each demotion', async () => {
    const people = Array.from({ length: 30 }, () => ({
      userId: randomUUID(),
      organisationId: randomUUID(),
    }));
    for (const { userId, organisationId } of people) {
      await db.query(
        `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, 'Élise', 'x')`,
        [userId, `${userId}@example.org`],
      );
      await db.query(`INSERT INTO organisations (id, name) VALUES ($1, 'Coop’')`, [organisationId]);
      await db.query(
        `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'membre')`,
        [organisationId, userId],
      );
    }
    // The real database, counting the role reads.
    let reads = 0;
    const counted: Database = {
      ...db,
      query: async (sql, params) => {
        if (sql.includes('FROM memberships')) reads++;
        return db.query(sql, params);
      },
    };
    let now = 5_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const access = new AccessExtension(counted);
    const write = (person: (typeof people)[number]) =>
      access.beforeSync({
        connection: { readOnly: false },
        context: { user: { id: person.userId }, organisationId: person.organisationId },
        type: 2,
      } as unknown as beforeSyncPayload<CollabContext>);

    await Promise.all(people.map(write));
    expect(reads).toBe(1);

    const demoted = people.slice(0, 10);
    for (const { userId } of demoted) {
      await db.query(`UPDATE memberships SET role = 'lecteur' WHERE user_id = $1`, [userId]);
    }
    now += ROLE_RECHECK_MS + 1;
    const results = await Promise.allSettled(people.map(write));
    expect(reads).toBe(2);
    results.forEach((result, i) => {
      if (i < demoted.length) {
        expect(result).toMatchObject({
          status: 'rejected',
          reason: { code: MembershipChanged.code },
        });
      } else {
        expect(result.status).toBe('fulfilled');
      }
    });
  });
});
