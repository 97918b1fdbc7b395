/**
 * Files of a cycle: exports (Excel steering table, PDF dossier, publishable synthesis) with
 * progress and a download, import of an existing spreadsheet (preview, then confirm), and the
 * versions dialog (features/versions).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { can, type Role } from '@pilotis/shared';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../home/home-page.tsx';
import { ImportDialog, type ImportTarget } from './import-dialog.tsx';
import { MenuPopup } from '../../app/menu.tsx';
import { trapTab, useReturnFocus } from '../../app/dialog.tsx';
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

export function ExportMenu({
  cycleId,
  role,
  importTarget,
}: {
  cycleId: string;
  role: Role | null;
  /** The open cycle, so the import is one undo step of this person. */
  importTarget?: ImportTarget | null;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
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
      'dossier avec commentaires.pdf',
    ],
    [`/api/cycles/${cycleId}/synthese.pdf`, t('files.synthesis'), 'synthese.pdf'],
    [`/api/cycles/${cycleId}/export.docx`, t('files.docx'), 'dossier.docx'],
    [`/api/cycles/${cycleId}/synthesis.docx`, t('files.synthesisDocx'), 'synthese.docx'],
  ];

  return (
    <div className="files">
      <div className="menu-anchor">
        <button
          ref={menuButton}
          type="button"
          aria-haspopup="menu"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          {t('files.export')} ▾
        </button>
        {open && (
          <MenuPopup anchor={menuButton} label={t('files.export')} onClose={closeMenu}>
            {items.map(([path, label, fallback]) => (
              <button
                key={path}
                type="button"
                role="menuitem"
                onClick={() => void run(path, label, fallback)}
              >
                {label}
              </button>
            ))}
          </MenuPopup>
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
      {importing && (
        <ImportDialog cycleId={cycleId} target={importTarget} onClose={() => setImporting(false)} />
      )}
      {versions && (
        <VersionsDialog cycleId={cycleId} role={role} onClose={() => setVersions(false)} />
      )}
    </div>
  );
}

/** A modal dialog with a title and a close button (Esc closes it too). */
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
  useReturnFocus();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={id}
      onClose={onClose}
      onKeyDown={(event) => trapTab(event, ref.current)}
    >
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
