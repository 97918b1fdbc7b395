/**
 * The record of a meeting where a version was presented (seed steps 10–11): the réunion des
 * salariés and the assemblée générale, with its debate and the adjustments decided. One TypeBox
 * schema gives the server's validation and the client's type.
 */
import { Type, type Static } from 'typebox';
import type { Stage } from '../schema/cycle.types.ts';

const count = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()]);

export const MeetingAdjustmentSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 4000 }),
    /** The row or action the adjustment is about, when there is one. */
    target: Type.Union([
      Type.Object(
        {
          kind: Type.Union([Type.Literal('row'), Type.Literal('action')]),
          id: Type.String({ minLength: 1, maxLength: 64 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

export const MeetingRecordSchema = Type.Object(
  {
    /** The meeting's date (YYYY-MM-DD). */
    heldOn: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
    present: count,
    represented: count,
    /** The debate's main points, one per line. */
    debate: Type.String({ maxLength: 20_000 }),
    adjustments: Type.Array(MeetingAdjustmentSchema, { maxItems: 200 }),
    vote: Type.Union([
      Type.Object(
        {
          for: count,
          against: count,
          abstain: count,
          outcome: Type.String({ maxLength: 1000 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

export type MeetingAdjustment = Static<typeof MeetingAdjustmentSchema>;
export type MeetingRecord = Static<typeof MeetingRecordSchema>;

/** The stages whose versions carry a meeting record: réunion des salariés and AG. */
export const RECORD_STAGES: readonly Stage[] = ['staff-meeting', 'general-assembly'];

/** An empty record to start from. */
export function emptyRecord(): MeetingRecord {
  return {
    heldOn: null,
    present: null,
    represented: null,
    debate: '',
    adjustments: [],
    vote: null,
  };
}

/** A record with the version it belongs to, as frozen into later versions and printed. */
export interface MeetingRecordEntry {
  versionId: string;
  versionLabel: string;
  stage: Stage;
  record: MeetingRecord;
  /** Labels of the rows and actions the adjustments point to, resolved when frozen (id → label). */
  labels?: Record<string, string>;
}
