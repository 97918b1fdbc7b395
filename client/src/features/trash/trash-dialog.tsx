/**
 * The Corbeille of a cycle: rows and domains deleted in the last 30 days, with who deleted them
 * and when; anyone with edit rights restores them (as one undoable step of their own).
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readTrash, restore, TRASH_DAYS, type TrashItem } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { Modal } from '../files/files.tsx';

/** The Corbeille dialog; `edit` runs the restore as this person's undoable change. */
export function TrashDialog({
  doc,
  edit,
  readOnly,
  onClose,
  onRestoreFromVersion,
}: {
  doc: Y.Doc;
  edit(change: () => void): void;
  readOnly: boolean;
  onClose(): void;
  /** Pilotes: restore a deleted row as a version had it, with a preview (issue 13). */
  onRestoreFromVersion?(rowId: string, place: string): void;
}) {
  const { t } = useI18n();
  const [items, setItems] = useState<TrashItem[]>(() => readTrash(doc));
  useEffect(() => {
    const refresh = () => setItems(readTrash(doc));
    doc.on('afterTransaction', refresh);
    return () => doc.off('afterTransaction', refresh);
  }, [doc]);
  const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Modal title={t('trash.title')} onClose={onClose}>
      <p className="hint">{t('trash.hint', { days: TRASH_DAYS })}</p>
      {items.length === 0 ? (
        <p>{t('trash.empty')}</p>
      ) : (
        <ul className="trash-list">
          {items.map((item) => (
            <li key={item.id}>
              <span>
                <strong>
                  {item.kind === 'domain'
                    ? t('trash.domain', { place: item.place, count: item.rowCount })
                    : t('trash.row', { place: item.place })}
                </strong>{' '}
                {item.label || t('trash.untitled')}
                <br />
                <small>
                  {t('trash.deletedBy', {
                    name: item.deletedBy || t('trash.someone'),
                    date: date.format(item.deletedAt),
                  })}
                </small>
              </span>
              {!readOnly && (
                <button
                  type="button"
                  onClick={() =>
                    edit(() => restore(doc, item.kind === 'row' ? 'row' : 'domain', item.id))
                  }
                >
                  {t('trash.restore')}
                </button>
              )}
              {onRestoreFromVersion && item.kind === 'row' && (
                <button
                  type="button"
                  onClick={() =>
                    onRestoreFromVersion(
                      item.id,
                      t('rowRestore.deletedPlace', {
                        label: item.label || t('trash.untitled'),
                        domain: item.place,
                      }),
                    )
                  }
                >
                  {t('rowRestore.fromTrash')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
