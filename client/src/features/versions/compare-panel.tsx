/**
 * What changed since a version: compared with the live cycle or another version, per row the
 * cells that changed (old → new, changed words highlighted), rows added, removed and moved, themes
 * whose retention changed, actions whose status changed, sections changed; filter by theme;
 * "ce qui a changé" as PDF and Excel.
 */
import { useEffect, useState } from 'react';
import {
  filterByTheme,
  wordDiff,
  type CellValue,
  type ComparedRowField,
  type CycleModel,
  type VersionComparison,
} from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { DiffSide, useShowCell } from './cell-diff.tsx';
import type * as Y from 'yjs';
import { RowRestoreDialog } from './row-restore-dialog.tsx';
import { changesFile, versionsApi, type Version } from './versions-api.ts';

function Highlighted({ before, after }: { before: string; after: string }) {
  const { t } = useI18n();
  const pieces = wordDiff(before, after);
  return (
    <div className="diff">
      <p className="diff-before">
        <span className="visually-hidden">{t('versions.before')} </span>
        <DiffSide pieces={pieces} side="before" text={before} />
      </p>
      <p className="diff-after">
        <span className="visually-hidden">{t('versions.after')} </span>
        <DiffSide pieces={pieces} side="after" text={after} />
      </p>
    </div>
  );
}

export function ComparePanel({
  version,
  cycleId,
  model,
  restoreInto,
}: {
  version: Version;
  cycleId: string;
  model: CycleModel;
  /** Offer "restore this row" (pilotes): the live cycle, for the row's preview. */
  restoreInto?: { model: CycleModel; doc: Y.Doc } | undefined;
}) {
  const { t } = useI18n();
  const [other, setOther] = useState('live');
  const [theme, setTheme] = useState('');
  const [versions, setVersions] = useState<Version[]>([]);
  const [result, setResult] = useState<VersionComparison | { error: string } | null>(null);
  const [restoring, setRestoring] = useState<{ rowId: string; place: string } | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    versionsApi.list(cycleId).then(
      (list) => setVersions(list.filter((item) => item.id !== version.id)),
      () => setVersions([]),
    );
  }, [cycleId, version.id]);

  useEffect(() => {
    let live = true;
    setResult(null);
    versionsApi.compare(version.id, other).then(
      (comparison) => live && setResult(comparison),
      (caught: unknown) => live && setResult({ error: errorMessage(caught, t) }),
    );
    return () => {
      live = false;
    };
  }, [version.id, other, t, round]);

  const show = useShowCell();

  const comparison =
    result && !('error' in result) && theme ? filterByTheme(result, theme) : result;
  const themeTitle = (id: string | null) => {
    const found = model.themes.find((item) => item.id === id);
    return found ? `${found.number}. ${found.title}` : t('versions.noTheme');
  };

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">{t('versions.compareTitle', { label: version.label })}</h3>
      <div className="row">
        <label>
          {t('versions.compareWith')}
          <select value={other} onChange={(event) => setOther(event.target.value)}>
            <option value="live">{t('versions.live')}</option>
            {versions.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('versions.filterTheme')}
          <select value={theme} onChange={(event) => setTheme(event.target.value)}>
            <option value="">{t('versions.allThemes')}</option>
            {model.themes.map((item) => (
              <option key={item.id} value={item.id}>
                {item.number}. {item.title}
              </option>
            ))}
          </select>
        </label>
        <a href={changesFile(version.id, other, 'pdf')}>{t('versions.changesPdf')}</a>
        <a href={changesFile(version.id, other, 'xlsx')}>{t('versions.changesXlsx')}</a>
      </div>
      {restoring && restoreInto && (
        <RowRestoreDialog
          cycleId={cycleId}
          rowId={restoring.rowId}
          place={restoring.place}
          live={restoreInto.model}
          doc={restoreInto.doc}
          initialVersionId={version.id}
          onClose={() => setRestoring(null)}
          onRestored={() => setRound((value) => value + 1)}
        />
      )}
      {!comparison ? (
        <p role="status">{t('common.loading')}</p>
      ) : 'error' in comparison ? (
        <p role="alert" className="field-error">
          {comparison.error}
        </p>
      ) : (
        <ComparisonList
          comparison={comparison}
          show={show}
          themeTitle={themeTitle}
          onRestoreRow={
            restoreInto && other === 'live'
              ? (rowId) => {
                  const info = (comparison as VersionComparison).rows[rowId];
                  setRestoring({
                    rowId,
                    place: t('rowRestore.deletedPlace', {
                      label: info?.label || t('versions.untitledRow'),
                      domain: info?.domainNumber ?? '',
                    }),
                  });
                }
              : undefined
          }
        />
      )}
    </section>
  );
}

function ComparisonList({
  comparison,
  show,
  themeTitle,
  onRestoreRow,
}: {
  comparison: VersionComparison;
  show(field: ComparedRowField, value: CellValue): string;
  themeTitle(id: string | null): string;
  /** Restore one row from the version (rows that exist in it). */
  onRestoreRow?: (rowId: string) => void;
}) {
  const { t } = useI18n();
  const rowIds = [
    ...new Set([
      ...comparison.cells.map((cell) => cell.rowId),
      ...comparison.rowsAdded,
      ...comparison.rowsRemoved,
      ...comparison.rowsMoved,
    ]),
  ];
  const nothing =
    rowIds.length === 0 &&
    comparison.themes.length === 0 &&
    comparison.actions.length === 0 &&
    comparison.sections.length === 0;
  if (nothing) return <p className="empty">{t('versions.noChange')}</p>;
  const status = (id: string) =>
    comparison.rowsAdded.includes(id)
      ? t('versions.rowAdded')
      : comparison.rowsRemoved.includes(id)
        ? t('versions.rowRemoved')
        : comparison.rowsMoved.includes(id)
          ? t('versions.rowMoved')
          : '';
  return (
    <div className="comparison">
      <p role="status">
        {t('versions.summary', {
          cells: comparison.cells.length,
          added: comparison.rowsAdded.length,
          removed: comparison.rowsRemoved.length,
          moved: comparison.rowsMoved.length,
        })}
      </p>
      {comparison.themes.length > 0 && (
        <ul className="plain-list">
          {comparison.themes.map((theme) => (
            <li key={theme.themeId}>
              {t('versions.themeChange', {
                theme: `${theme.number}. ${theme.title}`,
                before: theme.before ? t('versions.retained') : t('versions.notRetained'),
                after: theme.after ? t('versions.retained') : t('versions.notRetained'),
              })}
            </li>
          ))}
        </ul>
      )}
      <ul className="plain-list changed-rows">
        {rowIds.map((id) => {
          const info = comparison.rows[id];
          return (
            <li key={id} className="changed-row" data-row-id={id}>
              <h4>
                <span className="muted">{themeTitle(info?.themeId ?? null)} · </span>
                {info?.domainNumber ? `${info.domainNumber} — ` : ''}
                {info?.label || t('versions.untitledRow')}{' '}
                {status(id) && <span className="badge">{status(id)}</span>}{' '}
                {onRestoreRow && !comparison.rowsAdded.includes(id) && (
                  <button type="button" aria-haspopup="dialog" onClick={() => onRestoreRow(id)}>
                    {t('rowRestore.menu')}
                  </button>
                )}
              </h4>
              {comparison.cells
                .filter((cell) => cell.rowId === id)
                .map((cell) => (
                  <div key={cell.field} className="changed-cell">
                    <p className="muted">{t(`versions.field.${cell.field}`)}</p>
                    <Highlighted
                      before={show(cell.field, cell.before)}
                      after={show(cell.field, cell.after)}
                    />
                  </div>
                ))}
            </li>
          );
        })}
      </ul>
      {comparison.actions.length > 0 && (
        <>
          <h4>{t('versions.actions')}</h4>
          <ul className="plain-list">
            {comparison.actions.map((action) => (
              <li key={action.actionId}>
                {action.title}: {t(`versions.status.${action.before}`)} →{' '}
                {t(`versions.status.${action.after}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      {comparison.sections.length > 0 && (
        <>
          <h4>{t('versions.sections')}</h4>
          {comparison.sections.map((section) => (
            <div key={section.sectionId} className="changed-section">
              <p>
                <strong>{section.title || t('versions.untitledRow')}</strong> —{' '}
                {t(`versions.section.${section.change}`)}
              </p>
              {section.paragraphs
                .filter((piece) => piece.op !== 0)
                .map((piece, index) =>
                  piece.op === 1 ? (
                    <p key={index}>
                      <ins>{piece.text}</ins>
                    </p>
                  ) : (
                    <p key={index}>
                      <del>{piece.text}</del>
                    </p>
                  ),
                )}
            </div>
          ))}
        </>
      )}
    </div>
  );
}
