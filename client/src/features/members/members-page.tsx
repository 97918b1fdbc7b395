/**
 * An organisation's members and their roles, invitation links, password-reset links and the audit
 * log. Pilotes manage; other members only read the list.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { can, ROLES, type Role } from '@pilotis/shared';
import { api, type AuditEntry, type Invitation, type Member } from '../../lib/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { Link } from '../../app/router.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { QualiteCell } from '../setup/qualite-cell.tsx';
import { EmailInvite } from '../setup/email-invite.tsx';
import { useProfiles } from '../setup/setup-view.tsx';
import { ConfirmDialog } from '../../app/dialog.tsx';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export function MembersPage({ organisationId }: { organisationId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const organisation = me?.organisations.find((o) => o.id === organisationId);
  const role = organisation?.role ?? null;
  const manage = can(role, 'members.manage');
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [fresh, setFresh] = useState<{ url: string; role: Role } | null>(null);
  const [resetLink, setResetLink] = useState<{ name: string; url: string } | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const { profiles, setProfiles } = useProfiles(organisationId);

  const load = useCallback(async () => {
    try {
      setMembers(await api.members(organisationId));
      if (manage) {
        setInvitations(await api.invitations(organisationId));
        setAudit(await api.audit(organisationId));
      }
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  }, [organisationId, manage, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<unknown>, done?: string) => {
    setError('');
    setNotice('');
    try {
      await action();
      if (done) setNotice(done);
      await load();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  if (!organisation) {
    return (
      <main id="content" className="page">
        <div role="alert" className="notice notice-error">
          <p>{t('members.notFound')}</p>
          <Link href="/">{t('common.back')}</Link>
        </div>
      </main>
    );
  }

  return (
    <main id="content" className="page">
      <p className="breadcrumb">
        <Link href="/">{t('common.back')}</Link>
      </p>
      <h1>{t('members.title', { organisation: organisation.name })}</h1>
      {error && (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="notice notice-ok">
          {notice}
        </p>
      )}
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t('members.list')}</h2>
        {!members ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                {manage && <th scope="col">{t('members.email')}</th>}
                <th scope="col">{t('members.role')}</th>
                <th scope="col">{t('qualite.label')}</th>
                {manage && <th scope="col">{t('members.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.userId}>
                  <td>
                    {member.name}
                    {member.userId === me?.user.id && ` (${t('presence.you')})`}
                  </td>
                  {manage && <td>{member.email}</td>}
                  <td>
                    {manage ? (
                      <select
                        aria-label={t('members.roleOf', { name: member.name })}
                        value={member.role}
                        onChange={(e) =>
                          void run(
                            () =>
                              api.changeRole(organisationId, member.userId, e.target.value as Role),
                            t('members.roleChanged', { name: member.name }),
                          )
                        }
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`role.${member.role}`)
                    )}
                  </td>
                  <td>
                    <QualiteCell
                      organisationId={organisationId}
                      userId={member.userId}
                      name={member.name}
                      profiles={profiles}
                      editable={manage || member.userId === me?.user.id}
                      onSaved={(saved, message) => {
                        setProfiles(
                          (list) =>
                            list?.map((p) => (p.userId === saved.userId ? saved : p)) ?? null,
                        );
                        setNotice(message);
                      }}
                    />
                  </td>
                  {manage && (
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() =>
                          void run(async () => {
                            const { url } = await api.resetLink(organisationId, member.userId);
                            setResetLink({ name: member.name, url });
                          })
                        }
                      >
                        {t('members.resetLink')}
                      </button>
                      <button type="button" className="danger" onClick={() => setRemoving(member)}>
                        {t('members.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {resetLink && (
          <CopyBox
            label={t('members.resetLinkFor', { name: resetLink.name })}
            value={resetLink.url}
          />
        )}
      </section>
      {manage && (
        <>
          <InviteForm
            onInvite={(role, days) =>
              run(async () => {
                const invitation = await api.invite(organisationId, role, days);
                setFresh({ url: invitation.url, role });
              })
            }
          />
          <EmailInvite organisationId={organisationId} />
          {fresh && (
            <CopyBox
              label={t('members.inviteReady', { role: t(`role.${fresh.role}`) })}
              value={fresh.url}
            />
          )}
          <section className="card" aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">{t('members.invitations')}</h2>
            {invitations.length === 0 ? (
              <p className="empty">{t('members.noInvitations')}</p>
            ) : (
              <ul className="plain-list invitation-list">
                {invitations.map((invitation) => {
                  const expired = new Date(invitation.expiresAt) < new Date();
                  const what = t('members.invitationOf', {
                    role: t(`role.${invitation.role}`),
                    date: dateTime.format(new Date(invitation.expiresAt)),
                  });
                  return (
                    <li key={invitation.id}>
                      <span>
                        {what} — {t('members.accepted', { count: invitation.acceptedCount })}{' '}
                        {invitation.revoked ? (
                          <span className="badge badge-muted">{t('members.revoked')}</span>
                        ) : expired ? (
                          <span className="badge badge-muted">{t('members.expired')}</span>
                        ) : (
                          !invitation.url && (
                            <span className="hint">{t('members.linkNotKept')}</span>
                          )
                        )}
                      </span>
                      {!invitation.revoked && !expired && (
                        <span className="row">
                          {invitation.url && <CopyButton value={invitation.url} what={what} />}
                          <button
                            type="button"
                            className="danger"
                            aria-label={t('members.labelOf', { action: t('members.revoke'), what })}
                            onClick={() => setRevoking(invitation)}
                          >
                            {t('members.revoke')}
                          </button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{t('members.audit')}</h2>
            <ul className="plain-list audit" tabIndex={0} aria-labelledby="audit-heading">
              {audit.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={entry.at}>{dateTime.format(new Date(entry.at))}</time> —{' '}
                  {entry.userName ?? '—'} — {t(`audit.${entry.action}` as 'audit.cycle.created')}
                  {typeof entry.details.role === 'string' &&
                    entry.action.startsWith('invitation.') &&
                    ` ${t('audit.withRole', { role: t(`role.${entry.details.role as Role}`) })}`}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      {revoking && (
        <ConfirmDialog
          title={t('members.revokeTitle')}
          message={t('members.confirmRevoke', {
            role: t(`role.${revoking.role}`),
            count: revoking.acceptedCount,
          })}
          confirmLabel={t('members.revoke')}
          onConfirm={() => {
            const invitation = revoking;
            setRevoking(null);
            void run(
              () => api.revokeInvitation(organisationId, invitation.id),
              t('members.revokedDone'),
            );
          }}
          onCancel={() => setRevoking(null)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('members.remove')}
          message={t('members.confirmRemove', { name: removing.name })}
          confirmLabel={t('members.remove')}
          onConfirm={() => {
            const member = removing;
            setRemoving(null);
            void run(
              () => api.removeMember(organisationId, member.userId),
              t('members.removed', { name: member.name }),
            );
          }}
          onCancel={() => setRemoving(null)}
        />
      )}
    </main>
  );
}

/** Copies `value` to the clipboard; says so on the button (and to screen readers). */
function CopyButton({ value, what }: { value: string; what: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const text = copied ? t('members.copied') : t('members.copyLink');
  return (
    <button
      type="button"
      // The visible text first, then which link (WCAG 2.5.3).
      aria-label={t('members.labelOf', { action: text, what })}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{text}</span>
    </button>
  );
}

function InviteForm({ onInvite }: { onInvite(role: Role, days: number): Promise<void> }) {
  const { t } = useI18n();
  const id = useId();
  const [role, setRole] = useState<Role>('membre');
  const [days, setDays] = useState(7);
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await onInvite(role, days);
  };
  return (
    <form className="card form-inline" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('members.invite')}</h2>
      <div className="row">
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
          {t('members.validity')}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 30].map((d) => (
              <option key={d} value={d}>
                {t('members.days', { count: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('members.createLink')}
        </button>
      </div>
      <p className="hint">{t('members.inviteHint')}</p>
    </form>
  );
}

function CopyBox({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-box">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? t('members.copied') : t('members.copy')}
        </button>
      </div>
    </div>
  );
}
