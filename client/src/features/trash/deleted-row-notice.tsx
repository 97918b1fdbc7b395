/**
 * When someone deletes the row this person is typing in, the row leaves the grid but its texts
 * stay in the document: this notice says who deleted it, keeps an editor on the same cell (focus
 * and caret where they were) so the rest of the sentence goes into the row, and offers
 * « Restaurer ». Nothing typed is lost, restored or not.
 */
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { deletedBy, isDeleted, restore, rowText, type RowTextField } from '@pilotis/shared';
import { CollabText, LOCAL_ORIGIN } from '../../collab/collab-text.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import './trash.css';

const TEXT_FIELDS: readonly string[] = [
  'label',
  'baseline',
  'target1y',
  'target3y',
  'notTreatedReason',
  'sources',
];

interface Orphan {
  rowId: string;
  field: RowTextField;
  by: string;
  caret: number;
}

/** The notice; mount it once per open cycle. */
export function DeletedRowNotice({ doc, edit }: { doc: Y.Doc; edit(change: () => void): void }) {
  const { t } = useI18n();
  const [orphan, setOrphan] = useState<Orphan | null>(null);
  const editorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Runs synchronously when the remote delete arrives, before the grid drops the row: the
    // focused editor still tells which row, field and caret the person was in.
    const handle = (_events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const active = document.activeElement;
      const cell = active?.closest<HTMLElement>('[data-cell]')?.dataset.cell;
      if (!cell || !(active instanceof HTMLTextAreaElement)) return;
      const [rowId, field] = cell.split(':');
      if (!rowId || !field || !TEXT_FIELDS.includes(field)) return;
      if (!isDeleted(doc, 'row', rowId)) return;
      setOrphan({
        rowId,
        field: field as RowTextField,
        by: deletedBy(doc, rowId) ?? '',
        caret: active.selectionEnd,
      });
    };
    const rows = doc.getMap('rows');
    const domains = doc.getMap('domains');
    rows.observeDeep(handle);
    domains.observeDeep(handle);
    return () => {
      rows.unobserveDeep(handle);
      domains.unobserveDeep(handle);
    };
  }, [doc]);

  // Restored (here or by someone else): the row is back in the grid, the notice goes.
  useEffect(() => {
    if (!orphan) return;
    const check = () => {
      if (!isDeleted(doc, 'row', orphan.rowId)) setOrphan(null);
    };
    doc.on('afterTransaction', check);
    return () => doc.off('afterTransaction', check);
  }, [doc, orphan]);

  useEffect(() => {
    const textarea = editorRef.current?.querySelector('textarea');
    if (!orphan || !textarea) return;
    textarea.focus();
    textarea.setSelectionRange(orphan.caret, orphan.caret);
  }, [orphan]);

  if (!orphan) return null;
  const name = orphan.by || t('trash.someone');
  return (
    <div className="deleted-row-notice" role="alert" ref={editorRef}>
      <p>
        {t('trash.rowDeletedBy', { name })}{' '}
        <button type="button" onClick={() => edit(() => restore(doc, 'row', orphan.rowId))}>
          {t('trash.restore')}
        </button>
      </p>
      <CollabText
        text={rowText(doc, orphan.rowId, orphan.field)}
        aria-label={t('trash.keepTyping')}
        rows={3}
      />
    </div>
  );
}
