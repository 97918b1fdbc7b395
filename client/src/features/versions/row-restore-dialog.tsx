/**
 * « Restaurer depuis une version… » for one row (pilotes): choose one of the cycle's versions
 * (named, before-restore and automatic ones, newest first), see per cell what is there now and what
 * the version has (changed words highlighted, as in the comparison) and what would happen (nothing,
 * cells changed, the row re-created, its domain brought back), then restore through the versions
 * route — which freezes the current state first and applies the row as a live edit. The way back
 * is that « Avant restauration du … » version, offered right after.
 *
 * Opened from the grid's row menu, from the comparison of a version (rows deleted since) and from
 * the Corbeille.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  isDeleted,
  previewRowRestore,
  wordDiff,
  type CycleModel,
  type RowRestorePreview,
} from '@pilotis/shared';
import { Dialog } from '../../app/dialog.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { DiffSide, useShowCell } from './cell-diff.tsx';
import { dateTimeFr } from './frozen-version.tsx';
import { versionsApi, type Version } from './versions-api.ts';
import './versions.css';

type Frozen = { model: CycleModel } | { error: string };

export function RowRestoreDialog({
  cycleId,
  rowId,
  place,
  live,
  doc,
  initialVersionId = '',
  onClose,
  onRestored,
}: {
  cycleId: string;
  rowId: string;
  /** How the row is named in the title: "1.1 n° 2", or "« its label »" for a row deleted since. */
  place: string;
  /** The live cycle's model (kept current: the preview follows others' edits). */
  live: CycleModel;
  /** The live document, to tell a row in the Corbeille from one gone altogether. */
  doc: Y.Doc;
  initialVersionId?: string;
  onClose(): void;
  /** After a restore (the message is also shown in the dialog). */
  onRestored?(message: string): void;
}) {
  const { t } = useI18n();
  const [versions, setVersions] = useState<Version[] | { error: string } | null>(null);
  const [versionId, setVersionId] = useState(initialVersionId);
  const [frozen, setFrozen] = useState<Map<string, Frozen>>(() => new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState<{ safety: Version | null; outcome: string } | null>(null);
  const [round, setRound] = useState(0);
  const selectId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const afterRef = useRef<HTMLButtonElement>(null);
  const listed = Array.isArray(versions);
  // The list arrives after the dialog opened (on its ✕): the choice of a version is the first step.
  useEffect(() => {
    if (listed) selectRef.current?.focus();
  }, [listed]);

  useEffect(() => {
    let current = true;
    versionsApi.list(cycleId, true).then(
      (list) => current && setVersions(list),
      (caught: unknown) => current && setVersions({ error: errorMessage(caught, t) }),
    );
    return () => {
      current = false;
    };
  }, [cycleId, t, round]);

  // A version's frozen state never changes: read once per version, kept while the dialog is open.
  useEffect(() => {
    if (!versionId || frozen.has(versionId)) return;
    let current = true;
    versionsApi.state(versionId).then(
      ({ doc: frozenDoc, model }) => {
        frozenDoc.destroy();
        if (current) setFrozen((map) => new Map(map).set(versionId, { model }));
      },
      (caught: unknown) =>
        current &&
        setFrozen((map) => new Map(map).set(versionId, { error: errorMessage(caught, t) })),
    );
    return () => {
      current = false;
    };
  }, [versionId, frozen, t]);

  const chosen = Array.isArray(versions)
    ? versions.find((item) => item.id === versionId)
    : undefined;
  const state = versionId ? frozen.get(versionId) : undefined;
  const preview = useMemo(
    () => (state && 'model' in state ? previewRowRestore(live, state.model, rowId) : null),
    [state, live, rowId],
  );
  const inTrash = isDeleted(doc, 'row', rowId);
  const canRestore = preview?.outcome === 'update' || preview?.outcome === 'recreate';

  const restore = async () => {
    if (!chosen || !preview) return;
    setBusy(true);
    setError('');
    try {
      const { safetyVersionId } = await versionsApi.restore(chosen.id, { kind: 'row', id: rowId });
      const safety = await versionsApi.get(safetyVersionId).catch(() => null);
      const label = safety?.label ?? '';
      const message = t('rowRestore.done', { label });
      setDone({ safety, outcome: preview.outcome });
      setRound((value) => value + 1);
      onRestored?.(message);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  // Done: the button that had the focus is gone; the next step (go back, or close) takes it.
  useEffect(() => {
    if (done) afterRef.current?.focus();
  }, [done]);

  const goBack = () => {
    if (!done?.safety) return;
    setVersionId(done.safety.id);
    setDone(null);
  };

  return (
    <Dialog
      title={t('rowRestore.title', { place })}
      onClose={onClose}
      className="row-restore-dialog"
    >
      {versions === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : 'error' in versions ? (
        <p role="alert" className="field-error">
          {versions.error}
        </p>
      ) : versions.length === 0 ? (
        <p>{t('rowRestore.noVersion')}</p>
      ) : (
        <p>
          <label htmlFor={selectId}>{t('rowRestore.version')}</label>{' '}
          <select
            id={selectId}
            ref={selectRef}
            value={versionId}
            onChange={(event) => {
              setVersionId(event.target.value);
              setDone(null);
              setError('');
            }}
          >
            <option value="">{t('rowRestore.choose')}</option>
            {versions.map((item) => (
              <option key={item.id} value={item.id}>
                {t('rowRestore.option', {
                  label: item.label,
                  stage: t(`stage.${item.stage}`),
                  date: dateTimeFr.format(new Date(item.createdAt)),
                })}
                {item.kind !== 'named' ? ` (${t(`versions.kind.${item.kind}`)})` : ''}
              </option>
            ))}
          </select>
        </p>
      )}

      {versionId && !state && <p role="status">{t('rowRestore.loadingVersion')}</p>}
      {state && 'error' in state && (
        <p role="alert" className="field-error">
          {state.error}
        </p>
      )}
      <div aria-live="polite">
        {preview && chosen && !done && (
          <Outcome preview={preview} label={chosen.label} inTrash={inTrash} />
        )}
        {done && (
          <div className="notice" role="status">
            <p>{t('rowRestore.done', { label: done.safety?.label ?? '' })}</p>
            <p>
              {t(done.outcome === 'recreate' ? 'rowRestore.undoRecreated' : 'rowRestore.undoHint', {
                label: done.safety?.label ?? '',
              })}
            </p>
          </div>
        )}
      </div>
      {preview && preview.outcome !== 'absent' && !done && <PreviewTable preview={preview} />}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {canRestore && !done && <p className="hint">{t('rowRestore.how')}</p>}
      <div className="dialog-actions">
        {done?.safety && done.outcome !== 'recreate' && (
          <button type="button" ref={afterRef} onClick={goBack}>
            {t('rowRestore.undo')}
          </button>
        )}
        {canRestore && !done && (
          <button type="button" className="primary" disabled={busy} onClick={() => void restore()}>
            {busy ? t('rowRestore.restoring') : t('rowRestore.confirm')}
          </button>
        )}
        <button
          type="button"
          ref={done && (!done.safety || done.outcome === 'recreate') ? afterRef : undefined}
          onClick={onClose}
        >
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** What the restore would do, in one or two sentences. */
function Outcome({
  preview,
  label,
  inTrash,
}: {
  preview: RowRestorePreview;
  label: string;
  inTrash: boolean;
}) {
  const { t } = useI18n();
  const changed = preview.cells.filter((cell) => cell.changed).length;
  return (
    <div
      className={`row-restore-outcome outcome-${preview.outcome}`}
      data-outcome={preview.outcome}
    >
      {preview.outcome === 'absent' && <p>{t('rowRestore.absent', { label })}</p>}
      {preview.outcome === 'same' && <p>{t('rowRestore.same', { label })}</p>}
      {preview.outcome === 'update' && (
        <p>
          {t('rowRestore.update', { count: changed, label })}
          {preview.moved && ` ${t('rowRestore.moved', { domain: preview.domainNumber })}`}
        </p>
      )}
      {preview.outcome === 'recreate' && (
        <p>
          {t(inTrash ? 'rowRestore.recreateTrash' : 'rowRestore.recreate', { label })}
          {preview.domainRestored &&
            ` ${t('rowRestore.domainRestored', { domain: preview.domainNumber })}`}
        </p>
      )}
    </div>
  );
}

/** Per compared column: the value now and the version's, changed words highlighted. */
function PreviewTable({ preview }: { preview: RowRestorePreview }) {
  const { t } = useI18n();
  const show = useShowCell();
  return (
    <table className="row-restore-preview">
      <caption>{t('rowRestore.previewTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rowRestore.field')}</th>
          <th scope="col">{t('rowRestore.current')}</th>
          <th scope="col">{t('rowRestore.inVersion')}</th>
        </tr>
      </thead>
      <tbody>
        {preview.cells.map((cell) => {
          const now = show(cell.field, cell.current);
          const then = show(cell.field, cell.version);
          const pieces = wordDiff(now, then);
          const gone = preview.outcome === 'recreate';
          return (
            <tr key={cell.field} className={cell.changed ? 'changed' : 'unchanged'}>
              <th scope="row">
                {t(`versions.field.${cell.field}`)}
                {!cell.changed && !gone && (
                  <span className="muted"> — {t('rowRestore.unchanged')}</span>
                )}
              </th>
              <td className="diff-before">
                {gone ? (
                  <em className="muted">{t('rowRestore.deleted')}</em>
                ) : cell.changed ? (
                  <DiffSide pieces={pieces} side="before" text={now} />
                ) : (
                  now || <em className="muted">{t('versions.empty')}</em>
                )}
              </td>
              <td className="diff-after">
                {cell.changed && !gone ? (
                  <DiffSide pieces={pieces} side="after" text={then} />
                ) : (
                  then || <em className="muted">{t('versions.empty')}</em>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
