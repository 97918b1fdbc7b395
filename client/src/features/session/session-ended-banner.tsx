/**
 * Shown above an open cycle when the session ends (expired, revoked, signed out in another tab):
 * the grid and the sections stay editable and what is typed stays in this browser (IndexedDB);
 * the banner counts what is not saved yet, lets the person download it as a text file, and signs
 * them in again in place, after which everything kept is sent (issue 8).
 */
import { useState } from 'react';
import type * as Y from 'yjs';
import { useI18n } from '../../i18n/i18n.tsx';
import { Dialog } from '../../app/dialog.tsx';
import { AuthForms } from '../auth/auth-pages.tsx';
import { savedStateOf } from '../../collab/use-cycle-doc.ts';
import { unsavedFile, unsavedTexts } from './unsaved-texts.ts';
import './session.css';

interface SessionEndedBannerProps {
  doc: Y.Doc | null;
  pending: number;
  /** "Cycle 2027 — Association …", for the downloaded file's heading. */
  title: string;
  year: number;
  /** Opens a new socket with the new session cookie (useCycleDoc). */
  onSignedIn(): void;
}

export function SessionEndedBanner({
  doc,
  pending,
  title,
  year,
  onSignedIn,
}: SessionEndedBannerProps) {
  const { t, plural, formatDate } = useI18n();
  const [signingIn, setSigningIn] = useState(false);
  const [note, setNote] = useState('');

  const download = () => {
    if (!doc) return;
    const texts = unsavedTexts(savedStateOf(doc), doc, t);
    if (texts.length === 0) {
      setNote(t('session.nothingUnsaved'));
      return;
    }
    setNote('');
    const heading = t('session.fileHeading', { title, date: formatDate(new Date()) });
    const blob = new Blob([unsavedFile(heading, texts)], { type: 'text/plain;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = t('session.fileName', { year });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  return (
    <div role="alert" className="notice notice-error session-ended">
      <p>
        {t('session.ended')}
        {pending > 0 && (
          <>
            {' '}
            <strong>{plural(pending, 'session.unsavedOne', 'session.unsaved')}</strong>
          </>
        )}
      </p>
      <p className="session-ended-actions">
        <button type="button" className="primary" onClick={() => setSigningIn(true)}>
          {t('session.signInAgain')}
        </button>
        <button type="button" onClick={download}>
          {t('session.download')}
        </button>
      </p>
      {note && <p role="status">{note}</p>}
      {signingIn && (
        <Dialog title={t('session.dialogTitle')} onClose={() => setSigningIn(false)}>
          <p className="hint">{t('session.dialogHint')}</p>
          <AuthForms
            onDone={() => {
              setSigningIn(false);
              onSignedIn();
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
