/**
 * The export queue is fair (issue 18 #4): organisations take turns, so one organisation's pile of
 * large PDFs delays another's workbook by one job at most; a person has at most two jobs waiting
 * or running (429 beyond, in French).
 */
import { describe, expect, it } from 'vitest';
import type { ExportModel } from '@pilotis/shared';
import { createExportRunner } from './export-runner.ts';

const stub = (organisation: string) => ({ organisation }) as unknown as ExportModel;
const workerUrl = new URL('../../../test/fixtures/crashing-export-worker.ts', import.meta.url);

describe('fair export queue', () => {
  it('lets a second organisation through between the first one’s jobs', async () => {
    const runner = createExportRunner({ workerUrl, maxJobsPerPerson: 10 });
    const finished: string[] = [];
    const track = (label: string, promise: Promise<Buffer>) =>
      promise.then(() => finished.push(label));
    try {
      // Organisation A queues five slow PDFs (two people), then B asks for one workbook.
      const jobs = [
        ...[1, 2, 3, 4, 5].map((n) =>
          track(
            `A${n}`,
            runner.run('pdf', stub(`SLOW A${n}`), undefined, {
              organisationId: 'org-a',
              userId: n % 2 ? 'lecteur-a1' : 'lecteur-a2',
            }),
          ),
        ),
        track(
          'B',
          runner.run('xlsx', stub('B'), undefined, { organisationId: 'org-b', userId: 'membre-b' }),
        ),
      ];
      await Promise.all(jobs);
      // B waits for the job running when it arrived and at most one more, not for all of A's.
      expect(finished.indexOf('B')).toBeLessThanOrEqual(2);
      expect(finished.filter((label) => label.startsWith('A'))).toEqual([
        'A1',
        'A2',
        'A3',
        'A4',
        'A5',
      ]);
    } finally {
      await runner.close();
    }
  });

  it('refuses a third job from the same person while two are waiting or running', async () => {
    const runner = createExportRunner({ workerUrl });
    const person = { organisationId: 'org-a', userId: 'lecteur' };
    try {
      const first = runner.run('pdf', stub('SLOW 1'), undefined, person);
      const second = runner.run('pdf', stub('SLOW 2'), undefined, person);
      await expect(runner.run('pdf', stub('SLOW 3'), undefined, person)).rejects.toMatchObject({
        statusCode: 429,
        code: 'too_many_exports',
        message: expect.stringMatching(/exports en cours/),
      });
      // Someone else of the same organisation is not held back by that person's limit.
      const colleague = runner.run('xlsx', stub('C'), undefined, {
        organisationId: 'org-a',
        userId: 'pilote',
      });
      await Promise.all([first, second, colleague]);
      // Once done, the person may export again.
      await expect(runner.run('pdf', stub('D'), undefined, person)).resolves.toBeInstanceOf(Buffer);
    } finally {
      await runner.close();
    }
  });
});
