import { MEMBER_KINDS } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Participant } from './use-presence.ts';

/** Who is here, with their colour and role; "Suivre" makes this screen follow someone's view. */
export function ParticipantsBar({
  participants,
  following,
  onFollow,
}: {
  participants: Participant[];
  following: number | null;
  onFollow(clientId: number | null): void;
}) {
  const { t } = useI18n();
  return (
    <section className="participants" aria-label={t('presence.title')}>
      <h2 className="visually-hidden">{t('presence.title')}</h2>
      <ul>
        {participants.map((participant) => (
          <li
            key={participant.clientId}
            className="participant"
            style={{ borderColor: participant.user.color }}
          >
            <span
              className="avatar"
              style={{ background: participant.user.color }}
              aria-hidden="true"
            >
              {participant.user.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="participant-name">
              {participant.user.name}
              {participant.self && ` (${t('presence.you')})`}
            </span>
            {participant.user.qualite && MEMBER_KINDS.includes(participant.user.qualite) && (
              <span className="participant-qualite">
                {t(`qualite.${participant.user.qualite}`)}
              </span>
            )}
            <span className="participant-kind">
              {participant.user.role ? t(`role.${participant.user.role}`) : ''}
            </span>
            {!participant.self &&
              (following === participant.clientId ? (
                <button
                  type="button"
                  className="follow active"
                  aria-pressed="true"
                  onClick={() => onFollow(null)}
                >
                  {t('presence.unfollow')}
                </button>
              ) : (
                <button
                  type="button"
                  className="follow"
                  aria-pressed="false"
                  aria-label={t('presence.followName', { name: participant.user.name })}
                  onClick={() => onFollow(participant.clientId)}
                >
                  {t('presence.follow')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
