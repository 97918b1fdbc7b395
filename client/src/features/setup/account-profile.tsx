/**
 * The account page's own part (issue 17): change one's name, one's e-mail address (confirmed by a
 * link sent to the new address when the server can send e-mail) and delete one's account. Also the
 * page the confirmation link opens.
 */
import { StageRemindersSetting } from './stage-reminders-setting.tsx';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** One form: runs `action`, then shows `done` or the server's French message. */
function useAction() {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const run = async (action: () => Promise<string>) => {
    setMessage('');
    setError('');
    try {
      setMessage(await action());
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };
  const feedback = (
    <>
      {error && (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      )}
      {message && (
        <p role="status" className="notice notice-ok">
          {message}
        </p>
      )}
    </>
  );
  return { run, feedback };
}

export function AccountProfile() {
  const { t } = useI18n();
  const { me, refresh, signOut } = useSession();
  const [name, setName] = useState(me?.user.name ?? '');
  const [email, setEmail] = useState('');
  const [emailPassword, setEmailPassword] = useState('');
  const [deletePassword, setDeletePassword] = useState('');
  const nameForm = useAction();
  const emailForm = useAction();
  const deleteForm = useAction();

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void nameForm.run(async () => {
      await request('PATCH', '/api/account', { name: name.trim() });
      await refresh();
      return t('account.nameSaved');
    });
  };
  const changeEmail = (event: FormEvent) => {
    event.preventDefault();
    void emailForm.run(async () => {
      const result = await request<{ confirmationSent: boolean }>('POST', '/api/account/email', {
        email: email.trim(),
        password: emailPassword,
      });
      setEmailPassword('');
      await refresh();
      return result.confirmationSent
        ? t('account.emailConfirmSent', { email: email.trim() })
        : t('account.emailChanged');
    });
  };
  const deleteAccount = (event: FormEvent) => {
    event.preventDefault();
    if (!window.confirm(t('account.deleteConfirm'))) return;
    void deleteForm.run(async () => {
      await request('DELETE', '/api/account', { password: deletePassword });
      await signOut();
      navigate('/');
      return '';
    });
  };

  return (
    <>
      <form className="card auth-card" onSubmit={saveName}>
        <h2>{t('account.changeName')}</h2>
        <Labelled label={t('account.name')}>
          {(id) => (
            <input
              id={id}
              required
              maxLength={100}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Labelled>
        {nameForm.feedback}
        <button type="submit" className="primary">
          {t('account.save')}
        </button>
      </form>
      <form className="card auth-card" onSubmit={changeEmail}>
        <h2>{t('account.changeEmail')}</h2>
        <p className="hint">{t('account.emailHint')}</p>
        <Labelled label={t('account.newEmail')}>
          {(id) => (
            <input
              id={id}
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Labelled>
        <Labelled label={t('account.currentPassword')}>
          {(id) => (
            <input
              id={id}
              type="password"
              required
              autoComplete="current-password"
              value={emailPassword}
              onChange={(e) => setEmailPassword(e.target.value)}
            />
          )}
        </Labelled>
        {emailForm.feedback}
        <button type="submit" className="primary">
          {t('account.save')}
        </button>
      </form>
      <StageRemindersSetting />
      <form className="card auth-card" onSubmit={deleteAccount}>
        <h2>{t('account.delete')}</h2>
        <p className="hint">{t('account.deleteHint')}</p>
        <Labelled label={t('account.currentPassword')}>
          {(id) => (
            <input
              id={id}
              type="password"
              required
              autoComplete="current-password"
              value={deletePassword}
              onChange={(e) => setDeletePassword(e.target.value)}
            />
          )}
        </Labelled>
        {deleteForm.feedback}
        <button type="submit" className="danger">
          {t('account.deleteButton')}
        </button>
      </form>
    </>
  );
}

/** The page the e-mail confirmation link opens (/compte/adresse/<token>). */
export function ConfirmEmailPage({ token }: { token: string }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    request<{ email: string }>('POST', '/api/account/email/confirm', { token })
      .then(async ({ email }) => {
        await refresh();
        if (!cancelled) setState({ ok: true, text: t('account.emailConfirmed', { email }) });
      })
      .catch((caught: unknown) => {
        if (!cancelled) setState({ ok: false, text: errorMessage(caught, t) });
      });
    return () => {
      cancelled = true;
    };
  }, [token, refresh, t]);
  return (
    <main id="content" className="page narrow">
      <h1>{t('account.changeEmail')}</h1>
      {!state ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <p
          role={state.ok ? 'status' : 'alert'}
          className={`notice notice-${state.ok ? 'ok' : 'error'}`}
        >
          {state.text}
        </p>
      )}
      <Link href="/compte">{t('account.title')}</Link>
    </main>
  );
}
