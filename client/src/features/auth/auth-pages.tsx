/**
 * Sign in, sign up, password reset and account pages. After signing in, the person goes back to
 * the page they wanted (`?suite=`).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { InvalidResetLink, useResetLinkState } from './reset-link.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { AccountProfile } from '../setup/account-profile.tsx';

/** The "new password" field, the same wherever a password is chosen. */
function NewPasswordField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  return (
    <Field label={t('auth.newPassword')} hint={t('auth.passwordHint')}>
      {(id) => (
        <input
          id={id}
          type="password"
          minLength={8}
          maxLength={200}
          required
          autoComplete="new-password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A French error under a form, announced to screen readers. */
function FormError({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {message}
    </p>
  );
}

function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('suite');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function Field({
  label,
  children,
  hint,
}: {
  label: string;
  children: (id: string) => ReactNode;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

/**
 * After a sign-up on a server that sends e-mail: the address to check, a way to send the message
 * again (the same sign-up, re-sent) and a way back to the form to change the address.
 */
function CheckMailbox({
  email,
  onResend,
  onChange,
}: {
  email: string;
  onResend(): Promise<void>;
  onChange(): void;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  // The form is replaced: the focus goes to the news, read first by screen readers.
  useEffect(() => title.current?.focus(), []);
  const [busy, setBusy] = useState(false);
  const [info, setInfo] = useState('');
  const [error, setError] = useState('');
  const handleResend = async () => {
    setBusy(true);
    setInfo('');
    setError('');
    try {
      await onResend();
      setInfo(t('auth.checkMailResent', { email }));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card auth-card" aria-labelledby={titleId}>
      <h2 id={titleId} tabIndex={-1} ref={title}>
        {t('auth.checkMailTitle')}
      </h2>
      <p>{t('auth.checkMailText', { email })}</p>
      <p className="hint">{t('auth.checkMailSpam')}</p>
      <FormError message={error} />
      <p role="status">{info}</p>
      <button type="button" className="primary" onClick={() => void handleResend()} disabled={busy}>
        {t('auth.checkMailResend')}
      </button>
      <button type="button" className="link-button" onClick={onChange}>
        {t('auth.checkMailChange')}
      </button>
    </section>
  );
}

/** The sign-in / sign-up card, also embedded in the invitation page. */
export function AuthForms({
  onDone,
  initialMode = 'signin',
  invitation,
}: {
  onDone(): void;
  initialMode?: 'signin' | 'signup';
  /** The invitation link's token, when the sign-up comes through one (joined on confirmation). */
  invitation?: string;
}) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [mode, setMode] = useState(initialMode);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [resetInfo, setResetInfo] = useState('');
  // The address a confirmation link was mailed to (servers with SMTP).
  const [mailedTo, setMailedTo] = useState('');

  const signUp = () =>
    api.signUp({
      email: email.trim(),
      password,
      name: name.trim(),
      ...(invitation ? { invitation } : {}),
    });

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (mode === 'signup') {
        const reply = await signUp();
        if (!('user' in reply)) {
          setMailedTo(email.trim());
          return;
        }
      } else await api.signIn({ email: email.trim(), password });
      await refresh();
      onDone();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  if (mailedTo) {
    return (
      <CheckMailbox
        email={mailedTo}
        onResend={async () => void (await signUp())}
        onChange={() => setMailedTo('')}
      />
    );
  }

  const handleForgot = async () => {
    if (!email.trim()) {
      setError(t('auth.forgotNeedsEmail'));
      return;
    }
    try {
      const { smtp } = await api.requestPasswordReset(email.trim());
      setResetInfo(smtp ? t('auth.resetSent') : t('auth.resetAskPilote'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <form className="card auth-card" onSubmit={handleSubmit} noValidate>
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'signin'}
          onClick={() => setMode('signin')}
        >
          {t('auth.signIn')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'signup'}
          onClick={() => setMode('signup')}
        >
          {t('auth.signUp')}
        </button>
      </div>
      {mode === 'signup' && (
        <Field label={t('auth.name')}>
          {(id) => (
            <input
              id={id}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              required
              autoComplete="name"
            />
          )}
        </Field>
      )}
      <Field label={t('auth.email')}>
        {(id) => (
          <input
            id={id}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            maxLength={254}
            required
            autoComplete="email"
          />
        )}
      </Field>
      <Field
        label={t('auth.password')}
        hint={mode === 'signup' ? t('auth.passwordHint') : undefined}
      >
        {(id) => (
          <input
            id={id}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            minLength={mode === 'signup' ? 8 : undefined}
            maxLength={200}
            required
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
          />
        )}
      </Field>
      <FormError message={error} />
      {resetInfo && <p role="status">{resetInfo}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {mode === 'signup' ? t('auth.createAccount') : t('auth.signIn')}
      </button>
      {mode === 'signin' && (
        <button type="button" className="link-button" onClick={handleForgot}>
          {t('auth.forgot')}
        </button>
      )}
    </form>
  );
}

export function SignInPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { t } = useI18n();
  return (
    <main id="content" className="page narrow">
      <h1>{mode === 'signup' ? t('auth.signUpTitle') : t('auth.signInTitle')}</h1>
      <p className="lead">{t('app.tagline')}</p>
      <AuthForms initialMode={mode} onDone={() => navigate(nextPath())} />
    </main>
  );
}

export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const [link, setLink] = useResetLinkState(token);
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      await api.resetPassword(token, password);
      setDone(true);
    } catch (caught) {
      // The link died while the person was typing: the page says so, with a way to a new one.
      if (caught instanceof ApiError && caught.code === 'invalid_reset_link') setLink('invalid');
      else setError(errorMessage(caught, t));
    }
  };
  if (link === 'invalid') return <InvalidResetLink />;
  return (
    <main id="content" className="page narrow">
      <h1>{t('auth.resetTitle')}</h1>
      {done ? (
        <p role="status">
          {t('auth.resetDone')} <Link href="/connexion">{t('auth.signIn')}</Link>
        </p>
      ) : link === 'checking' ? (
        <p role="status">{t('auth.resetChecking')}</p>
      ) : (
        <form className="card auth-card" onSubmit={handleSubmit}>
          <NewPasswordField value={password} onChange={setPassword} />
          <FormError message={error} />
          <button type="submit" className="primary">
            {t('auth.resetSubmit')}
          </button>
        </form>
      )}
    </main>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    setError('');
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setMessage(t('account.passwordChanged'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };
  return (
    <main id="content" className="page narrow">
      <h1>{t('account.title')}</h1>
      <p>
        {me?.user.name} — {me?.user.email}
      </p>
      <form className="card auth-card" onSubmit={handleSubmit}>
        <h2>{t('account.changePassword')}</h2>
        <Field label={t('account.currentPassword')}>
          {(id) => (
            <input
              id={id}
              type="password"
              required
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          )}
        </Field>
        <NewPasswordField value={next} onChange={setNext} />
        <FormError message={error} />
        {message && <p role="status">{message}</p>}
        <button type="submit" className="primary">
          {t('account.save')}
        </button>
      </form>
      <AccountProfile />
    </main>
  );
}

/** An invitation link: shows what it offers, has the person sign in or up, then joins. */
export function InvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
  const { me, loading, refresh } = useSession();
  const [preview, setPreview] = useState<{ organisationName: string; role: string } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .previewInvitation(token)
      .then(setPreview)
      .catch((caught: unknown) => setError(errorMessage(caught, t)));
  }, [token, t]);

  const handleJoin = async () => {
    setBusy(true);
    try {
      const joined = await api.acceptInvitation(token);
      await refresh();
      localStorage.setItem('pilotis.organisation', joined.organisationId);
      navigate('/');
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  return (
    <main id="content" className="page narrow">
      <h1>{t('invite.title')}</h1>
      {error && (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p className="lead">
            {t('invite.offer', {
              organisation: preview.organisationName,
              role: t(`role.${preview.role}` as 'role.pilote'),
            })}
          </p>
          {loading ? null : me ? (
            <button type="button" className="primary" onClick={handleJoin} disabled={busy}>
              {t('invite.join', { organisation: preview.organisationName })}
            </button>
          ) : (
            <>
              <p>{t('invite.signInFirst')}</p>
              <AuthForms initialMode="signup" invitation={token} onDone={() => void handleJoin()} />
            </>
          )}
        </>
      )}
    </main>
  );
}

type SignupLinkState = 'checking' | 'valid' | 'invalid';

/**
 * The page of the link mailed at sign-up: the person types the password chosen at sign-up, and
 * the account and its session are created (and the invitation's organisation joined, if any).
 */
export function ConfirmSignUpPage({ token }: { token: string }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [link, setLink] = useState<SignupLinkState>('checking');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.checkSignupLink(token).then(
      () => live && setLink('valid'),
      (caught: unknown) => {
        if (!live) return;
        // Offline or a server hiccup: show the form; confirming checks the link again anyway.
        setLink(caught instanceof ApiError && caught.status === 400 ? 'invalid' : 'valid');
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      const { organisationId } = await api.confirmSignup(token, password);
      if (organisationId) localStorage.setItem('pilotis.organisation', organisationId);
      await refresh();
      navigate('/');
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_signup_link') setLink('invalid');
      else setError(errorMessage(caught, t));
      setBusy(false);
    }
  };

  if (link === 'invalid') {
    return (
      <main id="content" className="page narrow">
        <h1>{t('auth.confirmInvalidTitle')}</h1>
        <p className="lead">{t('auth.confirmInvalidText')}</p>
        <p>
          <Link href="/inscription">{t('auth.confirmSignUpAgain')}</Link>
        </p>
        <p>
          <Link href="/connexion">{t('auth.resetBackToSignIn')}</Link>
        </p>
      </main>
    );
  }
  return (
    <main id="content" className="page narrow">
      <h1>{t('auth.confirmTitle')}</h1>
      {link === 'checking' ? (
        <p role="status">{t('auth.confirmChecking')}</p>
      ) : (
        <form className="card auth-card" onSubmit={handleSubmit}>
          <p>{t('auth.confirmText')}</p>
          <Field label={t('auth.confirmPassword')}>
            {(id) => (
              <input
                id={id}
                type="password"
                required
                maxLength={200}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <FormError message={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('auth.confirmSubmit')}
          </button>
        </form>
      )}
    </main>
  );
}
