/**
 * The versions dialog of the files menu: freeze a named version (pilote), list the versions with
 * their stage, date, author and fingerprints, download the stored files, open one to read it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { can, STAGES, type Role, type Stage } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { Modal } from '../files/files.tsx';
import { dateTimeFr } from './frozen-version.tsx';
import { shortHash, versionFile, versionsApi, type Version } from './versions-api.ts';

export function VersionsDialog({
  cycleId,
  role,
  onClose,
}: {
  cycleId: string;
  role: Role | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [label, setLabel] = useState('');
  const [stage, setStage] = useState<Stage>('board');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setVersions(await versionsApi.list(cycleId));
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  }, [cycleId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const handleFreeze = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await versionsApi.freeze(cycleId, label.trim(), stage);
      setLabel('');
      await load();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('files.versionsTitle')} onClose={onClose}>
      {can(role, 'cycle.freeze') && (
        <form className="form-inline" onSubmit={handleFreeze}>
          <div className="row">
            <label>
              {t('files.versionLabel')}
              <input
                value={label}
                maxLength={200}
                required
                placeholder={t('files.versionPlaceholder')}
                onChange={(e) => setLabel(e.target.value)}
              />
            </label>
            <label>
              {t('files.versionStage')}
              <select value={stage} onChange={(e) => setStage(e.target.value as Stage)}>
                {STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`stage.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={busy || !label.trim()}>
              {busy ? t('files.freezing') : t('files.freeze')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {!versions ? (
        <p role="status">{t('common.loading')}</p>
      ) : versions.length === 0 ? (
        <p className="empty">{t('files.noVersions')}</p>
      ) : (
        <ul className="plain-list versions">
          {versions.map((version) => (
            <li key={version.id} data-version-id={version.id}>
              <strong>{version.label}</strong> — {t(`stage.${version.stage}`)} —{' '}
              {dateTimeFr.format(new Date(version.createdAt))}
              {version.createdBy && ` — ${version.createdBy}`}{' '}
              {version.kind === 'safety' && (
                <span className="badge badge-muted">{t('versions.kind.safety')}</span>
              )}{' '}
              {version.publicLink && (
                <span className="badge badge-public">{t('versions.publicActive')}</span>
              )}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  onClose();
                  navigate(`/cycles/${cycleId}/versions?version=${version.id}`);
                }}
              >
                {t('versions.read')}
              </button>{' '}
              · <a href={versionFile(version.id, 'xlsx')}>Excel</a> ·{' '}
              <a href={versionFile(version.id, 'pdf')}>PDF</a>{' '}
              {version.docx && (
                <>
                  · <a href={versionFile(version.id, 'docx')}>{t('versions.docxShort')}</a>{' '}
                </>
              )}
              <span className="muted" title={version.hash}>
                {t('versions.fingerprint')} {shortHash(version.hash)}…
              </span>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
