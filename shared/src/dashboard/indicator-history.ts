/**
 * An indicator's history across the cycles of one organisation (issue 15). A row carried to next
 * year's cycle gets a new id but remembers its source (`previous.sourceRowId`, set by
 * `cycleFromPrevious`): the history follows that lineage backwards and forwards.
 */
import type { CycleModel, Nature, Row } from '../schema/cycle.types.ts';

/** One year of a row: what was measured and aimed at. */
export interface HistoryPoint {
  year: number;
  cycleId: string;
  rowId: string;
  label: string;
  nature: Nature;
  /** État des lieux text. */
  baseline: string;
  /** Measured value, when known. */
  value: number | null;
  unit: string;
  target1y: string;
  target3y: string;
}

export interface HistoryCycle {
  cycleId: string;
  model: CycleModel;
}

const point = (cycle: HistoryCycle, row: Row): HistoryPoint => ({
  year: cycle.model.meta.year,
  cycleId: cycle.cycleId,
  rowId: row.id,
  label: row.label,
  nature: row.nature,
  baseline: row.baseline,
  value: row.baselineValue,
  unit: row.unit,
  target1y: row.target1y,
  target3y: row.target3y,
});

/**
 * The history of row `rowId` of cycle `cycleId` among `cycles` (the organisation's cycles, any
 * order), oldest year first; empty when the row is not found. A year whose cycle was started from
 * the template (no lineage) ends the chain.
 */
export function indicatorHistory(
  cycles: HistoryCycle[],
  cycleId: string,
  rowId: string,
): HistoryPoint[] {
  const start = cycles.find((cycle) => cycle.cycleId === cycleId);
  const startRow = start?.model.rows.find((row) => row.id === rowId);
  if (!start || !startRow) return [];
  const byYear = new Map(cycles.map((cycle) => [cycle.model.meta.year, cycle]));
  const points = [point(start, startRow)];

  // Backwards: each row names its source in the year it was carried from.
  let row: Row | undefined = startRow;
  const seen = new Set([`${start.cycleId}:${startRow.id}`]);
  while (row?.previous?.sourceRowId) {
    const source = byYear.get(row.previous.year);
    const sourceId: string = row.previous.sourceRowId;
    row = source?.model.rows.find((candidate) => candidate.id === sourceId);
    if (!source || !row || seen.has(`${source.cycleId}:${row.id}`)) break;
    seen.add(`${source.cycleId}:${row.id}`);
    points.unshift(point(source, row));
  }

  // Forwards: the row of a later cycle whose source is the current one.
  let current = { year: start.model.meta.year, rowId: startRow.id };
  for (;;) {
    const next = [...byYear.values()]
      .filter((cycle) => cycle.model.meta.year > current.year)
      .sort((a, b) => a.model.meta.year - b.model.meta.year)
      .map((cycle) => ({
        cycle,
        row: cycle.model.rows.find(
          (candidate) =>
            candidate.previous?.sourceRowId === current.rowId &&
            candidate.previous.year === current.year,
        ),
      }))
      .find((match) => match.row !== undefined);
    if (!next?.row || seen.has(`${next.cycle.cycleId}:${next.row.id}`)) break;
    seen.add(`${next.cycle.cycleId}:${next.row.id}`);
    points.push(point(next.cycle, next.row));
    current = { year: next.cycle.model.meta.year, rowId: next.row.id };
  }
  return points;
}
