/**
 * A member's qualité on the members page: a choice for a pilote (anyone) or the person
 * themselves, words otherwise. Saved at once, with the result announced.
 */
import { useState } from 'react';
import { MEMBER_KINDS, type MemberKind } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessage } from '../home/home-page.tsx';
import { setupApi, type Profile } from './setup-api.ts';

export function QualiteCell({
  organisationId,
  userId,
  name,
  profiles,
  editable,
  onSaved,
}: {
  organisationId: string;
  userId: string;
  name: string;
  profiles: Profile[] | null;
  editable: boolean;
  onSaved(profile: Profile, message: string): void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState('');
  const qualite = profiles?.find((p) => p.userId === userId)?.qualite ?? null;
  if (!profiles) return null;
  if (!editable) return <>{t(qualite ? `qualite.${qualite}` : 'qualite.none')}</>;
  return (
    <>
      <select
        aria-label={t('qualite.of', { name })}
        value={qualite ?? ''}
        onChange={async (e) => {
          setError('');
          try {
            const value = e.target.value ? (e.target.value as MemberKind) : null;
            const saved = await setupApi.setQualite(organisationId, userId, value);
            onSaved(saved, t('qualite.changed', { name }));
          } catch (caught) {
            setError(errorMessage(caught, t));
          }
        }}
      >
        <option value="">{t('qualite.none')}</option>
        {MEMBER_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`qualite.${kind}`)}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </>
  );
}
