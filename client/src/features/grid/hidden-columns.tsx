/**
 * Columns a person hides in the grid (meeting room, issue 9): chosen from the « Colonnes » menu in
 * the header of the last column, remembered in this browser. The row label and the actions column
 * cannot be hidden; hidden cells are skipped by the arrow keys.
 */
import { useCallback, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { MenuPopup } from '../../app/menu.tsx';
import { COLUMNS, type ColumnId } from './grid-lines.ts';

const HIDDEN_KEY = 'pilotis.hiddenColumns';
/** Always shown: a row must keep its name and its menu. */
const FIXED: ColumnId[] = ['label', 'actions'];
export const HIDEABLE = COLUMNS.filter((column) => !FIXED.includes(column.id));

function load(): Set<ColumnId> {
  try {
    const saved = JSON.parse(localStorage.getItem(HIDDEN_KEY) ?? '[]') as unknown;
    if (Array.isArray(saved)) {
      return new Set(HIDEABLE.map((c) => c.id).filter((id) => saved.includes(id)));
    }
  } catch {
    // Nothing saved: every column shows.
  }
  return new Set();
}

export function useHiddenColumns() {
  const [hidden, setHidden] = useState(load);
  const toggle = useCallback((id: ColumnId) => {
    if (FIXED.includes(id)) return;
    setHidden((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      try {
        localStorage.setItem(HIDDEN_KEY, JSON.stringify([...next]));
      } catch {
        // Not remembered in private browsing.
      }
      return next;
    });
  }, []);
  return { hidden, toggle };
}

/** The « Colonnes » menu button: one checkbox item per column that can be hidden. */
export function ColumnsMenu({
  hidden,
  toggle,
}: {
  hidden: Set<ColumnId>;
  toggle(id: ColumnId): void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        ref={button}
        className="columns-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('grid.columnsMenu')}
        title={t('grid.columnsMenu')}
        onClick={() => setOpen((value) => !value)}
      >
        ☰
      </button>
      {open && (
        <MenuPopup anchor={button} label={t('grid.columnsMenu')} onClose={close}>
          {HIDEABLE.map((column) => (
            <button
              key={column.id}
              type="button"
              role="menuitemcheckbox"
              aria-checked={!hidden.has(column.id)}
              onClick={() => toggle(column.id)}
            >
              <span aria-hidden="true">{hidden.has(column.id) ? '☐' : '☑'}</span> {t(column.label)}
            </button>
          ))}
        </MenuPopup>
      )}
    </>
  );
}
