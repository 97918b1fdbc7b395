import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MEMBER_KINDS, MEMBER_KIND_LABELS_FR, type MemberKind } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { randomColor, saveIdentity, type Identity } from './identity.ts';

/** Asks once per browser for the name shown to the others in the meeting. */
export function IdentityDialog({ onDone }: { onDone(identity: Identity): void }) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<MemberKind>('salarie');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    const identity: Identity = { name: name.trim().slice(0, 60), color: randomColor(), kind };
    saveIdentity(identity);
    dialog.current?.close();
    onDone(identity);
  };

  return (
    <dialog
      ref={dialog}
      className="identity-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => e.preventDefault()}
    >
      <form onSubmit={handleSubmit}>
        <h2 id={`${id}-title`}>{t('identity.title')}</h2>
        <p>{t('identity.help')}</p>
        <label>
          {t('identity.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={60}
            required
            autoFocus
          />
        </label>
        <label>
          {t('identity.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as MemberKind)}>
            {MEMBER_KINDS.map((k) => (
              <option key={k} value={k}>
                {MEMBER_KIND_LABELS_FR[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          {t('identity.join')}
        </button>
      </form>
    </dialog>
  );
}
