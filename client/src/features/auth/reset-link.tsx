/**
 * A password-reset link that can no longer be used (bogus, used, expired): the page says so in
 * plain French and offers, right there, to send a new link to one's address (the « Mot de passe
 * oublié ? » of the sign-in page), or to go back to signing in.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';

export type ResetLinkState = 'checking' | 'valid' | 'invalid';

/** Asks the server whether `token` is still usable (without using it). */
export function useResetLinkState(
  token: string,
): [ResetLinkState, (state: ResetLinkState) => void] {
  const [state, setState] = useState<ResetLinkState>('checking');
  useEffect(() => {
    let live = true;
    api.checkPasswordReset(token).then(
      () => live && setState('valid'),
      (error: unknown) => {
        if (!live) return;
        // Offline or a server hiccup: show the form; using the link checks it again anyway.
        setState(error instanceof ApiError && error.status === 400 ? 'invalid' : 'valid');
      },
    );
    return () => {
      live = false;
    };
  }, [token]);
  return [state, setState];
}

/** The reset page for a link that cannot be used any more. */
export function InvalidResetLink() {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [info, setInfo] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setInfo('');
    if (!email.trim()) return setError(t('auth.forgotNeedsEmail'));
    setBusy(true);
    try {
      const { smtp } = await api.requestPasswordReset(email.trim());
      setInfo(smtp ? t('auth.resetSent') : t('auth.resetAskPilote'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="content" className="page narrow">
      <h1>{t('auth.resetInvalidTitle')}</h1>
      <p className="lead">{t('auth.resetInvalidText')}</p>
      <form className="card auth-card" onSubmit={handleSubmit} noValidate>
        <h2>{t('auth.forgot')}</h2>
        <div className="field">
          <label htmlFor={id}>{t('auth.email')}</label>
          <input
            id={id}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            maxLength={254}
            required
            autoComplete="email"
          />
        </div>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        {info && <p role="status">{info}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.resetNewLink')}
        </button>
      </form>
      <p>
        <Link href="/connexion">{t('auth.resetBackToSignIn')}</Link>
      </p>
    </main>
  );
}
