/**
 * The import dialog: upload a workbook, see per cell what the file would change — new cells
 * (filled), same ones, and conflicts with the live text and the file's text side by side (the live
 * text stays unless the person ticks the file's version, per cell or for all) — then confirm.
 * With the cycle open, this tab applies the merge itself in one transaction of its own origin:
 * the person's Annuler undoes the whole import, and only it.
 */
import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import {
  applyImport,
  type ImportCell,
  type ImportChoices,
  type ImportContent,
  type ImportPlan,
  type ImportSummary,
} from '@pilotis/shared';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../home/home-page.tsx';
import { Modal } from './files.tsx';
import './import-dialog.css';

interface ImportPreview {
  importId: string;
  sheetName: string;
  rows: number;
  actionSheetName: string | null;
  actions: number;
  preview: ImportSummary & Pick<ImportPlan, 'cells' | 'newRows' | 'newDomains' | 'newActions'>;
  content: ImportContent;
  warnings: string[];
}

/** The live document and this tab's undoable edit, when the cycle is open. */
export interface ImportTarget {
  doc: Y.Doc;
  /** Runs a change as one undo step of this person (useUndo's `edit`). */
  edit(change: () => void): void;
}

async function failure(response: Response, t: Translate): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return body?.message ?? t('error.unexpected');
}

function errorText(caught: unknown, t: Translate): string {
  return caught instanceof ApiError && caught.message ? caught.message : errorMessage(caught, t);
}

const FIELD_KEYS = {
  baseline: 'import.field.baseline',
  target1y: 'import.field.target1y',
  target3y: 'import.field.target3y',
  baselineValue: 'import.field.baselineValue',
  unit: 'import.field.unit',
  treated: 'import.field.treated',
  notTreatedReason: 'import.field.notTreatedReason',
  sources: 'import.field.sources',
  notRetainedReason: 'import.field.notRetainedReason',
  'action.description': 'import.field.action.description',
  'action.owner': 'import.field.action.owner',
  'action.budget': 'import.field.action.budget',
  'action.budgetSpent': 'import.field.action.budgetSpent',
  'action.startDate': 'import.field.action.startDate',
  'action.dueDate': 'import.field.action.dueDate',
  'action.quarter': 'import.field.action.quarter',
  'action.status': 'import.field.action.status',
  'action.abandonReason': 'import.field.action.abandonReason',
  'action.notes': 'import.field.action.notes',
  'action.rowIds': 'import.field.action.rowIds',
} as const satisfies Record<ImportCell['field'], string>;

function CellPlace({ cell }: { cell: ImportCell }) {
  const { t } = useI18n();
  return (
    <span className="import-cell-place">
      <strong>{cell.place}</strong> {cell.label} — {t(FIELD_KEYS[cell.field])}
    </span>
  );
}

/** The import dialog; see the module comment. */
export function ImportDialog({
  cycleId,
  target,
  onClose,
}: {
  cycleId: string;
  target?: ImportTarget | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [takeAll, setTakeAll] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [done, setDone] = useState('');

  const handleUpload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      if (file.size > 10 * 1024 * 1024) throw new ApiError(413, 'too_large', t('files.tooLarge'));
      const response = await fetch(`/api/cycles/${cycleId}/import`, {
        method: 'POST',
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: file,
      });
      if (!response.ok) throw new ApiError(response.status, 'import', await failure(response, t));
      setPreview((await response.json()) as ImportPreview);
      setChosen(new Set());
      setTakeAll(false);
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const handleConfirm = async () => {
    if (!preview) return;
    setBusy(true);
    setError('');
    const choices: ImportChoices = takeAll ? { all: true } : { cells: [...chosen] };
    const applyHere = Boolean(target);
    try {
      const response = await fetch(`/api/cycles/${cycleId}/import/${preview.importId}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ choices, applied: applyHere }),
      });
      if (!response.ok) throw new ApiError(response.status, 'import', await failure(response, t));
      if (target) target.edit(() => applyImport(target.doc, preview.content, choices));
      setDone(applyHere ? t('import.doneUndoable') : t('files.importDone'));
      setPreview(null);
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (key: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const cells = preview?.preview.cells ?? [];
  const conflicts = cells.filter((cell) => cell.status === 'conflict');
  const fresh = cells.filter((cell) => cell.status === 'new');

  return (
    <Modal title={t('files.importTitle')} onClose={onClose}>
      {done ? (
        <p role="status" className="notice notice-ok">
          {done}
        </p>
      ) : preview ? (
        <div className="import-preview">
          <p>{t('files.previewIntro', { sheet: preview.sheetName, rows: preview.rows })}</p>
          <ul>
            <li>{t('files.previewCreated', { count: preview.preview.created })}</li>
            <li>{t('import.cellsNew', { count: fresh.length })}</li>
            <li>{t('import.cellsSame', { count: preview.preview.same })}</li>
            <li>{t('import.cellsConflict', { count: conflicts.length })}</li>
            <li>{t('files.previewDomains', { count: preview.preview.domainsCreated })}</li>
            {preview.actionSheetName !== null && (
              <li>{t('import.actionsCreated', { count: preview.preview.actionsCreated })}</li>
            )}
          </ul>
          {preview.actionSheetName !== null && (
            <p>
              {t('import.actionSheet', {
                sheet: preview.actionSheetName,
                count: preview.actions,
              })}
            </p>
          )}
          {conflicts.length > 0 && (
            <section aria-labelledby="import-conflicts">
              <h3 id="import-conflicts">{t('import.conflictsTitle')}</h3>
              <p className="hint">{t('import.conflictsHint')}</p>
              <label className="import-take-all">
                <input
                  type="checkbox"
                  checked={takeAll}
                  onChange={(event) => setTakeAll(event.target.checked)}
                />
                {t('import.takeAll')}
              </label>
              <ul className="import-conflicts">
                {conflicts.map((cell) => (
                  <li key={cell.key}>
                    <CellPlace cell={cell} />
                    <div className="import-sides">
                      <div>
                        <span className="import-side-label">{t('import.live')}</span>
                        <p className="import-text">{cell.live}</p>
                      </div>
                      <div>
                        <span className="import-side-label">{t('import.file')}</span>
                        <p className="import-text">{cell.file}</p>
                      </div>
                    </div>
                    <label>
                      <input
                        type="checkbox"
                        checked={takeAll || chosen.has(cell.key)}
                        disabled={takeAll}
                        onChange={(event) => toggle(cell.key, event.target.checked)}
                      />
                      {t('import.takeFile')}
                    </label>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {fresh.length > 0 && (
            <details>
              <summary>{t('import.newTitle', { count: fresh.length })}</summary>
              <ul>
                {fresh.map((cell) => (
                  <li key={cell.key}>
                    <CellPlace cell={cell} /> : {cell.file}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.preview.newRows.length > 0 && (
            <details>
              <summary>{t('files.previewCreated', { count: preview.preview.created })}</summary>
              <ul>
                {preview.preview.newRows.map((row, index) => (
                  <li key={index}>
                    <strong>{row.place}</strong> {row.label}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.preview.newActions.length > 0 && (
            <details>
              <summary>
                {t('import.actionsCreated', { count: preview.preview.actionsCreated })}
              </summary>
              <ul>
                {preview.preview.newActions.map((action, index) => (
                  <li key={index}>
                    <strong>{action.place}</strong> {action.label}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.warnings.length > 0 && (
            <details>
              <summary>{t('files.warnings', { count: preview.warnings.length })}</summary>
              <ul>
                {preview.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </details>
          )}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void handleConfirm()}
            >
              {t('files.confirmImport')}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={handleUpload} className="form-inline">
          <p className="hint">{t('files.importHint')}</p>
          <label>
            {t('files.chooseFile')}
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" className="primary" disabled={!file || busy}>
            {busy ? t('files.reading') : t('files.preview')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </Modal>
  );
}
