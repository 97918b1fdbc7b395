/**
 * Files of a cycle: exports (Excel steering table, PDF dossier, publishable synthesis) with
 * progress and a download, import of an existing spreadsheet (preview, then confirm), and the
 * versions dialog (features/versions).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { can, type Role } from '@pilotis/shared';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../home/home-page.tsx';
import { VersionsDialog } from '../versions/versions-dialog.tsx';

type Job =
  | { state: 'idle' }
  | { state: 'busy'; what: string }
  | { state: 'ready'; url: string; name: string }
  | { state: 'error'; message: string };

function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  return encoded ? decodeURIComponent(encoded) : fallback;
}

/** The server's French message when there is one, else a general one. */
function errorText(caught: unknown, t: Translate): string {
  return caught instanceof ApiError && caught.message ? caught.message : errorMessage(caught, t);
}

async function failure(response: Response, t: Translate): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return body?.message ?? t('error.unexpected');
}

/** Fetch a file and hand it to the browser as a download. */
async function downloadFile(
  path: string,
  fallback: string,
  t: Translate,
): Promise<{ url: string; name: string }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (!response.ok) throw new ApiError(response.status, 'export', await failure(response, t));
  const url = URL.createObjectURL(await response.blob());
  const name = fileNameOf(response, fallback);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  return { url, name };
}

export function ExportMenu({ cycleId, role }: { cycleId: string; role: Role | null }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [job, setJob] = useState<Job>({ state: 'idle' });
  const [importing, setImporting] = useState(false);
  const [versions, setVersions] = useState(false);

  const run = async (path: string, what: string, fallback: string) => {
    setOpen(false);
    setJob({ state: 'busy', what });
    try {
      const file = await downloadFile(path, fallback, t);
      setJob({ state: 'ready', ...file });
    } catch (caught) {
      setJob({ state: 'error', message: errorMessage(caught, t) });
    }
  };

  const items: [string, string, string][] = [
    [`/api/cycles/${cycleId}/export.xlsx`, t('files.xlsx'), 'pilotage.xlsx'],
    [`/api/cycles/${cycleId}/export.pdf`, t('files.pdf'), 'dossier.pdf'],
    [
      `/api/cycles/${cycleId}/export.pdf?annexe=commentaires`,
      t('files.pdfComments'),
      'dossier.pdf',
    ],
    [`/api/cycles/${cycleId}/synthese.pdf`, t('files.synthesis'), 'synthese.pdf'],
  ];

  return (
    <div className="files">
      <div className="menu-anchor">
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          {t('files.export')} ▾
        </button>
        {open && (
          <div
            className="menu"
            role="menu"
            onKeyDown={(event) => {
              if (event.key === 'Escape') setOpen(false);
            }}
          >
            {items.map(([path, label, fallback], index) => (
              <button
                key={path}
                type="button"
                role="menuitem"
                autoFocus={index === 0}
                onClick={() => void run(path, label, fallback)}
              >
                {label}
              </button>
            ))}
          </div>
        )}
      </div>
      {can(role, 'cycle.import') && (
        <button type="button" onClick={() => setImporting(true)}>
          {t('files.import')}
        </button>
      )}
      <button type="button" onClick={() => setVersions(true)}>
        {t('files.versions')}
      </button>
      <div className="file-status" role="status" aria-live="polite">
        {job.state === 'busy' && (
          <span className="progress">
            <span className="spinner" aria-hidden="true" />{' '}
            {t('files.preparing', { what: job.what })}
          </span>
        )}
        {job.state === 'ready' && (
          <span>
            {t('files.ready')}{' '}
            <a href={job.url} download={job.name}>
              {job.name}
            </a>
          </span>
        )}
        {job.state === 'error' && <span className="field-error">{job.message}</span>}
      </div>
      {importing && <ImportDialog cycleId={cycleId} onClose={() => setImporting(false)} />}
      {versions && (
        <VersionsDialog cycleId={cycleId} role={role} onClose={() => setVersions(false)} />
      )}
    </div>
  );
}

export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose(): void;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={id} onClose={onClose}>
      <header>
        <h2 id={id}>{title}</h2>
        <button type="button" onClick={() => ref.current?.close()} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}

interface ImportPreview {
  importId: string;
  sheetName: string;
  rows: number;
  preview: { created: number; merged: number; domainsCreated: number };
  warnings: string[];
}

function ImportDialog({ cycleId, onClose }: { cycleId: string; onClose(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
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
    try {
      const response = await fetch(`/api/cycles/${cycleId}/import/${preview.importId}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new ApiError(response.status, 'import', await failure(response, t));
      setDone(t('files.importDone'));
      setPreview(null);
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

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
            <li>{t('files.previewMerged', { count: preview.preview.merged })}</li>
            <li>{t('files.previewDomains', { count: preview.preview.domainsCreated })}</li>
          </ul>
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
