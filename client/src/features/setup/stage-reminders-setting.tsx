/**
 * The account page's switch for the e-mail reminders of the stage dates (issue 17): on by default,
 * saved at once (PUT /api/me/stage-reminders), with a short spoken confirmation.
 */
import { useEffect, useId, useState } from 'react';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function StageRemindersSetting() {
  const { t } = useI18n();
  const id = useId();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    request<{ enabled: boolean }>('GET', '/api/me/stage-reminders').then(
      (body) => setEnabled(body.enabled),
      () => setMessage(t('reminders.error')),
    );
  }, [t]);
  const change = (next: boolean) => {
    setEnabled(next);
    request<{ enabled: boolean }>('PUT', '/api/me/stage-reminders', { enabled: next }).then(
      (body) => {
        setEnabled(body.enabled);
        setMessage(body.enabled ? t('reminders.on') : t('reminders.off'));
      },
      () => {
        setEnabled(!next);
        setMessage(t('reminders.error'));
      },
    );
  };
  return (
    <section className="card auth-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reminders.title')}</h2>
      <p className="hint">{t('reminders.hint')}</p>
      {enabled === null && !message ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <label>
          <input
            type="checkbox"
            checked={enabled ?? false}
            disabled={enabled === null}
            onChange={(event) => change(event.target.checked)}
          />{' '}
          {t('reminders.label')}
        </label>
      )}
      <p role="status" className="hint">
        {message}
      </p>
    </section>
  );
}
