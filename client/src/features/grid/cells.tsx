/**
 * Grid cells. Every cell is a focusable gridcell (roving tabindex) holding at most one editor:
 * arrows move between cells, Enter/F2 go into the editor, Esc comes back out.
 */
import type { ReactNode } from 'react';
import type * as Y from 'yjs';
import { CollabText } from '../../collab/collab-text.tsx';
import { cellKey, useGrid } from './grid-context.ts';

export interface CellPosition {
  line: number;
  lineKey: string;
  col: number;
}

interface CellProps extends CellPosition {
  /** Entity id and field, for presence ("who is in this cell"). */
  entityId: string;
  field: string;
  label: string;
  /** The column's name, shown above the field when the row is laid out as a card (narrow screens). */
  columnName?: string;
  className?: string;
  children?: ReactNode;
  invalid?: boolean;
  /**
   * The cell holds a labelled control with visible text (a select, a switch): the cell takes its
   * name from that content instead of `label`, so the name a screen reader says matches what is
   * on screen (WCAG 2.5.3).
   */
  nameFromContent?: boolean;
}

export function Cell({
  line,
  lineKey,
  col,
  entityId,
  field,
  label,
  columnName,
  className,
  children,
  invalid,
  nameFromContent,
}: CellProps) {
  const { active, presenceByCell } = useGrid();
  const isActive = active.key === lineKey && active.col === col;
  const here = presenceByCell.get(cellKey(entityId, field)) ?? [];
  const first = here[0];
  return (
    <div
      role="gridcell"
      aria-colindex={col + 1}
      // Who is in the cell is part of its name: the name tags are visible text of the cell.
      aria-label={
        nameFromContent
          ? undefined
          : here.length > 0
            ? `${label} (${here.map((p) => p.user.name).join(', ')})`
            : label
      }
      aria-invalid={invalid || undefined}
      data-line={line}
      data-col={col}
      data-cell={cellKey(entityId, field)}
      data-column={columnName}
      data-presence={here.map((p) => p.user.name).join(', ') || undefined}
      tabIndex={isActive ? 0 : -1}
      className={`cell${className ? ` ${className}` : ''}${first ? ' cell-presence' : ''}${invalid ? ' cell-invalid' : ''}`}
      style={first ? ({ '--presence-color': first.user.color } as React.CSSProperties) : undefined}
    >
      {children}
      {here.length > 0 && (
        // The names are drawn by CSS from data-name: the cell's name already says who is there,
        // and text nodes inside the cell would be "visible text" missing from that name (WCAG
        // 2.5.3) wherever the cell's editor shows text the name does not repeat.
        <span className="presence-tags" aria-hidden="true">
          {here.map((participant) => (
            <span
              key={participant.clientId}
              className="presence-tag"
              data-name={participant.user.name}
              style={{ background: participant.user.color }}
            />
          ))}
        </span>
      )}
    </div>
  );
}

/** A cell whose content is collaborative text. */
export function TextCell(
  props: Omit<CellProps, 'children'> & { text: Y.Text; placeholder?: string },
) {
  const { readOnly } = useGrid();
  const { text, placeholder, ...cell } = props;
  return (
    <Cell {...cell}>
      <CollabText
        text={text}
        className="cell-text"
        tabIndex={-1}
        aria-label={cell.label}
        placeholder={placeholder}
        readOnly={readOnly}
      />
    </Cell>
  );
}
