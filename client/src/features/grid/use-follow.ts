/**
 * "Suivre" both ways: scroll to the row the followed participant is on, and publish the row at the
 * top of this screen for those who follow us.
 */
import { useEffect, useMemo } from 'react';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { GridLine } from './grid-lines.ts';
import type { Participant } from '../presence/use-presence.ts';

/** Delay before publishing the top row, so a scroll publishes once it settles. */
const PUBLISH_DELAY_MS = 150;

/** Brings the followed participant's row (or the row at the top of their view) into this screen. */
export function useFollowScroll(
  participants: Participant[],
  following: number | null,
  lineIndex: Map<string, number>,
  scrollToIndex: (index: number) => void,
) {
  const followed = participants.find((p) => p.clientId === following);
  const followedRow = followed?.cell?.id ?? followed?.viewRowId ?? null;
  useEffect(() => {
    if (!followedRow) return;
    const index =
      lineIndex.get(`r:${followedRow}`) ??
      lineIndex.get(`d:${followedRow}`) ??
      lineIndex.get(`t:${followedRow}`);
    if (index !== undefined) scrollToIndex(index);
  }, [followedRow, lineIndex, scrollToIndex]);
}

/** Publishes (through `onViewRowChange`) the first row visible at the top of the scroll window. */
export function usePublishTopRow(
  items: VirtualItem[],
  lines: GridLine[],
  scrollTop: number,
  onViewRowChange: (rowId: string | null) => void,
) {
  const topRowId = useMemo(() => {
    for (const item of items) {
      const line = lines[item.index];
      if (item.end > scrollTop && line?.type === 'row') return line.row.id;
    }
    return null;
  }, [items, lines, scrollTop]);
  useEffect(() => {
    const timer = setTimeout(() => onViewRowChange(topRowId), PUBLISH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [topRowId, onViewRowChange]);
}
