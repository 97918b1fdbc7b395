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

/** A labelled input of one of the account forms. */
function Field({
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  maxLength,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete: string;
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        required
        maxLength={maxLength}
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** One account form: a card with its title, an optional hint, its fields, feedback and button. */
function FormCard({
  title,
  hint,
  feedback,
  submit,
  danger = false,
  onSubmit,
  children,
}: {
  title: string;
  hint?: string;
  feedback: ReactNode;
  submit: string;
  danger?: boolean;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className="card auth-card" onSubmit={onSubmit}>
      <h2>{title}</h2>
      {hint && <p className="hint">{hint}</p>}
      {children}
      {feedback}
      <button type="submit" className={danger ? 'danger' : 'primary'}>
        {submit}
      </button>
    </form>
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
      <FormCard
        title={t('account.changeName')}
        feedback={nameForm.feedback}
        submit={t('account.save')}
        onSubmit={saveName}
      >
        <Field
          label={t('account.name')}
          maxLength={100}
          autoComplete="name"
          value={name}
          onChange={setName}
        />
      </FormCard>
      <FormCard
        title={t('account.changeEmail')}
        hint={t('account.emailHint')}
        feedback={emailForm.feedback}
        submit={t('account.save')}
        onSubmit={changeEmail}
      >
        <Field
          label={t('account.newEmail')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
        />
        <Field
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={emailPassword}
          onChange={setEmailPassword}
        />
      </FormCard>
      <StageRemindersSetting />
      <FormCard
        title={t('account.delete')}
        hint={t('account.deleteHint')}
        feedback={deleteForm.feedback}
        submit={t('account.deleteButton')}
        danger
        onSubmit={deleteAccount}
      >
        <Field
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={deletePassword}
          onChange={setDeletePassword}
        />
      </FormCard>
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
