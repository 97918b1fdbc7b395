import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { Author } from '@pilotis/shared';
import type { Participant } from '../presence/use-presence.ts';

/** What every line and cell of the grid needs, without threading it through props. */
export interface GridContextValue {
  doc: Y.Doc;
  /** Run edits as this person's (undoable) transaction. */
  edit(change: () => void): void;
  author: Author;
  /** Remote participants by cell key (`<entity id>:<field>`). */
  presenceByCell: Map<string, Participant[]>;
  readOnly: boolean;
  openPanel(rowId: string): void;
  /** Move the keyboard focus to a cell of a line (by key), optionally into its editor. */
  focusCell(lineKey: string, col: number, edit?: boolean): void;
  /** Before a line is removed: move the focus to the line after it (else before it), same column. */
  focusNextLine(lineKey: string, col: number): void;
  /** The line key and column of the active cell (the one Tab stops on). */
  active: { key: string; col: number };
  /** Tell the person what just happened (screen readers and a toast); `undoable` adds « Annuler ». */
  announce(message: string, undoable?: boolean): void;
  /** « Restaurer depuis une version… » for a row (pilotes only; absent otherwise). */
  restoreRow?(rowId: string, place: string): void;
}

export const GridContext = createContext<GridContextValue | null>(null);

export function useGrid(): GridContextValue {
  const value = useContext(GridContext);
  if (!value) throw new Error('useGrid outside GridContext');
  return value;
}

export function cellKey(id: string, field: string): string {
  return `${id}:${field}`;
}
