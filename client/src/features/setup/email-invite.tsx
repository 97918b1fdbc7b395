/**
 * Invite by e-mail (members page, pilotes): an address, a role and a proposed qualité. The link
 * is e-mailed when the server has SMTP, and always shown for copying; invitations still waiting
 * are listed with their address.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { MEMBER_KINDS, ROLES, type MemberKind, type Role } from '@pilotis/shared';
import { request } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';

interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  qualite: MemberKind | null;
  createdAt: string;
  expiresAt: string;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' });
const org = (id: string) => `/api/organisations/${encodeURIComponent(id)}`;

export function EmailInvite({ organisationId }: { organisationId: string }) {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('membre');
  const [qualite, setQualite] = useState<MemberKind | ''>('');
  const [pending, setPending] = useState<PendingInvitation[] | null>(null);
  const [result, setResult] = useState<{ url: string; mailed: boolean; email: string } | null>(
    null,
  );
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setPending(
        await request<PendingInvitation[]>('GET', `${org(organisationId)}/invitations/pending`),
      );
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  }, [organisationId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const sent = await request<{ url: string; mailed: boolean; email: string }>(
        'POST',
        `${org(organisationId)}/invitations/email`,
        { email: email.trim(), role, qualite: qualite || null },
      );
      setResult(sent);
      setEmail('');
      await load();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('emailInvite.title')}</h2>
      <form className="inline-form setup-add-date" onSubmit={(e) => void submit(e)}>
        <label>
          {t('emailInvite.email')}
          <input
            type="email"
            required
            autoComplete="off"
            value={email}
            maxLength={254}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('members.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('qualite.label')}
          <select value={qualite} onChange={(e) => setQualite(e.target.value as MemberKind | '')}>
            <option value="">{t('qualite.none')}</option>
            {MEMBER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`qualite.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || !email.trim()}>
          {t('emailInvite.send')}
        </button>
      </form>
      {error && (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" className="notice notice-ok">
          <p>
            {t(result.mailed ? 'emailInvite.mailed' : 'emailInvite.notMailed', {
              email: result.email,
            })}
          </p>
          <label>
            {t('emailInvite.link')}
            <input type="text" readOnly value={result.url} onFocus={(e) => e.target.select()} />
          </label>
        </div>
      )}
      <h3>{t('emailInvite.pending')}</h3>
      {!pending ? (
        <p role="status">{t('common.loading')}</p>
      ) : pending.length === 0 ? (
        <p className="empty">{t('emailInvite.nonePending')}</p>
      ) : (
        <ul className="plain-list">
          {pending.map((item) => (
            <li key={item.id}>
              {item.email} — {t(`role.${item.role}`)}
              {item.qualite && ` — ${t(`qualite.${item.qualite}`)}`} —{' '}
              {t('emailInvite.until', { date: dayFormat.format(new Date(item.expiresAt)) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
